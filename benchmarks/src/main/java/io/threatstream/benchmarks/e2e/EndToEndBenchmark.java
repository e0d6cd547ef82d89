package io.threatstream.benchmarks.e2e;

import io.threatstream.detect.config.CommandLine;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.config.OptionsException;
import io.threatstream.detect.rule.RuleLoadException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * The end-to-end benchmark of issue 7 (items 4–6): the detection job on a Flink MiniCluster against
 * a real Kafka broker and a real Elasticsearch node, in four parts:
 *
 * <ol>
 *   <li>{@code drain}: {@link DrainPart}, the job's throughput against bare Kafka consumers;
 *   <li>{@code latency}: {@link LatencyPart}, event-to-alert latency at a fixed rate;
 *   <li>{@code shuffle}: {@link ShufflePart}, rule before {@code keyBy} against {@code keyBy} first;
 *   <li>{@code state}: {@link StatePart}, the limiter's checkpointed state per active host.
 * </ol>
 *
 * <p>Started by {@code deploy/local/bench-e2e.sh}, which brings up Kafka and Elasticsearch on
 * private ports and passes their addresses. Progress goes to standard error, the results (Markdown
 * tables) to standard output, the raw figures to {@code --results}.
 */
public final class EndToEndBenchmark {

    private static final String USAGE =
            "usage: EndToEndBenchmark --kafka HOST:PORT --elasticsearch URL [--key value ...]\n"
                    + "Runs the detection job end to end and measures it (see BENCHMARKS.md).";

    private EndToEndBenchmark() {}

    static CommandLine commandLine() {
        return new CommandLine(CommandLine.optionsDeclaredIn(E2eOptions.class), List.of());
    }

    public static void main(String[] args) throws Exception {
        if (CommandLine.wantsHelp(args)) {
            System.out.println(commandLine().help(USAGE));
            return;
        }
        Configuration options;
        Plan plan;
        try {
            options = commandLine().parse(args);
            plan = Plan.of(options);
        } catch (OptionsException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Report();
        int status = 0;
        try {
            run(options, plan, report);
        } catch (Exception e) {
            System.err.println("The run failed; the results so far follow.");
            e.printStackTrace();
            status = 1;
        }
        report.print(System.out);
        if (options.getOptional(E2eOptions.RESULTS).isPresent()) {
            report.writeJson(Path.of(options.get(E2eOptions.RESULTS)));
        }
        // Flink's and Kafka's client threads are not all daemons: without exit the JVM might stay.
        System.exit(status);
    }

    /** The lists on the command line, checked before anything starts. */
    private record Plan(
            List<String> parts,
            List<Duration> flushIntervals,
            List<ShuffleTopologies.Variant> variants,
            List<Integer> stateHosts,
            List<String> drainJobOptions) {

        static Plan of(Configuration options) {
            for (var required : List.of(E2eOptions.KAFKA, E2eOptions.ELASTICSEARCH)) {
                if (options.getOptional(required).filter(v -> !v.isBlank()).isEmpty()) {
                    throw new OptionsException("Option --" + required.key() + " is required");
                }
            }
            for (var rounds : List.of(E2eOptions.DRAIN_ROUNDS, E2eOptions.SHUFFLE_ROUNDS)) {
                if (options.get(rounds) < 1) {
                    throw new OptionsException("Option --" + rounds.key() + " must be at least 1");
                }
            }
            List<String> known = List.of("drain", "latency", "shuffle", "state");
            List<String> parts = new ArrayList<>();
            for (String part : items(options.get(E2eOptions.PARTS))) {
                String name = part.toLowerCase(Locale.ROOT);
                if (!known.contains(name)) {
                    throw new OptionsException("Option --parts: unknown part '" + part + "' (known: " + known + ")");
                }
                parts.add(name);
            }
            List<Duration> flushIntervals = new ArrayList<>();
            for (String item : items(options.get(E2eOptions.LATENCY_FLUSH_INTERVALS))) {
                try {
                    flushIntervals.add(TimeUtils.parseDuration(item));
                } catch (IllegalArgumentException e) {
                    throw new OptionsException("Option --latency.flush-intervals: " + e.getMessage());
                }
            }
            List<ShuffleTopologies.Variant> variants = new ArrayList<>();
            for (String item : items(options.get(E2eOptions.SHUFFLE_VARIANTS))) {
                try {
                    variants.add(ShuffleTopologies.Variant.of(item));
                } catch (IllegalArgumentException e) {
                    throw new OptionsException("Option --shuffle.variants: " + e.getMessage());
                }
            }
            List<Integer> stateHosts = new ArrayList<>();
            for (String item : items(options.get(E2eOptions.STATE_HOSTS))) {
                try {
                    stateHosts.add(Integer.parseInt(item));
                } catch (NumberFormatException e) {
                    throw new OptionsException("Option --state.hosts: '" + item + "' is not a number");
                }
            }
            List<String> drainJobOptions = new ArrayList<>();
            for (String pair : items(options.get(E2eOptions.DRAIN_JOB_OPTIONS))) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new OptionsException("Option --drain.job-options: '" + pair + "' is not key=value");
                }
                drainJobOptions.add("--" + pair.substring(0, equals).trim());
                drainJobOptions.add(pair.substring(equals + 1).trim());
            }
            checkJobOptions(drainJobOptions);
            return new Plan(parts, flushIntervals, variants, stateHosts, drainJobOptions);
        }

