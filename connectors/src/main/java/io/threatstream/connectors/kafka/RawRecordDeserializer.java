package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into a {@link RawRecord}: the value bytes untouched and the record's
 * topic, partition, offset and timestamp as {@link SourceCoordinates}. Key and headers are ignored.
 *
 * <p>It never throws and never drops a record: parsing is the detect step's job, so that a bad
 * record becomes a dead letter with a reason instead of failing the source. A null value (a
 * tombstone) becomes an empty byte array, which the detect step dead-letters as an empty record;
 * tombstones are also counted in the {@value #TOMBSTONES_METRIC} metric.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    /** Name of the counter of records whose value was null. */
    public static final String TOMBSTONES_METRIC = "kafkaTombstones";

    private transient Counter tombstones;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        tombstones = context.getMetricGroup().counter(TOMBSTONES_METRIC);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value();
        if (value == null) {
            value = new byte[0];
            if (tombstones != null) {
                tombstones.inc();
            }
        }
        out.collect(
                new RawRecord(
                        value,
                        SourceCoordinates.kafka(
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                record.timestamp())));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
