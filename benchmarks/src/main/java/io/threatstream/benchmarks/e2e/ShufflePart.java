package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.limit.LimiterSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Item 3, the shuffle comparison: the drain topic read to its end by each {@link
 * ShuffleTopologies} variant on the same MiniCluster, alerts and dead letters discarded, so that
 * only the order of the operators differs. Every variant must let through the alerts the drain
 * topic calls for.
 */
final class ShufflePart {

    private static final String DETECT = "Detect";
    private static final String LIMITER = "Limit alerts per host";

    private final BenchCluster cluster;
    private final Kafka kafka;
    private final DrainTopic topic;
    private final int parallelism;

    ShufflePart(BenchCluster cluster, Kafka kafka, DrainTopic topic, int parallelism) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.topic = topic;
        this.parallelism = parallelism;
    }

    void run(Report report, List<ShuffleTopologies.Variant> variants) throws Exception {
        Map<ShuffleTopologies.Variant, DrainRate> rates = new LinkedHashMap<>();
        ObjectNode raw = report.raw("shuffle");
        long expectedAlerts = -1;
        for (ShuffleTopologies.Variant variant : variants) {
            Log.info("Shuffle: %s", variant.label());
            JobSetup setup = setup();
            LimiterSettings limiter = setup.pipelineSettings().limiter();
            expectedAlerts = topic.expected().limitedBy(limiter.maxAlertsPerWindow(), limiter.window()).alerts();
            StreamExecutionEnvironment env = setup.createEnvironment();
            ShuffleTopologies.build(variant, env, setup);
            long start = System.nanoTime();
            BackgroundJob job = BackgroundJob.submit(cluster, () -> env.execute("Shuffle comparison: " + variant.label()));
            Progress progress = Progress.start(() -> CounterProbe.sumOrZero(job.id(), DETECT, "eventsIn"));
            job.await(Duration.ofMinutes(30));
            long end = System.nanoTime();
            progress.close();
            long eventsIn = CounterProbe.sum(job.id(), DETECT, "eventsIn");
            long alerts = CounterProbe.sum(job.id(), LIMITER, "alertsEmitted");
            if (eventsIn != topic.records() || alerts != expectedAlerts) {
                throw new IllegalStateException(
                        variant.label() + " read " + eventsIn + " of " + topic.records() + " events and let "
                                + alerts + " alerts through, not " + expectedAlerts);
            }
            DrainRate rate = progress.rate(topic.records(), start, end);
            rates.put(variant, rate);
            raw.putPOJO(variant.label(), rate);
        }

        report.table(
                String.format(
                        Locale.ROOT,
                        "Shuffle comparison: the drain topic (%,d events), parallelism %d, alerts discarded",
                        topic.records(), parallelism),
                "variant", "submission → finish (s)", "events/s", "steady 10–90 % (events/s)",
                "ratio to rule-first (submission → finish)", "ratio to rule-first (steady)");
        DrainRate base = rates.get(ShuffleTopologies.Variant.RULE_FIRST);
        for (Map.Entry<ShuffleTopologies.Variant, DrainRate> e : rates.entrySet()) {
            DrainRate rate = e.getValue();
            report.row(
                    e.getKey().label(),
                    rate.wallSeconds(),
                    rate.wallRate(),
                    rate.steadyRate(),
                    base == null ? "" : Report.percent(rate.wallRate() / base.wallRate()),
                    base == null ? "" : Report.percent(rate.steadyRate() / base.steadyRate()));
        }
        report.note(
                "rule-first: the job's order (only matches are shuffled); key-first: the host key read from every"
                        + " event, every event shuffled by it, rule and limiter after the shuffle; rebalance-first:"
                        + " every event shuffled round-robin, no host read (the shuffle's cost alone).");
        report.note(
                "Each variant read %,d events and let the expected %,d alerts through (Detect.eventsIn,"
                        + " limiter alertsEmitted).",
                topic.records(), expectedAlerts);
    }

    private JobSetup setup() {
        return JobSetup.fromArgs(
                new String[] {
                    "--source", "kafka",
                    "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--source.kafka.topics", topic.name(),
                    "--source.kafka.group-id", "bench-shuffle-" + UUID.randomUUID(),
                    "--source.kafka.starting-offsets", "earliest",
                    "--source.kafka.bounded", "latest",
                    "--parallelism", Integer.toString(parallelism)
                });
    }
}
