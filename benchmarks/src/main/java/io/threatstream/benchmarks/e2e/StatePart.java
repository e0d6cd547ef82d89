package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.event.EventDocumentParser;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.limit.LimiterSettings;
import io.threatstream.detect.pipeline.HostKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * Item 4, state per host: the job's dataflow (alerts discarded) runs unbounded on a topic that
 * receives, phase after phase, one match from each of N new hosts. After each phase is processed a
 * checkpoint is taken and the limiter vertex's {@code state_size} (REST) less the one before the
 * phase, divided by N, is the state an active host costs (its window tally, its two timers and its
 * key, as the hashmap backend writes them). Then the stream stays quiet: the limiter's
 * processing-time safety timers close the windows and later forget them, and checkpoints are taken
 * until the vertex's state is back to what it was before the phase — the proof that idle hosts
 * leave nothing behind.
 *
 * <p>A short window ({@code --state.window}, default 20 s) and no out-of-orderness keep that within
 * the run: a window is closed early {@code window + out-of-orderness + idleness} after its first
 * match and forgotten as long again later. The state per host does not depend on those durations.
 */
final class StatePart {

    private static final String TOPIC = "bench-state";
    private static final String LIMITER = "Limit alerts per host";
    private static final String DETECT = "Detect";
    /**
     * How much larger than before a phase the empty state may be: the timer queues' metadata, written
     * once the first timers exist, and the like. Independent of the number of hosts.
     */
    private static final long SLACK_BYTES = 4096;

    private final BenchCluster cluster;
    private final Kafka kafka;
    private final int parallelism;
    private final int partitions;
    private final long seed;
    private final Duration window;
    private final Duration idleness;
    private final Path workDir;

