package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.RawRecord;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSourcesTest {

    @TempDir
    Path dir;

    @Test
    void buildsAnUnboundedSourceFromTheMinimalConfiguration() {
        KafkaSource<RawRecord> source = KafkaSources.fromConfiguration(conf(minimal()));

        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.getProducedType().getTypeClass()).isEqualTo(RawRecord.class);
    }

    @Test
    void endsAtTheLatestOffsetsWhenBounded() {
        Map<String, String> options = minimal();
        options.put("source.kafka.bounded", "latest");

        assertThat(KafkaSources.fromConfiguration(conf(options)).getBoundedness()).isEqualTo(Boundedness.BOUNDED);

        options.put("source.kafka.bounded", "none");
        assertThat(KafkaSources.fromConfiguration(conf(options)).getBoundedness())
                .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);

        options.put("source.kafka.bounded", "yes");
        assertError(options, "Option 'source.kafka.bounded' must be one of none, latest, not 'yes'");
    }

    @Test
    void acceptsEveryDocumentedSetting() {
        Map<String, String> options = minimal();
        options.remove("source.kafka.topics");
        options.put("source.kafka.topic-pattern", "events-.*");
        options.put("source.kafka.group-id", "replay");
        options.put("source.kafka.starting-offsets", "timestamp");
        options.put("source.kafka.starting-offsets.timestamp", "1700000000000");
        options.put("source.kafka.partition-discovery.interval", "30 s");
        options.put("source.kafka.property.security.protocol", "SASL_SSL");
        options.put("source.kafka.sasl.username", "detect");
        options.put("source.kafka.sasl.mechanism", "SCRAM-SHA-256");

        assertThat(KafkaSources.fromConfiguration(conf(options))).isNotNull();
    }

    @Test
    void theSerializedSourceHoldsOnlyTheReferenceToThePassword() throws Exception {
        String password = "do-not-leak-7f3a";
        Path file = dir.resolve("password");
        Files.writeString(file, password);
        Map<String, String> options = minimal();
        options.put("source.kafka.sasl.username", "detect");
        options.put("source.kafka.sasl.password-file", file.toString());

        String serialized = new String(
                InstantiationUtil.serializeObject(KafkaSources.fromConfiguration(conf(options))),
                StandardCharsets.ISO_8859_1);

        assertThat(serialized).contains(SaslJaasConfigProvider.JAAS_REFERENCE).contains(file.toString());
        assertThat(serialized).doesNotContain(password);
    }

    @Test
    void requiresBootstrapServers() {
        Map<String, String> options = minimal();
        options.put("source.kafka.bootstrap-servers", "  ");
        assertError(options, "Option 'source.kafka.bootstrap-servers' is required with --source kafka");
    }

    @Test
    void requiresExactlyOneOfTopicsAndPattern() {
        Map<String, String> options = minimal();
        options.remove("source.kafka.topics");
        assertError(options, "Option 'source.kafka.topics' or 'source.kafka.topic-pattern' is required with --source kafka");

        options.put("source.kafka.topics", "a");
        options.put("source.kafka.topic-pattern", "a.*");
        assertError(options, "Options 'source.kafka.topics' and 'source.kafka.topic-pattern' are exclusive: set only one");
    }

    @Test
    void rejectsEmptyTopicNamesAndBadPatterns() {
        Map<String, String> options = minimal();
        options.put("source.kafka.topics", "a,,b");
        assertError(options, "Option 'source.kafka.topics' has an empty topic name in 'a,,b'");

        options.remove("source.kafka.topics");
        options.put("source.kafka.topic-pattern", "events-(");
        assertError(options, "Option 'source.kafka.topic-pattern' is not a valid regular expression:"
                + " Unclosed group at index 8 of 'events-('");
    }

    @Test
    void checksStartingOffsets() {
        Map<String, String> options = minimal();
        options.put("source.kafka.starting-offsets", "sometimes");
        assertError(options, "Option 'source.kafka.starting-offsets' must be one of committed, earliest, latest, timestamp,"
                + " not 'sometimes'");

        options.put("source.kafka.starting-offsets", "timestamp");
        assertError(options, "Option 'source.kafka.starting-offsets.timestamp' is required with"
                + " 'source.kafka.starting-offsets' = timestamp");

        options.put("source.kafka.starting-offsets.timestamp", "-5");
        assertError(options, "Option 'source.kafka.starting-offsets.timestamp' must be epoch milliseconds >= 0, not -5");

        options.put("source.kafka.starting-offsets.timestamp", "yesterday");
        assertError(options, "Option 'source.kafka.starting-offsets.timestamp' has an invalid value 'yesterday':"
                + " For input string: \"yesterday\"");

        options.put("source.kafka.starting-offsets", "EARLIEST");
        options.put("source.kafka.starting-offsets.timestamp", "5");
        assertError(options, "Option 'source.kafka.starting-offsets.timestamp' is only used with"
                + " 'source.kafka.starting-offsets' = timestamp, not earliest");
    }

    @Test
    void checksGroupIdAndDiscoveryInterval() {
        Map<String, String> options = minimal();
        options.put("source.kafka.group-id", "");
        assertError(options, "Option 'source.kafka.group-id' must not be blank");

        options.put("source.kafka.group-id", "g");
        options.put("source.kafka.partition-discovery.interval", "often");
        assertThatThrownBy(() -> KafkaSources.fromConfiguration(conf(options)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageStartingWith("Option 'source.kafka.partition-discovery.interval' has an invalid value 'often': ");
    }

    private static Map<String, String> minimal() {
        Map<String, String> options = new HashMap<>();
        options.put("source.kafka.bootstrap-servers", "localhost:9092");
        options.put("source.kafka.topics", "events");
        return options;
    }

    static Configuration conf(Map<String, String> options) {
        return Configuration.fromMap(options);
    }

    private static void assertError(Map<String, String> options, String message) {
        assertThatThrownBy(() -> KafkaSources.fromConfiguration(conf(options)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage(message);
    }
}
