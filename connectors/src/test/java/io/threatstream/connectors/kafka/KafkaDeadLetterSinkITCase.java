package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The configured dead-letter sink against a real broker, run on a Flink mini cluster. */
class KafkaDeadLetterSinkITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final byte[] INVALID_UTF8 = {'{', '"', (byte) 0xC3, 0x28, (byte) 0xFF, '"'};

    @Test
    void writesOriginalBytesWithReasonAndSourceHeadersToTheDerivedTopic() throws Exception {
        String sourceTopic = KafkaBrokerExtension.uniqueTopicName("events");
        String deadLetterTopic = KAFKA.createTopicNamed(sourceTopic + ".dead-letter", 1);
        Configuration conf = new Configuration();
        conf.setString(KafkaSourceOptions.BOOTSTRAP_SERVERS.key(), KAFKA.bootstrapServers());
        conf.setString(KafkaSourceOptions.TOPICS.key(), sourceTopic);

        List<DeadLetter> letters = List.of(
                new DeadLetter("not parseable: Unexpected end-of-input at 1:17",
                        SourceCoordinates.kafka(sourceTopic, 2, 1042, 1_700_000_000_123L), INVALID_UTF8),
                new DeadLetter("empty record", SourceCoordinates.kafka(sourceTopic, 0, 7, -1), new byte[0]),
                new DeadLetter("grund: ünlesbar ✗", SourceCoordinates.file("/data/events.ndjson", 12), "x".getBytes(StandardCharsets.UTF_8)));
        write(conf, letters, false);

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume(deadLetterTopic, 3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        Map<String, ConsumerRecord<byte[], byte[]>> byReason = new LinkedHashMap<>();
        records.forEach(r -> byReason.put(header(r, "reason"), r));
        assertThat(byReason).containsOnlyKeys(letters.stream().map(l -> l.reason).toArray(String[]::new));

        ConsumerRecord<byte[], byte[]> unparseable = byReason.get(letters.get(0).reason);
        assertThat(unparseable.value()).isEqualTo(INVALID_UTF8);
        assertThat(new String(unparseable.key(), StandardCharsets.UTF_8)).isEqualTo(sourceTopic + "[2]@1042");
        assertThat(headers(unparseable)).containsExactly(
                entry("reason", "not parseable: Unexpected end-of-input at 1:17"),
                entry("source.topic", sourceTopic),
                entry("source.partition", "2"),
                entry("source.offset", "1042"),
                entry("source.timestamp", "1700000000123"));

        ConsumerRecord<byte[], byte[]> empty = byReason.get("empty record");
        assertThat(empty.value()).isEmpty();
        assertThat(headers(empty)).containsExactly(
                entry("reason", "empty record"),
                entry("source.topic", sourceTopic),
                entry("source.partition", "0"),
                entry("source.offset", "7"));

        ConsumerRecord<byte[], byte[]> fromFile = byReason.get("grund: ünlesbar ✗");
        assertThat(headers(fromFile)).containsExactly(
                entry("reason", "grund: ünlesbar ✗"),
                entry("source.type", "file"),
                entry("source.name", "/data/events.ndjson"),
                entry("source.position", "12"));
    }

    @Test
    void exactlyOnceCommitsTheTransactionWithTheCheckpoint() throws Exception {
        String topic = KAFKA.createTopic("dlq-eos", 2);
        Configuration conf = new Configuration();
        conf.setString(KafkaSourceOptions.BOOTSTRAP_SERVERS.key(), KAFKA.bootstrapServers());
        conf.setString(KafkaDeadLetterOptions.TOPIC.key(), topic);
        conf.setString(KafkaDeadLetterOptions.DELIVERY_GUARANTEE.key(), "exactly-once");
        conf.setString(KafkaDeadLetterOptions.TRANSACTIONAL_ID_PREFIX.key(), "tx-" + topic);

        List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            letters.add(new DeadLetter("reason " + i, SourceCoordinates.kafka("events", i % 3, i, 1000 + i),
                    ("record " + i).getBytes(StandardCharsets.UTF_8)));
        }
        write(conf, letters, true);

        // consume() reads committed records only: they are there once the transaction committed.
        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume(topic, 20, Duration.ofSeconds(30));
        assertThat(records)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(
                        letters.stream().map(l -> new String(l.value, StandardCharsets.UTF_8)).toList());
    }

    private static void write(Configuration conf, List<DeadLetter> letters, boolean checkpointing) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        if (checkpointing) {
            env.enableCheckpointing(200);
        }
        env.fromData(DeadLetter.class, letters.toArray(new DeadLetter[0]))
                .sinkTo(KafkaDeadLetterSink.fromConfiguration(conf))
                .name("dead letters");
        env.execute("dead letters to Kafka");
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
