package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.DeadLetter;

import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.List;
import java.util.Optional;

/**
 * Builds the Kafka sink for dead letters from {@link KafkaDeadLetterOptions}, falling back to the
 * source's cluster, client properties and topic name.
 *
 * <pre>{@code
 * deadLetters.sinkTo(KafkaDeadLetterSink.fromConfiguration(conf)).name("dead letters").uid("dead-letter-sink");
 * }</pre>
 *
 * <p>Records are written by {@link DeadLetterRecordSerializer}. Every configuration error is an
 * {@link IllegalConfigurationException} that names the option.
 */
public final class KafkaDeadLetterSink {

    private KafkaDeadLetterSink() {}

    /** The sink as configured. */
    public static KafkaSink<DeadLetter> fromConfiguration(ReadableConfig conf) {
        return builderFromConfiguration(conf).build();
    }

    /** A builder set up as configured, for callers that adjust the sink before building it. */
    public static KafkaSinkBuilder<DeadLetter> builderFromConfiguration(ReadableConfig conf) {
        OptionReader options = new OptionReader(conf);
        String bootstrapServers =
                options.text(KafkaDeadLetterOptions.BOOTSTRAP_SERVERS)
                        .or(() -> options.text(KafkaSourceOptions.BOOTSTRAP_SERVERS))
                        .orElseThrow(() -> new IllegalConfigurationException(
                                "Option '" + KafkaDeadLetterOptions.BOOTSTRAP_SERVERS.key()
                                        + "' is required when '" + KafkaSourceOptions.BOOTSTRAP_SERVERS.key()
                                        + "' is not set"));
        DeliveryGuarantee guarantee = options.get(KafkaDeadLetterOptions.DELIVERY_GUARANTEE);
        KafkaSinkBuilder<DeadLetter> builder =
                KafkaSink.<DeadLetter>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setKafkaProducerConfig(KafkaClientProperties.forDeadLetters(options))
                        .setRecordSerializer(new DeadLetterRecordSerializer(topic(options)))
                        .setDeliveryGuarantee(guarantee);
        Optional<String> prefix = options.text(KafkaDeadLetterOptions.TRANSACTIONAL_ID_PREFIX);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(
                    prefix.orElseThrow(() -> new IllegalConfigurationException(
                            "Option '" + KafkaDeadLetterOptions.TRANSACTIONAL_ID_PREFIX.key() + "' is required with '"
                                    + KafkaDeadLetterOptions.DELIVERY_GUARANTEE.key() + "' = exactly-once")));
            // The builder's default (1 hour) exceeds a default broker's transaction.max.timeout.ms.
            builder.setProperty(
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    Long.toString(options.get(KafkaDeadLetterOptions.TRANSACTION_TIMEOUT).toMillis()));
        } else if (prefix.isPresent()) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaDeadLetterOptions.TRANSACTIONAL_ID_PREFIX.key() + "' is only used with '"
                            + KafkaDeadLetterOptions.DELIVERY_GUARANTEE.key() + "' = exactly-once, not " + guarantee);
        }
        return builder;
    }

    /** {@code dead-letter.kafka.topic}, else the first source topic with {@value KafkaDeadLetterOptions#DEFAULT_TOPIC_SUFFIX}. */
    static String topic(OptionReader options) {
        Optional<String> topic = options.text(KafkaDeadLetterOptions.TOPIC);
        if (topic.isPresent()) {
            return topic.get();
        }
        if (options.text(KafkaSourceOptions.TOPIC_PATTERN).isPresent()) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaDeadLetterOptions.TOPIC.key() + "' is required when the source reads '"
                            + KafkaSourceOptions.TOPIC_PATTERN.key() + "'");
        }
        if (options.text(KafkaSourceOptions.TOPICS).isEmpty()) {
            throw new IllegalConfigurationException(
                    "Option '" + KafkaDeadLetterOptions.TOPIC.key() + "' is required when '"
                            + KafkaSourceOptions.TOPICS.key() + "' is not set");
        }
        List<String> sourceTopics = KafkaSources.topics(options);
        return sourceTopics.get(0) + KafkaDeadLetterOptions.DEFAULT_TOPIC_SUFFIX;
    }
}
