package io.threatstream.benchmarks.e2e;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@link EndToEndBenchmark}, given as {@code --key value}; {@code --help} lists them. */
public final class E2eOptions {

    private E2eOptions() {}

    public static final ConfigOption<String> KAFKA =
            ConfigOptions.key("kafka")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Bootstrap servers of the Kafka broker to use (its topics are created by the run).");

    public static final ConfigOption<String> ELASTICSEARCH =
            ConfigOptions.key("elasticsearch")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("URL of the Elasticsearch node to use (plain HTTP, no authentication).");

    public static final ConfigOption<String> PARTS =
            ConfigOptions.key("parts")
                    .stringType()
                    .defaultValue("drain,latency,shuffle,state")
                    .withDescription("Parts to run, comma-separated; they run in this order.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Job parallelism, task slots of the MiniCluster, and bare consumers of the ceiling.");

    public static final ConfigOption<Integer> PARTITIONS =
            ConfigOptions.key("partitions").intType().defaultValue(4).withDescription("Partitions of every topic.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed").longType().defaultValue(42L).withDescription("Seed of the fleet simulator.");

    public static final ConfigOption<Long> DRAIN_EVENTS =
            ConfigOptions.key("drain.events")
                    .longType()
                    .defaultValue(5_000_000L)
                    .withDescription("Events preloaded into the drain topic (read by the drain and shuffle parts).");

    public static final ConfigOption<Integer> DRAIN_HOSTS =
            ConfigOptions.key("drain.hosts").intType().defaultValue(1000).withDescription("Simulated hosts of the drain topic.");

    public static final ConfigOption<Double> DRAIN_SSH_RATIO =
            ConfigOptions.key("drain.ssh-ratio")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription("Share of the drain topic's events written by ssh/sshd.");

    public static final ConfigOption<Double> DRAIN_MATCH_RATIO =
            ConfigOptions.key("drain.match-ratio")
                    .doubleType()
                    .defaultValue(0.00001)
                    .withDescription("Share of the drain topic's events that match the rule.");

    public static final ConfigOption<Integer> WRITER_THREADS =
            ConfigOptions.key("drain.writer-threads")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Threads generating and writing the drain topic (not timed).");

    public static final ConfigOption<Integer> DRAIN_ROUNDS =
            ConfigOptions.key("drain.rounds")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Rounds of one bare drain and one job drain after the job's first run; every other"
                                    + " round in reverse order.");

    public static final ConfigOption<Integer> DRAIN_ES_WARM_UP =
            ConfigOptions.key("drain.elasticsearch-warm-up")
                    .intType()
                    .defaultValue(6_000)
                    .withDescription(
                            "Bulk requests of alert documents sent to the Elasticsearch node after the job's first"
                                    + " run and before the measured rounds, so that the node's JIT warm-up does not"
                                    + " take the job's CPU; it also gives the measured runs' alert streams, created"
                                    + " just before it, the 30 s without a search after which the node stops"
                                    + " refreshing them every second; 0 = none.");

    public static final ConfigOption<String> DRAIN_JOB_OPTIONS =
            ConfigOptions.key("drain.job-options")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "More options for the job runs on the drain topic (the drain and shuffle parts), as"
                                    + " comma-separated key=value pairs (keys without the dashes), e.g."
                                    + " parser.validate-non-candidates=false.");

    public static final ConfigOption<Double> LATENCY_RATE =
            ConfigOptions.key("latency.rate")
                    .doubleType()
                    .defaultValue(20_000.0)
                    .withDescription("Events per second the latency part's producer writes.");

    public static final ConfigOption<Duration> LATENCY_WARM_UP =
            ConfigOptions.key("latency.warm-up")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Producing time before the measured span; its alerts are checked but not measured.");

    public static final ConfigOption<Duration> LATENCY_DURATION =
            ConfigOptions.key("latency.duration")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("Measured producing time per sink setting.");

    public static final ConfigOption<Integer> LATENCY_HOSTS =
            ConfigOptions.key("latency.hosts")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Simulated hosts; one in 97 is infected, so matches spread over hosts/97 of them and"
                                    + " stay under the limiter's 100 alerts per host per window.");

    public static final ConfigOption<Double> LATENCY_SSH_RATIO =
            ConfigOptions.key("latency.ssh-ratio")
                    .doubleType()
                    .defaultValue(0.002)
                    .withDescription("Share of the latency part's events written by ssh/sshd (matches included).");

    public static final ConfigOption<Double> LATENCY_MATCH_RATIO =
            ConfigOptions.key("latency.match-ratio")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription("Share of the latency part's events that match the rule.");

    public static final ConfigOption<String> LATENCY_FLUSH_INTERVALS =
            ConfigOptions.key("latency.flush-intervals")
                    .stringType()
                    .defaultValue("1s,200ms")
                    .withDescription(
                            "Values of --sink.elasticsearch.bulk.flush-interval to measure, comma-separated, one job each"
                                    + " (200ms is the job's default).");

    public static final ConfigOption<String> SHUFFLE_VARIANTS =
            ConfigOptions.key("shuffle.variants")
                    .stringType()
                    .defaultValue("rule-first,key-first,rebalance-first,source-only,source-read")
                    .withDescription(
                            "Topologies the shuffle part compares on the drain topic, comma-separated, run in"
                                    + " this order (see ShuffleTopologies).");

    public static final ConfigOption<Integer> SHUFFLE_ROUNDS =
            ConfigOptions.key("shuffle.rounds")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Runs of every variant; every other round goes in reverse order.");

    public static final ConfigOption<String> STATE_HOSTS =
            ConfigOptions.key("state.hosts")
                    .stringType()
                    .defaultValue("10000,100000")
                    .withDescription("Active hosts (one match each) per measurement of the limiter's state, comma-separated.");

    public static final ConfigOption<Duration> STATE_WINDOW =
            ConfigOptions.key("state.window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(20))
                    .withDescription(
                            "--limit.window of the state part (the state per host does not depend on it; short"
                                    + " so that the quiet stream's windows close within the run).");

    public static final ConfigOption<Duration> STATE_IDLENESS =
            ConfigOptions.key("state.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("--watermark.idleness of the state part.");

    public static final ConfigOption<String> WORK_DIR =
            ConfigOptions.key("work-dir")
                    .stringType()
                    .defaultValue(System.getProperty("java.io.tmpdir") + "/threatstream-bench-e2e-work")
                    .withDescription("Directory for checkpoints.");

    public static final ConfigOption<String> RESULTS =
            ConfigOptions.key("results")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("JSON file for the raw figures.");
}
