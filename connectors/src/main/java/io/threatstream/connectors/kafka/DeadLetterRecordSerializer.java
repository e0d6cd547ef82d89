package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link DeadLetter} as a Kafka record: the value is the original bytes unchanged, the
 * key is the source coordinates' short form (e.g. {@code events[3]@1042}), and UTF-8 string headers
 * say why and where from: {@value #REASON}, and for a Kafka source {@value #SOURCE_TOPIC}, {@value
 * #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}, {@value #SOURCE_TIMESTAMP} (epoch millis, omitted if
 * the record had none). Dead letters from other sources carry {@value #SOURCE_TYPE}, {@value
 * #SOURCE_NAME} and {@value #SOURCE_POSITION} instead.
 */
public final class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public static final String REASON = "reason";
    public static final String SOURCE_TOPIC = "source.topic";
    public static final String SOURCE_PARTITION = "source.partition";
    public static final String SOURCE_OFFSET = "source.offset";
    public static final String SOURCE_TIMESTAMP = "source.timestamp";
    public static final String SOURCE_TYPE = "source.type";
    public static final String SOURCE_NAME = "source.name";
    public static final String SOURCE_POSITION = "source.position";

    private final String topic;

    public DeadLetterRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, REASON, letter.reason);
        SourceCoordinates source = letter.source;
        byte[] key = null;
        if (source != null) {
            key = utf8(source.toString());
            if (SourceCoordinates.KAFKA.equals(source.type)) {
                add(headers, SOURCE_TOPIC, source.name);
                add(headers, SOURCE_PARTITION, Integer.toString(source.partition));
                add(headers, SOURCE_OFFSET, Long.toString(source.position));
                if (source.timestamp >= 0) {
                    add(headers, SOURCE_TIMESTAMP, Long.toString(source.timestamp));
                }
            } else {
                add(headers, SOURCE_TYPE, source.type);
                add(headers, SOURCE_NAME, source.name);
                add(headers, SOURCE_POSITION, Long.toString(source.position));
            }
        }
        // A null value would be a tombstone (and delete on a compacted topic): write empty instead.
        byte[] value = letter.value != null ? letter.value : new byte[0];
        // No timestamp: the broker's append time says when the letter was written; the original
        // time is in the source.timestamp header.
        return new ProducerRecord<>(topic, null, null, key, value, headers);
    }

    /** The topic dead letters are written to. */
    public String topic() {
        return topic;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, utf8(value));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
