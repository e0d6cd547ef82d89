package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;

import static org.apache.flink.configuration.ConfigOptions.key;

/**
 * Options of the Kafka dead-letter sink, read by {@link KafkaDeadLetterSink}.
 *
 * <p>By default the sink writes to the source's cluster with the source's client properties and
 * SASL login ({@code source.kafka.*}); properties with the prefix {@value #PROPERTY_PREFIX} are
 * added on top and win. The same no-secrets rules apply as for the source.
 */
public final class KafkaDeadLetterOptions {

    /** Prefix of Kafka producer properties passed through as they are. */
    public static final String PROPERTY_PREFIX = "dead-letter.kafka.property.";

    /** Suffix of the default topic name: {@code <first source topic>.dead-letter}. */
    public static final String DEFAULT_TOPIC_SUFFIX = ".dead-letter";

    public static final ConfigOption<String> TOPIC =
            key("dead-letter.kafka.topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Topic for dead letters. Defaults to the first of"
                                    + " 'source.kafka.topics' with the suffix '.dead-letter';"
                                    + " required when the source reads a topic pattern.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("dead-letter.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka brokers for dead letters; defaults to 'source.kafka.bootstrap-servers'.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            key("dead-letter.kafka.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription(
                            "at-least-once (flushed on every checkpoint), exactly-once (Kafka"
                                    + " transactions committed with the checkpoint; readers need"
                                    + " isolation.level=read_committed) or none.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("dead-letter.kafka.transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Prefix of the Kafka transactional ids; required with exactly-once and"
                                    + " unique per job on the cluster.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            key("dead-letter.kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "Kafka transaction timeout with exactly-once. At most the broker's"
                                    + " transaction.max.timeout.ms (15 min by default) and longer"
                                    + " than the time between checkpoints plus a restart.");

    private KafkaDeadLetterOptions() {}
}
