package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RawRecordDeserializerTest {

    private final RawRecordDeserializer deserializer = new RawRecordDeserializer();
    private final Map<String, Counter> counters = new HashMap<>();
    private final List<RawRecord> out = new ArrayList<>();

    @BeforeEach
    void open() {
        deserializer.open(new TestInitializationContext());
    }

    @Test
    void keepsTheValueBytesAndTheRecordsCoordinates() {
        byte[] value = {'{', (byte) 0xC3, 0x28, '}'};
        deserializer.deserialize(record("events", 2, 1042L, 1_700_000_000_123L, value), collector());

        assertThat(out).hasSize(1);
        assertThat(out.get(0).value).isEqualTo(value);
        assertThat(out.get(0).source).isEqualTo(SourceCoordinates.kafka("events", 2, 1042L, 1_700_000_000_123L));
        assertThat(counters.get(RawRecordDeserializer.TOMBSTONES_METRIC).getCount()).isZero();
    }

    @Test
    void turnsATombstoneIntoAnEmptyRecordAndCountsIt() {
        deserializer.deserialize(record("events", 0, 7L, 5L, null), collector());

        assertThat(out).hasSize(1);
        assertThat(out.get(0).value).isEmpty();
        assertThat(out.get(0).source).isEqualTo(SourceCoordinates.kafka("events", 0, 7L, 5L));
        assertThat(counters.get(RawRecordDeserializer.TOMBSTONES_METRIC).getCount()).isEqualTo(1);
    }

    @Test
    void ignoresKeyAndHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("events", 1, 3L, 9L, TimestampType.LOG_APPEND_TIME, 3, 2,
                        "key".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());

        deserializer.deserialize(record, collector());

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.value).isEqualTo(value);
            assertThat(r.source).isEqualTo(SourceCoordinates.kafka("events", 1, 3L, 9L));
        });
    }

    @Test
    void aRecordWithoutTimestampHasNone() {
        deserializer.deserialize(record("events", 0, 0L, RecordBatch.NO_TIMESTAMP, new byte[] {1}), collector());

        assertThat(out.get(0).source.timestamp).isEqualTo(-1L);
    }

    @Test
    void producesRawRecordPojos() {
        assertThat(deserializer.getProducedType()).isEqualTo(TypeInformation.of(RawRecord.class));
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, long timestamp, byte[] value) {
        return new ConsumerRecord<>(topic, partition, offset, timestamp, TimestampType.CREATE_TIME, 0,
                value == null ? 0 : value.length, null, value, new RecordHeaders(), Optional.empty());
    }

    private Collector<RawRecord> collector() {
        return new Collector<>() {
            @Override
            public void collect(RawRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }

    private final class TestInitializationContext implements DeserializationSchema.InitializationContext {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup() {
                @Override
                public Counter counter(String name) {
                    return counter(name, new SimpleCounter());
                }

                @Override
                public <C extends Counter> C counter(String name, C counter) {
                    counters.put(name, counter);
                    return counter;
                }
            };
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
