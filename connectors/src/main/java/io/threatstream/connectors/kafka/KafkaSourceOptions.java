package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;

import static org.apache.flink.configuration.ConfigOptions.key;

/**
 * Options of the Kafka source ({@code --source kafka}), read by {@link KafkaSources}.
 *
 * <p>Kafka client properties without an option of their own pass through with the prefix
 * {@value #PROPERTY_PREFIX}, e.g. {@code --source.kafka.property.security.protocol SASL_SSL}. The
 * Flink configuration is shown in the web UI, so it never holds a secret: the SASL password is
 * named by {@link #SASL_PASSWORD_ENV} or {@link #SASL_PASSWORD_FILE} and read by the Kafka client
 * itself where it connects (see {@link SaslJaasConfigProvider}).
 */
public final class KafkaSourceOptions {

    /** Prefix of Kafka client properties passed through as they are. */
    public static final String PROPERTY_PREFIX = "source.kafka.property.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("source.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka brokers to connect to, as a comma-separated host:port list.");

    public static final ConfigOption<String> TOPICS =
            key("source.kafka.topics")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Topics to read, as a comma-separated list. Exactly one of this and"
                                    + " 'source.kafka.topic-pattern' is required.");

    public static final ConfigOption<String> TOPIC_PATTERN =
            key("source.kafka.topic-pattern")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Java regular expression; every topic whose whole name matches is read,"
                                    + " including topics created later (see"
                                    + " 'source.kafka.partition-discovery.interval').");

    public static final ConfigOption<String> GROUP_ID =
            key("source.kafka.group-id")
                    .stringType()
                    .defaultValue("threatstream-detect")
                    .withDescription(
                            "Consumer group id. Offsets are committed to it on every completed"
                                    + " checkpoint (for monitoring the lag and for"
                                    + " 'source.kafka.starting-offsets' = committed); the job's"
                                    + " own position lives in its checkpoints.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            key("source.kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where to start reading when the job starts without a checkpoint or"
                                    + " savepoint: committed, earliest, latest or timestamp.");

    public static final ConfigOption<Long> STARTING_OFFSETS_TIMESTAMP =
            key("source.kafka.starting-offsets.timestamp")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Epoch milliseconds to start from; required with"
                                    + " 'source.kafka.starting-offsets' = timestamp and not allowed"
                                    + " otherwise.");

    public static final ConfigOption<StoppingOffsets> BOUNDED =
            key("source.kafka.bounded")
                    .enumType(StoppingOffsets.class)
                    .defaultValue(StoppingOffsets.NONE)
                    .withDescription(
                            "Whether the source ends: none (unbounded, the default) or latest (stop"
                                    + " at the end offsets the partitions have when the job starts,"
                                    + " so that the job finishes once it has read them; for replays,"
                                    + " benchmarks and tests). Records written later are not read.");

    public static final ConfigOption<Duration> PARTITION_DISCOVERY_INTERVAL =
            key("source.kafka.partition-discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "How often to look for new partitions and, with a topic pattern, new"
                                    + " topics. 0 turns discovery off.");

    public static final ConfigOption<String> SASL_USERNAME =
            key("source.kafka.sasl.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "SASL username. Setting it turns SASL login on (security.protocol"
                                    + " defaults to SASL_SSL then).");

    public static final ConfigOption<SaslMechanism> SASL_MECHANISM =
            key("source.kafka.sasl.mechanism")
                    .enumType(SaslMechanism.class)
                    .defaultValue(SaslMechanism.PLAIN)
                    .withDescription("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

    public static final ConfigOption<String> SASL_PASSWORD_ENV =
            key("source.kafka.sasl.password-env")
                    .stringType()
                    .defaultValue("KAFKA_SASL_PASSWORD")
                    .withDescription(
                            "Name of the environment variable holding the SASL password. It is"
                                    + " read where the Kafka clients run (job and task managers),"
                                    + " never copied into the configuration.");

    public static final ConfigOption<String> SASL_PASSWORD_FILE =
            key("source.kafka.sasl.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the SASL password (one trailing line break is ignored),"
                                    + " e.g. a mounted Kubernetes secret. Takes the place of"
                                    + " 'source.kafka.sasl.password-env'.");

    private KafkaSourceOptions() {}
}
