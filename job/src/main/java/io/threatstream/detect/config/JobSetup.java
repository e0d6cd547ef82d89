package io.threatstream.detect.config;

import io.threatstream.detect.alert.AlertBuilder;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.limit.LimiterSettings;
import io.threatstream.detect.pipeline.DetectionPipeline;
import io.threatstream.detect.pipeline.Detector;
import io.threatstream.detect.rule.CompiledRule;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Everything the job needs to start, checked before it starts: the parsed options, the compiled
 * rule, and the settings derived from both. Every problem is an {@link OptionsException} or a
 * {@code RuleLoadException} with a one-line message that names the option or the file position.
 */
public final class JobSetup {

    private final Configuration options;
    private final CompiledRule rule;
    private final DetectionPipeline.Settings pipelineSettings;

    private JobSetup(Configuration options, CompiledRule rule, DetectionPipeline.Settings pipelineSettings) {
        this.options = options;
        this.rule = rule;
        this.pipelineSettings = pipelineSettings;
    }

    /** The command line of the job: its own options and those of the connectors. */
    public static CommandLine commandLine() {
        List<ConfigOption<?>> all = new ArrayList<>(CommandLine.optionsDeclaredIn(JobOptions.class));
        all.addAll(ConnectorOptions.options());
        return new CommandLine(all, ConnectorOptions.prefixes());
    }

    public static JobSetup fromArgs(String[] args) {
        Configuration options = commandLine().parse(args);
        requireSourceAndSinkPaths(options);
        CompiledRule rule =
                RuleLoader.load(options.get(JobOptions.RULE), options.get(JobOptions.RULE_EXCEPTIONS));
        ParserLimits limits = parserLimits(options);
        LimiterSettings limiter = limiterSettings(options, rule);
        Duration outOfOrderness = nonNegative(options, JobOptions.WATERMARK_OUT_OF_ORDERNESS);
        Duration idleness = positive(options, JobOptions.WATERMARK_IDLENESS);
        positive(options, JobOptions.CHECKPOINT_INTERVAL);
        checkGenerator(options);
        Checkpoints.resumePoint(options);
        ConnectorOptions.validate(options);
        return new JobSetup(
                options,
                rule,
                new DetectionPipeline.Settings(
                        limits,
                        limiter,
                        outOfOrderness,
                        idleness,
                        options.get(JobOptions.PARSER_VALIDATE_NON_CANDIDATES)
                                ? Detector.Prefilter.VALIDATING
                                : Detector.Prefilter.TRUSTING));
    }

    public Configuration options() {
        return options;
    }

    public CompiledRule rule() {
        return rule;
    }

    public DetectionPipeline.Settings pipelineSettings() {
        return pipelineSettings;
    }

    public AlertBuilder alertBuilder() {
        return new AlertBuilder(rule.metadata(), ConnectorOptions.alertDataStream(options), Clock.systemUTC());
    }

    public String jobName() {
        return "Detect: " + rule.metadata().name() + " (v" + rule.metadata().version() + ")";
    }