        /** Fails now, not after the topic is written, if the job would refuse {@code extra}. */
        private static void checkJobOptions(List<String> extra) {
            List<String> args = new ArrayList<>(List.of(
                    "--source", "kafka", "--source.kafka.bootstrap-servers", "localhost:9092", "--source.kafka.topics", "t"));
            args.addAll(extra);
            try {
                JobSetup.fromArgs(args.toArray(String[]::new));
            } catch (OptionsException | RuleLoadException e) {
                throw new OptionsException("Option --drain.job-options: " + e.getMessage());
            }
        }
    }

    private static void run(Configuration options, Plan plan, Report report) throws Exception {
        List<String> parts = plan.parts();
        Kafka kafka = new Kafka(options.get(E2eOptions.KAFKA));
        Elasticsearch elasticsearch = new Elasticsearch(URI.create(options.get(E2eOptions.ELASTICSEARCH)));
        int parallelism = options.get(E2eOptions.PARALLELISM);
        int partitions = options.get(E2eOptions.PARTITIONS);
        try (BenchCluster cluster = BenchCluster.start(parallelism)) {
            Log.info("MiniCluster up, dashboard at %s", cluster.restAddress());
            DrainTopic drainTopic = null;
            if (parts.contains("drain") || parts.contains("shuffle")) {
                Log.info("Writing the drain topic (not timed)");
                drainTopic =
                        DrainTopic.write(
                                kafka,
                                partitions,
                                options.get(E2eOptions.DRAIN_EVENTS),
                                options.get(E2eOptions.SEED),
                                options.get(E2eOptions.DRAIN_HOSTS),
                                options.get(E2eOptions.DRAIN_SSH_RATIO),
                                options.get(E2eOptions.DRAIN_MATCH_RATIO),
                                options.get(E2eOptions.WRITER_THREADS));
            }
            for (String part : parts) {
                long start = System.nanoTime();
                switch (part) {
                    case "drain":
                        new DrainPart(
                                        cluster,
                                        kafka,
                                        elasticsearch,
                                        drainTopic,
                                        parallelism,
                                        plan.drainJobOptions())
                                .run(report, options.get(E2eOptions.DRAIN_ROUNDS), options.get(E2eOptions.DRAIN_ES_WARM_UP));
                        break;
                    case "latency":
                        new LatencyPart(
                                        cluster,
                                        kafka,
                                        elasticsearch,
                                        parallelism,
                                        partitions,
                                        options.get(E2eOptions.SEED),
                                        options.get(E2eOptions.LATENCY_HOSTS),
                                        options.get(E2eOptions.LATENCY_SSH_RATIO),
                                        options.get(E2eOptions.LATENCY_MATCH_RATIO),
                                        options.get(E2eOptions.LATENCY_RATE),
                                        options.get(E2eOptions.LATENCY_WARM_UP),
                                        options.get(E2eOptions.LATENCY_DURATION))
                                .run(report, plan.flushIntervals());
                        break;
                    case "shuffle":
                        new ShufflePart(cluster, kafka, drainTopic, parallelism, plan.drainJobOptions())
                                .run(report, plan.variants(), options.get(E2eOptions.SHUFFLE_ROUNDS));
                        break;
                    case "state":
                        new StatePart(
                                        cluster,
                                        kafka,
                                        parallelism,
                                        partitions,
                                        options.get(E2eOptions.SEED),
                                        options.get(E2eOptions.STATE_WINDOW),
                                        options.get(E2eOptions.STATE_IDLENESS),
                                        Path.of(options.get(E2eOptions.WORK_DIR)))
                                .run(report, plan.stateHosts());
                        break;
                    default:
                        throw new IllegalStateException("unknown part " + part);
                }
                Log.info("Part %s done in %.0f s", part, (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The items of a comma-separated list, trimmed, empty ones dropped. */
    static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
