package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetToKafka;
import io.threatstream.detect.limit.AlertLimiter;
import io.threatstream.detect.pipeline.DetectionPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bounded state under sustained load: a producer writes the simulated fleet's events to Kafka at a
 * steady rate while the job runs with a short limiter window, so that windows open and close many
 * times over the run. Sampled every few seconds: the limiter's {@value
 * AlertLimiter#WINDOWS_IN_STATE} gauge, the state size of the limiter's vertex in every completed
 * checkpoint, and consumer lag both as the Kafka source sees it ({@code pendingRecords}) and as
 * Kafka tooling sees it (end offsets minus the group's committed offsets). The series is printed.
 *
 * <p>It asserts that, after a warm-up of two windows, the state plateaus (the last third of the
 * run holds at most 1.5 times what the first third held, in host windows and in checkpoint bytes,
 * and never more than three windows' worth of the fleet's infected hosts), that lag stays within a
 * few seconds' worth of events, and that once the producer stops and the last windows close the
 * state is empty again: gauge 0, and a near-empty limiter state in the next checkpoint.
 *
 * <p>Alerts go to a discarding sink: what is measured is the limiter and the lag, not a sink.
 *
 * <p>The load lasts {@code soak.duration} (default {@value #DEFAULT_DURATION}, kept short for CI:
 * the test takes about three and a half minutes), at {@code soak.rate} events per second (default
 * 2000) from {@code soak.hosts} hosts (default 300000). A longer soak by hand, e.g. half an hour at
 * a higher rate (the in-process broker keeps about 1 KB per event on disk until the test ends):
 *
 * <pre>
 * mvn -o -B -pl job -am verify -Dit.test=SustainedLoadITCase -Dtest=NONE \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dk8s.crds.dir=... -Dsoak.duration=30min -Dsoak.rate=4000 -Dsoak.hosts=500000
 * </pre>
 */
class SustainedLoadITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, new Configuration());

    static final String DEFAULT_DURATION = "150s";

    private static final Duration LOAD = TimeUtils.parseDuration(System.getProperty("soak.duration", DEFAULT_DURATION));
    private static final int RATE = Integer.getInteger("soak.rate", 2000);
    private static final int HOSTS = Integer.getInteger("soak.hosts", 300_000);
    /** The simulator infects one host in 97: these are the hosts that match, the limiter's keys. */
    private static final int INFECTED_HOSTS = Math.max(1, HOSTS / 97);

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration WARM_UP = WINDOW.multipliedBy(2).plusSeconds(5);
    private static final Duration SAMPLE_PERIOD = Duration.ofSeconds(3);
    private static final int PARTITIONS = 4;

    private static final String SOURCE = "Events: Kafka";
    private static final String DETECT = "Detect";
    private static final String LIMIT = "Limit alerts per host";

    /** State may vary between the thirds of the run by this factor (window phase, jitter). */
    private static final double PLATEAU_FACTOR = 1.5;
    /** Lag bounds, in seconds' worth of events at the feed rate. */
    private static final int PENDING_RECORDS_SECONDS = 10;
    private static final int COMMITTED_LAG_SECONDS = 20;

    /** What one look at the running job saw. */
    record Sample(
            double seconds,
            boolean feeding,
            long produced,
            long windowsInState,
            long pendingRecords,
            long committedLag,
            long checkpointId,
            long limiterCheckpointBytes) {}

    /** A completed checkpoint, its trigger time relative to the start of the feed. */
    record TimedCheckpoint(double seconds, LoadProbe.Checkpoint checkpoint) {}

    private final List<Sample> samples = new ArrayList<>();
    private final List<TimedCheckpoint> checkpoints = new ArrayList<>();
    private long feedStartMillis;

    @Test
    void limiterStateStaysBoundedAndLagDoesNotGrowUnderSustainedLoad(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        String topic = KAFKA.createTopic("soak-events", PARTITIONS);
        String group = "soak-" + UUID.randomUUID();
        JobSetup setup = JobSetup.fromArgs(jobArgs(topic, group));
        StreamExecutionEnvironment env = setup.createEnvironment();
        DetectionPipeline.Outputs outputs =
                DetectionPipeline.build(
                        Sources.create(env, setup), setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
        outputs.alerts().sinkTo(new DiscardingSink<>()).name("Alerts: discarded").uid(Sinks.ALERTS_UID);
        outputs.deadLetters().sinkTo(new DiscardingSink<>()).name("Dead letters: discarded").uid(Sinks.DEAD_LETTERS_UID);

        FleetToKafka feed = FleetToKafka.fromArgs(feedArgs(topic));
        ExecutorService feedThread = Executors.newSingleThreadExecutor();
        JobClient job = env.executeAsync(setup.jobName());
        String counters;
        Sample emptied;
        LoadProbe.Checkpoint afterEmptied = null;
        try (Admin admin = KAFKA.admin()) {
            LoadProbe probe =
                    new LoadProbe(METRICS, job, cluster.getWebInterfaceURL(), admin, topic, group);
            CommonTestUtils.waitUtil(
                    () -> probe.gauge(LIMIT, AlertLimiter.WINDOWS_IN_STATE).isPresent(),
                    Duration.ofMinutes(2),
                    Duration.ofMillis(200),
                    "the limiter did not start");

            feedStartMillis = System.currentTimeMillis();
            Future<Long> fed = feedThread.submit(feed::run);
            CommonTestUtils.waitUtil(
                    () -> {
                        record(probe, !fed.isDone());
                        return fed.isDone();
                    },
                    LOAD.plus(Duration.ofMinutes(3)),
                    SAMPLE_PERIOD,
                    "the feed did not write its events in time");
            assertThat(fed.get()).as("events written").isEqualTo(totalEvents());

            // No more input: the safety timers close the last windows and then forget them.
            emptied = sampleUntil(probe, s -> s.windowsInState() == 0 && s.committedLag() == 0, Duration.ofMinutes(3));
            if (emptied != null) {
                long emptiedAt = System.currentTimeMillis();
                sampleUntil(probe, s -> checkpointAfter(emptiedAt) != null, Duration.ofMinutes(1));
                afterEmptied = checkpointAfter(emptiedAt);
            }
            counters = counters(probe);
        } finally {
            feed.stop();
            feedThread.shutdown();
            job.cancel().get(1, TimeUnit.MINUTES);
            deleteTopic(topic);
        }

        System.out.println(report(counters));

        // Warm-up over: compare the first and last thirds of the rest of the load.
        List<Sample> load = samples.stream().filter(s -> s.feeding() && s.seconds() >= WARM_UP.toSeconds()).toList();
        assertThat(load).as("samples after the warm-up").hasSizeGreaterThanOrEqualTo(6);
        assertThat(load)
                .as("gauges present in every sample after the warm-up")
                .allMatch(s -> s.windowsInState() >= 0 && s.pendingRecords() >= 0);
        List<TimedCheckpoint> loadCheckpoints =
                checkpoints.stream()
                        .filter(c -> c.seconds() >= WARM_UP.toSeconds() && c.seconds() <= lastSecond(load))
                        .toList();
        assertThat(loadCheckpoints).as("checkpoints after the warm-up").hasSizeGreaterThanOrEqualTo(6);

        // Soft: a broken run reports every bound it breaks, not only the first.
        SoftAssertions bounds = new SoftAssertions();
        long firstWindows = max(firstThird(load, Sample::seconds), Sample::windowsInState);
        long lastWindows = max(lastThird(load, Sample::seconds), Sample::windowsInState);
        bounds.assertThat(firstWindows)
                .as("host windows held early in the run: thousands of hosts match")
                .isGreaterThan(INFECTED_HOSTS / 2);
        bounds.assertThat((double) lastWindows)
                .as("host windows held late in the run (early: %d)", firstWindows)
                .isLessThanOrEqualTo(PLATEAU_FACTOR * firstWindows);
        bounds.assertThat(max(load, Sample::windowsInState))
                .as("host windows held at any time, against three windows of every infected host")
                .isLessThanOrEqualTo(3L * INFECTED_HOSTS);

        long firstBytes = max(firstThird(loadCheckpoints, TimedCheckpoint::seconds), c -> c.checkpoint().vertexStateBytes());
        long lastBytes = max(lastThird(loadCheckpoints, TimedCheckpoint::seconds), c -> c.checkpoint().vertexStateBytes());
        bounds.assertThat((double) lastBytes)
                .as("limiter checkpoint bytes late in the run (early: %d)", firstBytes)
                .isLessThanOrEqualTo(PLATEAU_FACTOR * firstBytes);

        List<Sample> lastThird = lastThird(load, Sample::seconds);
        bounds.assertThat(average(lastThird, Sample::pendingRecords))
                .as("average pendingRecords over the last third")
                .isLessThanOrEqualTo((double) RATE * PENDING_RECORDS_SECONDS);
        bounds.assertThat(average(lastThird, Sample::committedLag))
                .as("average committed-offset lag over the last third")
                .isLessThanOrEqualTo((double) RATE * COMMITTED_LAG_SECONDS);

        bounds.assertThat(emptied)
                .as("a sample with no limiter state and no lag after the feed stopped")
                .isNotNull();
        if (afterEmptied != null) {
            bounds.assertThat(afterEmptied.vertexStateBytes())
                    .as("limiter state in checkpoint %d, after the last windows closed", afterEmptied.id())
                    .isLessThanOrEqualTo(firstBytes / 20);
        } else if (emptied != null) {
            bounds.fail("no checkpoint completed after the limiter state emptied");
        }
        bounds.assertAll();
    }

    /**
     * Samples every {@link #SAMPLE_PERIOD} until a sample satisfies {@code done}, and returns it;
     * null if none did within {@code timeout} (the caller asserts, after the job is cancelled).
     */
    private Sample sampleUntil(LoadProbe probe, Predicate<Sample> done, Duration timeout) throws InterruptedException {
        try {
            CommonTestUtils.waitUtil(() -> done.test(record(probe, false)), timeout, SAMPLE_PERIOD, "not reached");
            return samples.get(samples.size() - 1);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /** The first completed checkpoint triggered after {@code millis}, or null. */
    private LoadProbe.Checkpoint checkpointAfter(long millis) {
        return checkpoints.stream()
                .map(TimedCheckpoint::checkpoint)
                .filter(c -> c.triggerTimestamp() > millis)
                .findFirst()
                .orElse(null);
    }

    /** Samples the job, notes the checkpoints completed since the last sample, and returns the sample. */
    private Sample record(LoadProbe probe, boolean feeding) {
        long now = System.currentTimeMillis();
        Sample previous = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        // waitUtil asks twice in a row at first: one sample per moment is enough.
        if (previous != null && previous.feeding() == feeding && secondsSinceFeedStart(now) - previous.seconds() < 1) {
            return previous;
        }
        probe.requireRunning();
        for (LoadProbe.Checkpoint checkpoint : probe.newCheckpoints(LIMIT)) {
            checkpoints.add(new TimedCheckpoint(secondsSinceFeedStart(checkpoint.triggerTimestamp()), checkpoint));
        }
        LoadProbe.Offsets offsets = probe.offsets();
        double seconds = secondsSinceFeedStart(System.currentTimeMillis());
        LoadProbe.Checkpoint latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1).checkpoint();
        Sample sample =
                new Sample(
                        seconds,
                        feeding,
                        offsets.end(),
                        probe.gauge(LIMIT, AlertLimiter.WINDOWS_IN_STATE).orElse(-1),
                        probe.gauge(SOURCE, "pendingRecords").orElse(-1),
                        offsets.lag(),
                        latest == null ? -1 : latest.id(),
                        latest == null ? -1 : latest.vertexStateBytes());
        samples.add(sample);
        return sample;
    }

    private double secondsSinceFeedStart(long millis) {
        return (millis - feedStartMillis) / 1000.0;
    }

    private String report(String counters) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "SustainedLoadITCase: %d events at %d/s over %s, %d hosts (%d infected), window %s, checkpoints every 5s%n",
                totalEvents(), RATE, LOAD, HOSTS, INFECTED_HOSTS, WINDOW));
        out.append(String.format("%8s %-7s %10s %14s %14s %13s %10s %16s%n",
                "t[s]", "phase", "produced", "windowsInState", "pendingRecords", "committedLag", "checkpoint",
                "limiterBytes"));
        for (Sample s : samples) {
            out.append(String.format("%8.1f %-7s %10d %14d %14d %13d %10d %16d%n",
                    s.seconds(), s.feeding() ? "load" : "drain", s.produced(), s.windowsInState(),
                    s.pendingRecords(), s.committedLag(), s.checkpointId(), s.limiterCheckpointBytes()));
        }
        out.append("Checkpoints (trigger time, limiter vertex bytes, job bytes):\n");
        for (TimedCheckpoint c : checkpoints) {
            out.append(String.format("  #%-4d %8.1f s %12d %12d%n",
                    c.checkpoint().id(), c.seconds(), c.checkpoint().vertexStateBytes(), c.checkpoint().totalStateBytes()));
        }
        out.append(counters);
        return out.toString();
    }

    private static String counters(LoadProbe probe) {
        return String.format(
                "Counters: eventsIn %d, matched %d, alertsEmitted %d, alertsSuppressed %d, summaries %d, lateMatches %d, "
                        + "windowsClosedByIdleTimeout %d%n",
                probe.counter(DETECT, "eventsIn"),
                probe.counter(DETECT, "matched"),
                probe.counter(LIMIT, AlertLimiter.ALERTS_EMITTED),
                probe.counter(LIMIT, AlertLimiter.ALERTS_SUPPRESSED),
                probe.counter(LIMIT, AlertLimiter.SUMMARIES_EMITTED),
                probe.counter(LIMIT, AlertLimiter.LATE_MATCHES),
                probe.counter(LIMIT, AlertLimiter.WINDOWS_CLOSED_BY_IDLE_TIMEOUT));
    }

    private static long totalEvents() {
        return RATE * LOAD.toSeconds();
    }

    private static String[] jobArgs(String topic, String group) {
        return new String[] {
            "--source", "kafka",
            "--source.kafka.bootstrap-servers", KAFKA.bootstrapServers(),
            "--source.kafka.topics", topic,
            "--source.kafka.group-id", group,
            "--source.kafka.starting-offsets", "earliest",
            "--limit.window", WINDOW.toSeconds() + "s",
            "--limit.max-alerts", "1",
            "--watermark.out-of-orderness", "1s",
            // Room for a loaded machine before the safety timer (window + 1s + 5s) beats the watermark.
            "--watermark.idleness", "5s",
            "--checkpoint.interval", "5s",
            "--parallelism", "2"
        };
    }

    /** Backdoor writes are a quarter of the events, so every infected host matches in most windows. */
    private static String[] feedArgs(String topic) {
        return new String[] {
            "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--topic", topic,
            "--generator.rate", Integer.toString(RATE),
            "--generator.count", Long.toString(totalEvents()),
            "--generator.hosts", Integer.toString(HOSTS),
            "--generator.ssh-ratio", "0.3",
            "--generator.match-ratio", "0.25",
            "--generator.seed", "7"
        };
    }

    private static void deleteTopic(String topic) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            admin.deleteTopics(List.of(topic)).all().get(1, TimeUnit.MINUTES);
        }
    }

    private static <T> List<T> firstThird(List<T> series, ToDoubleFunction<T> seconds) {
        double from = seconds.applyAsDouble(series.get(0));
        double span = seconds.applyAsDouble(series.get(series.size() - 1)) - from;
        return series.stream().filter(x -> seconds.applyAsDouble(x) <= from + span / 3).toList();
    }

    private static <T> List<T> lastThird(List<T> series, ToDoubleFunction<T> seconds) {
        double from = seconds.applyAsDouble(series.get(0));
        double span = seconds.applyAsDouble(series.get(series.size() - 1)) - from;
        return series.stream().filter(x -> seconds.applyAsDouble(x) >= from + 2 * span / 3).toList();
    }

    private static double lastSecond(List<Sample> series) {
        return series.get(series.size() - 1).seconds();
    }

    private static <T> long max(List<T> series, ToLongFunction<T> value) {
        return series.stream().mapToLong(value).max().orElseThrow();
    }

    private static <T> double average(List<T> series, ToLongFunction<T> value) {
        return series.stream().mapToLong(value).average().orElseThrow();
    }
}
