package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured Kafka source against a real broker, run on a Flink mini cluster. */
class KafkaSourceITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    @Test
    void deliversEveryRecordWithItsExactCoordinates() throws Exception {
        String topic = KAFKA.createTopic("events", 3);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(new ProducerRecord<>(topic, i % 3, BASE_TIMESTAMP + i, null, value(i)));
        }
        records.add(new ProducerRecord<>(topic, 1, BASE_TIMESTAMP + 60, null, new byte[] {(byte) 0xC3, 0x28}));
        records.add(new ProducerRecord<>(topic, 2, BASE_TIMESTAMP + 61, (byte[]) null, (byte[]) null));
        List<RecordMetadata> written = KAFKA.produce(records);

        Map<SourceCoordinates, byte[]> expected = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = written.get(i);
            byte[] value = records.get(i).value();
            expected.put(
                    SourceCoordinates.kafka(topic, m.partition(), m.offset(), records.get(i).timestamp()),
                    value == null ? new byte[0] : value);
        }

        List<RawRecord> read = runBounded(config(topic, "reader-" + topic, "earliest"), false);

        assertThat(read).hasSize(expected.size());
        Map<SourceCoordinates, byte[]> actual = new HashMap<>();
        read.forEach(r -> actual.put(r.source, r.value));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((coordinates, value) -> assertThat(actual.get(coordinates)).as(coordinates.toString()).isEqualTo(value));
    }

    @Test
    void commitsOffsetsOnCheckpointsAndResumesFromThem() throws Exception {
        String topic = KAFKA.createTopic("resume", 3);
        String group = "group-" + topic;
        KAFKA.produce(batch(topic, 0, 30));

        // An unbounded run: offsets are committed when checkpoints complete. (A bounded run is no
        // test of this: a split that reaches its end before a checkpoint leaves the reader, and
        // Flink commits offsets only for the splits a reader still holds.)
        KafkaSource<RawRecord> source = KafkaSources.builderFromConfiguration(config(topic, group, "committed")).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = KAFKA.admin()) {
            CommonTestUtils.waitUtil(
                    () -> allAt(committedOffsets(admin, group), 10L, 3),
                    Duration.ofSeconds(60),
                    Duration.ofMillis(100),
                    "the offsets of all three partitions were not committed at 10");
            committed = committedOffsets(admin, group);
        } finally {
            job.cancel().get();
        }
        assertThat(committed)
                .containsOnlyKeys(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2));
        assertThat(committed.values()).extracting(OffsetAndMetadata::offset).containsOnly(10L);

        KAFKA.produce(batch(topic, 30, 15));
        List<RawRecord> second = runBounded(config(topic, group, "committed"), true);
        assertThat(second)
                .extracting(r -> new String(r.value, StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(
                        batch(topic, 30, 15).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin, String group) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the offsets of group " + group, e);
        }
    }

    private static boolean allAt(Map<TopicPartition, OffsetAndMetadata> committed, long offset, int partitions) {
        return committed.size() == partitions
                && committed.values().stream().allMatch(o -> o != null && o.offset() == offset);
    }

    private static List<RawRecord> runBounded(Configuration conf, boolean checkpointing) throws Exception {
        KafkaSource<RawRecord> source =
                KafkaSources.builderFromConfiguration(conf).setBounded(OffsetsInitializer.latest()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        if (checkpointing) {
            env.enableCheckpointing(200);
        }
        List<RawRecord> read = new ArrayList<>();
        try (CloseableIterator<RawRecord> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").executeAndCollect()) {
            it.forEachRemaining(read::add);
        }
        return read;
    }

    private static Configuration config(String topic, String group, String startingOffsets) {
        Configuration conf = new Configuration();
        conf.setString(KafkaSourceOptions.BOOTSTRAP_SERVERS.key(), KAFKA.bootstrapServers());
        conf.setString(KafkaSourceOptions.TOPICS.key(), topic);
        conf.setString(KafkaSourceOptions.GROUP_ID.key(), group);
        conf.setString(KafkaSourceOptions.STARTING_OFFSETS.key(), startingOffsets);
        return conf;
    }

    private static List<ProducerRecord<byte[], byte[]>> batch(String topic, int from, int count) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new ProducerRecord<>(topic, i % 3, BASE_TIMESTAMP + i, null, value(i)));
        }
        return records;
    }

    private static byte[] value(int i) {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }
}
