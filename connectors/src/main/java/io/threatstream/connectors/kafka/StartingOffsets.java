package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Where the Kafka source starts reading a partition, see {@link KafkaSourceOptions#STARTING_OFFSETS}. */
public enum StartingOffsets implements DescribedEnum {
    COMMITTED("committed", "the consumer group's committed offsets; partitions without one start at the earliest offset"),
    EARLIEST("earliest", "the earliest offset of each partition"),
    LATEST("latest", "the end of each partition: only records written after the job starts"),
    TIMESTAMP("timestamp", "the first record at or after 'source.kafka.starting-offsets.timestamp'");

    private final String value;
    private final String description;

    StartingOffsets(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** The value as written in the configuration; Flink parses enum options by it. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
