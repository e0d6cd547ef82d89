package io.threatstream.detect.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The detection job's own options. Given on the command line as {@code --key value}; the keys are a
 * contract with operators' scripts, so never rename one.
 */
public final class JobOptions {

    private JobOptions() {}

    /** Where events come from. */
    public enum SourceKind {
        file,
        generator,
        kafka
    }

    /** Where alerts go. */
    public enum SinkKind {
        stdout,
        file,
        elasticsearch
    }

    public static final ConfigOption<SourceKind> SOURCE =
            ConfigOptions.key("source")
                    .enumType(SourceKind.class)
                    .defaultValue(SourceKind.generator)
                    .withDescription(
                            "Where events come from: 'file' (bounded replay of NDJSON files, see source.path), "
                                    + "'generator' (a simulated fleet, the embedded default) or 'kafka'.");

    public static final ConfigOption<String> SOURCE_PATH =
            ConfigOptions.key("source.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("NDJSON file, or directory of files, to replay with --source file.");

    public static final ConfigOption<SinkKind> SINK =
            ConfigOptions.key("sink")
                    .enumType(SinkKind.class)
                    .defaultValue(SinkKind.stdout)
                    .withDescription("Where alerts go: 'stdout', 'file' (see sink.path) or 'elasticsearch'.");

    public static final ConfigOption<String> SINK_PATH =
            ConfigOptions.key("sink.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("NDJSON file the alerts are written to with --sink file (overwritten).");

    public static final ConfigOption<String> DEAD_LETTER_PATH =
            ConfigOptions.key("dead-letter.path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "NDJSON file for rejected records (reason, source coordinates, original text). "
                                    + "Without it, and without a Kafka dead-letter topic, rejected records are "
                                    + "logged and counted.");

    public static final ConfigOption<String> RULE =
            ConfigOptions.key("rule")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Elastic detection rule in TOML. Default: the built-in 'Potential OpenSSH Backdoor "
                                    + "Logging Activity' (version 211).");

    public static final ConfigOption<String> RULE_EXCEPTIONS =
            ConfigOptions.key("rule.exceptions")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "TOML file of rule exceptions ([[exception]] with name and an EQL condition); "
                                    + "a match that satisfies any exception is dropped and counted.");

    public static final ConfigOption<Integer> LIMIT_MAX_ALERTS =
            ConfigOptions.key("limit.max-alerts")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Alerts per host per window; further matches are counted in one suppression "
                                    + "summary. Default: the rule's max_signals (100).");

    public static final ConfigOption<Duration> LIMIT_WINDOW =
            ConfigOptions.key("limit.window")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Length of the limiter's tumbling event-time windows, aligned to the epoch. "
                                    + "Default: the rule's interval (5m).");

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            ConfigOptions.key("watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("How far behind the newest event time an event may arrive and still be on time.");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS =
            ConfigOptions.key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "A source partition with no events for this long stops holding the watermark back; "
                                    + "a window whose watermark never comes is closed this long after its end "
                                    + "in processing time.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Exactly-once checkpoint interval.");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("checkpoint.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory (path or URI) where checkpoints are kept, also after cancellation and "
                                    + "crashes, so that --resume-from can continue from them.");

    public static final ConfigOption<String> RESUME_FROM =
            ConfigOptions.key("resume-from")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Savepoint or retained checkpoint to start from; the --checkpoint.dir itself "
                                    + "means its latest complete checkpoint.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Default parallelism of the job (default: Flink's, the number of cores locally).");

    public static final ConfigOption<Integer> WEB_PORT =
            ConfigOptions.key("web.port")
                    .intType()
                    .defaultValue(8081)
                    .withDescription("Port of the Flink web dashboard when the job runs locally.");

    public static final ConfigOption<Integer> GENERATOR_HOSTS =
            ConfigOptions.key("generator.hosts")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Number of simulated hosts in the generator's fleet.");

    public static final ConfigOption<Double> GENERATOR_RATE =
            ConfigOptions.key("generator.rate")
                    .doubleType()
                    .defaultValue(2000.0)
                    .withDescription("Events per second the generator produces (all subtasks together); 0 = unthrottled.");

    public static final ConfigOption<Long> GENERATOR_COUNT =
            ConfigOptions.key("generator.count")
                    .longType()
                    .defaultValue(0L)
                    .withDescription("Events to generate before the source ends; 0 = unbounded.");

    public static final ConfigOption<Double> GENERATOR_SSH_RATIO =
            ConfigOptions.key("generator.ssh-ratio")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription("Share of generated events written by ssh or sshd processes.");

    public static final ConfigOption<Double> GENERATOR_MATCH_RATIO =
            ConfigOptions.key("generator.match-ratio")
                    .doubleType()
                    .defaultValue(0.0005)
                    .withDescription(
                            "Share of generated events that are backdoor log writes by an infected host "
                                    + "(they match the default rule).");

    public static final ConfigOption<Long> GENERATOR_SEED =
            ConfigOptions.key("generator.seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription("Seed of the generator: the same seed produces the same events.");

    public static final ConfigOption<Integer> PARSER_MAX_RECORD_BYTES =
            ConfigOptions.key("parser.max-record-bytes")
                    .intType()
                    .defaultValue(1024 * 1024)
                    .withDescription("Records larger than this are dead-lettered as too large.");

    public static final ConfigOption<Integer> PARSER_MAX_DEPTH =
            ConfigOptions.key("parser.max-depth")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Records nested deeper than this are dead-lettered as too deep.");

    public static final ConfigOption<Boolean> PARSER_VALIDATE_NON_CANDIDATES =
            ConfigOptions.key("parser.validate-non-candidates")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Check records that lack a text the rule requires (and so cannot match) for"
                                    + " well-formedness, so that malformed ones are dead-lettered. false skips"
                                    + " the check, several times faster on such records, but a malformed record"
                                    + " that cannot match is then dropped as a non-match instead of dead-lettered.");
}
