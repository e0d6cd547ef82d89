package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SASL login of {@code source.kafka.sasl.*} against a broker that requires SASL/PLAIN: the
 * password is read from a file by {@link SaslJaasConfigProvider} where the clients run.
 */
class KafkaSaslITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withSaslPlain();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir
    Path dir;

    @Test
    void sourceAndDeadLetterSinkLogInWithThePasswordFromAFile() throws Exception {
        String topic = KAFKA.createTopic("secured", 1);
        KAFKA.createTopicNamed(topic + ".dead-letter", 1);
        KAFKA.produce(List.of(new ProducerRecord<>(topic, 0, 5L, null, "hello".getBytes(StandardCharsets.UTF_8))));
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, KAFKA.saslPassword() + "\n");
        Configuration conf = saslConfig(topic, passwordFile);

        assertThat(readAll(conf))
                .extracting(r -> r.source)
                .containsExactly(SourceCoordinates.kafka(topic, 0, 0, 5L));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(new DeadLetter("empty record", SourceCoordinates.kafka(topic, 0, 0, 5L), new byte[0]))
                .sinkTo(KafkaDeadLetterSink.fromConfiguration(conf));
        env.execute();
        List<ConsumerRecord<byte[], byte[]>> letters =
                KAFKA.consume(topic + ".dead-letter", 1, Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
    }

    @Test
    void aWrongPasswordFailsTheJobWithAnAuthenticationError() throws Exception {
        String topic = KAFKA.createTopic("secured", 1);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "not-the-password");

        KafkaSource<RawRecord> source =
                KafkaSources.builderFromConfiguration(saslConfig(topic, passwordFile))
                        .setBounded(OffsetsInitializer.latest())
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // A discarding sink, not executeAndCollect(): Flink 2.2.1's collect sink throws in close()
        // when its task is cancelled before it opened, which takes the mini cluster's task manager down.
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").sinkTo(new DiscardingSink<>());

        assertThatThrownBy(env::execute).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    private Configuration saslConfig(String topic, Path passwordFile) {
        Configuration conf = new Configuration();
        conf.setString(KafkaSourceOptions.BOOTSTRAP_SERVERS.key(), KAFKA.bootstrapServers());
        conf.setString(KafkaSourceOptions.TOPICS.key(), topic);
        conf.setString(KafkaSourceOptions.STARTING_OFFSETS.key(), "earliest");
        conf.setString(KafkaSourceOptions.PROPERTY_PREFIX + "security.protocol", "SASL_PLAINTEXT");
        conf.setString(KafkaSourceOptions.SASL_USERNAME.key(), KAFKA.saslUsername());
        conf.setString(KafkaSourceOptions.SASL_PASSWORD_FILE.key(), passwordFile.toString());
        return conf;
    }

    private static List<RawRecord> readAll(Configuration conf) throws Exception {
        KafkaSource<RawRecord> source =
                KafkaSources.builderFromConfiguration(conf).setBounded(OffsetsInitializer.latest()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<RawRecord> read = new ArrayList<>();
        try (CloseableIterator<RawRecord> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").executeAndCollect()) {
            it.forEachRemaining(read::add);
        }
        return read;
    }
}
