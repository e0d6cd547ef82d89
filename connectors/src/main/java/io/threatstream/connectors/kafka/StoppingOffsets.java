package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

import static org.apache.flink.configuration.description.TextElement.text;

/** Where the Kafka source stops reading, see {@link KafkaSourceOptions#BOUNDED}. */
public enum StoppingOffsets implements DescribedEnum {
    NONE("none", "never: the source is unbounded and the job runs until it is stopped"),
    LATEST(
            "latest",
            "the end of each partition as it is when the job starts: the job reads what the topics"
                    + " hold then and finishes (replays, benchmarks, tests)");

    private final String value;
    private final String description;

    StoppingOffsets(String value, String description) {
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