    /**
     * The execution environment: local with the web dashboard when run from a shell, the cluster's
     * when submitted. Checkpointing is always on, exactly-once.
     */
    public StreamExecutionEnvironment createEnvironment() {
        Configuration flink = new Configuration();
        // The dashboard port is for local runs only: under `flink run` this configuration is merged
        // into the client's, where a port set here would send the job to the wrong REST endpoint.
        if (StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment) {
            flink.set(RestOptions.PORT, options.get(JobOptions.WEB_PORT));
        }
        Checkpoints.configure(flink, options);
        // Without reuse, Flink deep-copies every raw event between the chained source and Detect
        // (about 1 KB each). Reuse is safe here: sources emit a new record each time, and no
        // function keeps a reference to its input past the call (the limiter's state holds only
        // its own tallies and immutable strings).
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.enableCheckpointing(options.get(JobOptions.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (options.getOptional(JobOptions.PARALLELISM).isPresent()) {
            env.setParallelism(options.get(JobOptions.PARALLELISM));
        }
        // Shown in the dashboard's job configuration; options hold no secrets (those come from the
        // environment or files), so this is safe to show.
        env.getConfig().setGlobalJobParameters(options);
        return env;
    }

    private static void requireSourceAndSinkPaths(Configuration options) {
        if (options.get(JobOptions.SOURCE) == JobOptions.SourceKind.file) {
            String path = require(options, JobOptions.SOURCE_PATH, "--source file");
            if (!Files.isReadable(Path.of(path))) {
                throw new OptionsException("Option --source.path: cannot read " + path);
            }
        }
        if (options.get(JobOptions.SINK) == JobOptions.SinkKind.file) {
            require(options, JobOptions.SINK_PATH, "--sink file");
        }
    }

    private static void checkGenerator(Configuration options) {
        if (options.get(JobOptions.GENERATOR_HOSTS) < 1) {
            throw new OptionsException("Option --generator.hosts must be at least 1");
        }
        if (options.get(JobOptions.GENERATOR_RATE) < 0) {
            throw new OptionsException("Option --generator.rate must not be negative (0 = unthrottled)");
        }
        if (options.get(JobOptions.GENERATOR_COUNT) < 0) {
            throw new OptionsException("Option --generator.count must not be negative (0 = unbounded)");
        }
        double ssh = options.get(JobOptions.GENERATOR_SSH_RATIO);
        double match = options.get(JobOptions.GENERATOR_MATCH_RATIO);
        if (!(ssh >= 0 && ssh <= 1)) {
            throw new OptionsException("Option --generator.ssh-ratio must be between 0 and 1");
        }
        if (!(match >= 0 && match <= ssh)) {
            throw new OptionsException(
                    "Option --generator.match-ratio must be between 0 and --generator.ssh-ratio (" + ssh + ")");
        }
    }

    static String require(Configuration options, ConfigOption<String> option, String with) {
        return options.getOptional(option)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new OptionsException("Option --" + option.key() + " is required with " + with));
    }

    private static ParserLimits parserLimits(Configuration options) {
        try {
            return ParserLimits.of(
                    options.get(JobOptions.PARSER_MAX_RECORD_BYTES), options.get(JobOptions.PARSER_MAX_DEPTH));
        } catch (IllegalArgumentException e) {
            throw new OptionsException("Options --parser.max-record-bytes/--parser.max-depth: " + e.getMessage());
        }
    }

    private static LimiterSettings limiterSettings(Configuration options, CompiledRule rule) {
        int maxAlerts = options.getOptional(JobOptions.LIMIT_MAX_ALERTS).orElse(rule.metadata().maxSignals());
        if (maxAlerts < 1) {
            throw new OptionsException("Option --limit.max-alerts must be at least 1, not " + maxAlerts);
        }
        Duration window = options.getOptional(JobOptions.LIMIT_WINDOW).orElse(rule.metadata().interval());
        if (window.isZero() || window.isNegative() || window.toMillis() * 1_000_000 != window.toNanos()) {
            throw new OptionsException("Option --limit.window must be a positive whole number of milliseconds");
        }
        Duration idle = options.get(JobOptions.WATERMARK_IDLENESS);
        // The safety timer must not close a window before it can be complete.
        return new LimiterSettings(maxAlerts, window, window.plus(options.get(JobOptions.WATERMARK_OUT_OF_ORDERNESS)).plus(idle));
    }

    private static Duration positive(Configuration options, ConfigOption<Duration> option) {
        Duration d = options.get(option);
        if (d.isZero() || d.isNegative()) {
            throw new OptionsException("Option --" + option.key() + " must be positive");
        }
        return d;
    }

    private static Duration nonNegative(Configuration options, ConfigOption<Duration> option) {
        Duration d = options.get(option);
        if (d.isNegative()) {
            throw new OptionsException("Option --" + option.key() + " must not be negative");
        }
        return d;
    }
}