    StatePart(
            BenchCluster cluster, Kafka kafka, int parallelism, int partitions, long seed, Duration window,
            Duration idleness, Path workDir) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.parallelism = parallelism;
        this.partitions = partitions;
        this.seed = seed;
        this.window = window;
        this.idleness = idleness;
        this.workDir = workDir;
    }

    void run(Report report, List<Integer> hostCounts) throws Exception {
        kafka.createTopic(TOPIC, partitions);
        JobSetup setup = setup();
        LimiterSettings limiter = setup.pipelineSettings().limiter();
        StreamExecutionEnvironment env = setup.createEnvironment();
        ShuffleTopologies.build(ShuffleTopologies.Variant.RULE_FIRST, env, setup);
        BackgroundJob job = BackgroundJob.submit(cluster, () -> env.execute("State per host"));
        report.table(
                String.format(
                        Locale.ROOT,
                        "Limiter state per active host (checkpoint of the limiter's vertex, parallelism %d,"
                                + " hashmap state backend)",
                        parallelism),
                "active hosts", "state before (bytes)", "state with the hosts (bytes)", "per subtask (bytes)",
                "checkpointed size (bytes)", "**bytes per host**", "state after they went idle (bytes)",
                "idle for (s)");
        ObjectNode raw = report.raw("state");
        try {
            cluster.awaitAllTasksRunning(job.id(), Duration.ofMinutes(2));
            BenchCluster.CheckpointSizes before = cluster.checkpoint(job.id(), LIMITER);
            long loaded = 0;
            long windowStart = System.currentTimeMillis() / window.toMillis() * window.toMillis();
            for (int phase = 0; phase < hostCounts.size(); phase++) {
                int hosts = hostCounts.get(phase);
                // Each phase in a window of its own, a quarter into it (no event of it near a boundary).
                long eventTime = windowStart + phase * 10L * window.toMillis() + window.toMillis() / 4;
                Log.info("State: %,d hosts with one match each", hosts);
                DistinctHostMatches matches = new DistinctHostMatches(seed + phase, eventTime);
                checkDistinctHosts(matches, hosts);
                long loadStart = System.nanoTime();
                kafka.writeAll(TOPIC, partitions, hosts, 1, matches::event);
                loaded += hosts;
                awaitCounter(job, LIMITER, "alertsEmitted", loaded, Duration.ofMinutes(5));
                BenchCluster.CheckpointSizes with = cluster.checkpoint(job.id(), LIMITER);
                double perHost = (double) (with.stateSize() - before.stateSize()) / hosts;
                Log.info("  %,d bytes of limiter state, %.1f per host; waiting for the hosts to go idle", with.stateSize(), perHost);
                BenchCluster.CheckpointSizes after = awaitStateBackTo(job.id(), before.stateSize(), limiter, loadStart);
                double idleSeconds = (System.nanoTime() - loadStart) / 1e9;
                report.row(
                        hosts, before.stateSize(), with.stateSize(), perSubtask(with),
                        with.checkpointedSize(), perHost, after.stateSize(), idleSeconds);
                ObjectNode r = raw.putObject(Integer.toString(hosts));
                r.put("stateBefore", before.stateSize());
                r.put("stateWithHosts", with.stateSize());
                r.putPOJO("subtaskStateWithHosts", with.subtaskStateSizes());
                r.put("checkpointedSizeWithHosts", with.checkpointedSize());
                r.put("bytesPerHost", perHost);
                r.put("stateAfterIdle", after.stateSize());
                r.put("secondsUntilEmpty", idleSeconds);
                before = after;
            }
            report.note(
                    "One match per host (the four agent shapes of the fleet simulator, host.id UUIDs or host names),"
                            + " all in one window; --limit.window %s --watermark.out-of-orderness 0s"
                            + " --watermark.idleness %s, so a quiet host's window is closed %s after its first match and"
                            + " forgotten %s later (defaults: 5 min window, 1 min, 1 min: 7 min each). %,d events in,"
                            + " %,d matched (Detect).",
                    TimeUtils.formatWithHighestUnit(window), TimeUtils.formatWithHighestUnit(idleness),
                    TimeUtils.formatWithHighestUnit(limiter.idleTimeout()),
                    TimeUtils.formatWithHighestUnit(limiter.idleTimeout()),
                    CounterProbe.sum(job.id(), DETECT, "eventsIn"), CounterProbe.sum(job.id(), DETECT, "matched"));
            report.note(
                    "\"state after they went idle\": the first checkpoint, at least two idle timeouts after the phase"
                            + " began, whose limiter state is at most %,d bytes larger than before the phase (metadata"
                            + " that does not grow with the hosts).",
                    SLACK_BYTES);
        } finally {
            job.cancel();
        }
    }

    /** The subtasks' state sizes as {@code 809,446 + 797,330}. */
    private static String perSubtask(BenchCluster.CheckpointSizes sizes) {
        List<String> each = new ArrayList<>();
        sizes.subtaskStateSizes().forEach(size -> each.add(String.format(Locale.ROOT, "%,d", size)));
        return String.join(" + ", each);
    }

    private JobSetup setup() {
        return JobSetup.fromArgs(
                new String[] {
                    "--source", "kafka",
                    "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--source.kafka.topics", TOPIC,
                    "--source.kafka.group-id", "bench-state-" + UUID.randomUUID(),
                    "--source.kafka.starting-offsets", "earliest",
                    "--limit.window", window.toMillis() + "ms",
                    "--watermark.out-of-orderness", "0s",
                    "--watermark.idleness", idleness.toMillis() + "ms",
                    // Checkpoints are triggered by the harness; state this size needs a file system.
                    "--checkpoint.interval", "1h",
                    "--checkpoint.dir", workDir.resolve("state-checkpoints").toString(),
                    "--parallelism", Integer.toString(parallelism)
                });
    }

    private static void checkDistinctHosts(DistinctHostMatches matches, int hosts) throws Exception {
        EventDocumentParser parser = new EventDocumentParser(ParserLimits.defaults());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < hosts; i++) {
            keys.add(HostKey.of(parser.parse(matches.event(i))).value());
        }
        if (keys.size() != hosts) {
            throw new IllegalStateException(hosts + " events have only " + keys.size() + " distinct host keys");
        }
    }

    private static void awaitCounter(BackgroundJob job, String operator, String counter, long value, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (CounterProbe.sumOrZero(job.id(), operator, counter) < value) {
            job.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        operator + "." + counter + " did not reach " + value + " within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /**
     * Checkpoints every few seconds from two idle timeouts after {@code since} on, until the
     * limiter's state is no larger than {@code size} (plus {@link #SLACK_BYTES}); fails after
     * another two idle timeouts.
     */
    private BenchCluster.CheckpointSizes awaitStateBackTo(JobID job, long size, LimiterSettings limiter, long since)
            throws Exception {
        long idle = limiter.idleTimeout().toNanos();
        long first = since + 2 * idle;
        long deadline = first + 2 * idle + TimeUnit.SECONDS.toNanos(30);
        long wait = first - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        while (true) {
            BenchCluster.CheckpointSizes sizes = cluster.checkpoint(job, LIMITER);
            if (sizes.stateSize() <= size + SLACK_BYTES) {
                return sizes;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the limiter's state is still " + sizes.stateSize() + " bytes (was " + size + " before the hosts came)");
            }
            TimeUnit.SECONDS.sleep(2);
        }
    }
}
