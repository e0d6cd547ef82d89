package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.RawRecord;

import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the job's Kafka source from {@link KafkaSourceOptions}.
 *
 * <pre>{@code
 * KafkaSource<RawRecord> source = KafkaSources.fromConfiguration(conf);
 * env.fromSource(source, watermarks, "kafka");
 * }</pre>
 *
 * <p>Records arrive as {@link RawRecord}s (see {@link RawRecordDeserializer}). Offsets are committed
 * to the consumer group on every completed checkpoint. Every configuration error is an {@link
 * IllegalConfigurationException} that names the option.
 */
public final class KafkaSources {

    private KafkaSources() {}

    /**
     * The source as configured: unbounded, or ending at the partitions' current end offsets with
     * {@code source.kafka.bounded = latest}.
     */
    public static KafkaSource<RawRecord> fromConfiguration(ReadableConfig conf) {
        return builderFromConfiguration(conf).build();
    }

    /** A builder set up as configured, for callers that adjust the source before building it. */
    public static KafkaSourceBuilder<RawRecord> builderFromConfiguration(ReadableConfig conf) {
        OptionReader options = new OptionReader(conf);
        String bootstrapServers =
                options.required(
                        KafkaSourceOptions.BOOTSTRAP_SERVERS,
                        "Option '" + KafkaSourceOptions.BOOTSTRAP_SERVERS.key() + "' is required with --source kafka");
        String groupId =
                options.required(
                        KafkaSourceOptions.GROUP_ID,
                        "Option '" + KafkaSourceOptions.GROUP_ID.key() + "' must not be blank");

        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setGroupId(groupId)
                        .setDeserializer(new RawRecordDeserializer())
                        .setStartingOffsets(startingOffsets(options))
                        .setProperties(KafkaClientProperties.forSource(options));
        List<String> topics = topics(options);
        if (topics.isEmpty()) {
            builder.setTopicPattern(topicPattern(options));
        } else {
            builder.setTopics(topics);
        }
        long discoveryIntervalMs = options.get(KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL).toMillis();
        if (options.get(KafkaSourceOptions.BOUNDED) == StoppingOffsets.LATEST) {
            // The end offsets are looked up once, when the enumerator starts: a replay of what the
            // topics hold now. A bounded Kafka source never discovers partitions, so the interval
            // is not passed on (the builder would override it with a warning).
            builder.setBounded(OffsetsInitializer.latest());
        } else {
            builder.setProperty(
                    org.apache.flink.connector.kafka.source.KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(),
                    Long.toString(discoveryIntervalMs));
        }
        // Explicit although it is the default with a group id: the committed offsets are what
        // 'starting-offsets = committed' and lag monitoring rely on.
        builder.setProperty(
                org.apache.flink.connector.kafka.source.KafkaSourceOptions.COMMIT_OFFSETS_ON_CHECKPOINT.key(), "true");
        return builder;
    }

    /**
     * The topics of {@code source.kafka.topics}, in order; empty if the source reads a topic
     * pattern. Fails if neither or both are set.
     */
    static List<String> topics(OptionReader options) {
        Optional<String> list = options.text(KafkaSourceOptions.TOPICS);
        boolean hasPattern = options.text(KafkaSourceOptions.TOPIC_PATTERN).isPresent();
        if (list.isPresent() && hasPattern) {
            throw new IllegalConfigurationException(
                    "Options '" + KafkaSourceOptions.TOPICS.key() + "' and '" + KafkaSourceOptions.TOPIC_PATTERN.key()
                            + "' are exclusive: set only one");
        }
        if (hasPattern) {
            return List.of();
        }
        if (list.isEmpty()) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaSourceOptions.TOPICS.key() + "' or '" + KafkaSourceOptions.TOPIC_PATTERN.key()
                            + "' is required with --source kafka");
        }
        List<String> topics = new ArrayList<>();
        for (String topic : list.get().split(",", -1)) {
            String trimmed = topic.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalConfigurationException(
                        "Option '" + KafkaSourceOptions.TOPICS.key() + "' has an empty topic name in '" + list.get() + "'");
            }
            topics.add(trimmed);
        }
        return topics;
    }

    private static Pattern topicPattern(OptionReader options) {
        String regex = options.text(KafkaSourceOptions.TOPIC_PATTERN).orElseThrow();
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaSourceOptions.TOPIC_PATTERN.key() + "' is not a valid regular expression: "
                            + e.getDescription() + " at index " + e.getIndex() + " of '" + regex + "'");
        }
    }

    @SuppressWarnings("deprecation") // OffsetsInitializer takes no other reset strategy type
    private static OffsetsInitializer startingOffsets(OptionReader options) {
        StartingOffsets mode = options.get(KafkaSourceOptions.STARTING_OFFSETS);
        Optional<Long> timestamp = options.getOptional(KafkaSourceOptions.STARTING_OFFSETS_TIMESTAMP);
        if (mode != StartingOffsets.TIMESTAMP && timestamp.isPresent()) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaSourceOptions.STARTING_OFFSETS_TIMESTAMP.key() + "' is only used with '"
                            + KafkaSourceOptions.STARTING_OFFSETS.key() + "' = timestamp, not " + mode);
        }
        switch (mode) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case TIMESTAMP:
                long millis =
                        timestamp.orElseThrow(
                                () -> new IllegalConfigurationException(
                                        "Option '" + KafkaSourceOptions.STARTING_OFFSETS_TIMESTAMP.key()
                                                + "' is required with '" + KafkaSourceOptions.STARTING_OFFSETS.key()
                                                + "' = timestamp"));
                if (millis < 0) {
                    throw new IllegalConfigurationException(
                            "Option '" + KafkaSourceOptions.STARTING_OFFSETS_TIMESTAMP.key()
                                    + "' must be epoch milliseconds >= 0, not " + millis);
                }
                return OffsetsInitializer.timestamp(millis);
            case COMMITTED:
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
