package io.threatstream.connectors.record;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a record came from: enough to find the original bytes again (a file and line, or a Kafka
 * topic, partition and offset). Travels with every record, match, alert and dead letter.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serializes without Kryo.
 */
public class SourceCoordinates implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Kind of source: {@link #FILE}, {@link #KAFKA} or {@link #GENERATOR}. */
    public static final String FILE = "file";
    public static final String KAFKA = "kafka";
    public static final String GENERATOR = "generator";

    /** One of {@link #FILE}, {@link #KAFKA}, {@link #GENERATOR}. */
    public String type;
    /** File path, Kafka topic, or generator name. */
    public String name;
    /** Kafka partition; -1 where the source has none. */
    public int partition = -1;
    /** 1-based line number for files, offset for Kafka, sequence number for the generator. */
    public long position;
    /** Source timestamp in epoch millis (Kafka record timestamp); -1 where the source has none. */
    public long timestamp = -1;

    public SourceCoordinates() {}

    public SourceCoordinates(String type, String name, int partition, long position, long timestamp) {
        this.type = type;
        this.name = name;
        this.partition = partition;
        this.position = position;
        this.timestamp = timestamp;
    }

    public static SourceCoordinates file(String path, long line) {
        return new SourceCoordinates(FILE, path, -1, line, -1);
    }

    public static SourceCoordinates kafka(String topic, int partition, long offset, long timestamp) {
        return new SourceCoordinates(KAFKA, topic, partition, offset, timestamp);
    }

    public static SourceCoordinates generator(String name, long sequence) {
        return new SourceCoordinates(GENERATOR, name, -1, sequence, -1);
    }

    /** A short human-readable form, e.g. {@code events.ndjson:12} or {@code events[3]@1042}. */
    @Override
    public String toString() {
        if (KAFKA.equals(type)) {
            return name + "[" + partition + "]@" + position;
        }
        return name + ":" + position;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceCoordinates)) {
            return false;
        }
        SourceCoordinates that = (SourceCoordinates) o;
        return partition == that.partition
                && position == that.position
                && timestamp == that.timestamp
                && Objects.equals(type, that.type)
                && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, partition, position, timestamp);
    }
}
