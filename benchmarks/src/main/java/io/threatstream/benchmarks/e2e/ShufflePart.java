package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.limit.LimiterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
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
    private final List<String> extraJobOptions;

    ShufflePart(BenchCluster cluster, Kafka kafka, DrainTopic topic, int parallelism, List<String> extraJobOptions) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.topic = topic;
        this.parallelism = parallelism;
        this.extraJobOptions = extraJobOptions;
    }

    /**
     * Runs every variant {@code rounds} times, every other round in reverse order, so that drift in
     * the machine's speed and the JIT's warming hit all variants alike.
     */
    void run(Report report, List<ShuffleTopologies.Variant> variants, int rounds) throws Exception {
        Map<ShuffleTopologies.Variant, List<DrainRate>> rates = new LinkedHashMap<>();
        variants.forEach(v -> rates.put(v, new ArrayList<>()));
        ObjectNode raw = report.raw("shuffle");
        long expectedAlerts = -1;
        for (int round = 0; round < rounds; round++) {
            List<ShuffleTopologies.Variant> order = new ArrayList<>(variants);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (ShuffleTopologies.Variant variant : order) {
                Log.info("Shuffle: %s (round %d of %d)", variant.label(), round + 1, rounds);
                JobSetup setup = setup();
                LimiterSettings limiter = setup.pipelineSettings().limiter();
                expectedAlerts = topic.expected().limitedBy(limiter.maxAlertsPerWindow(), limiter.window()).alerts();
                DrainRate rate = drain(variant, setup, expectedAlerts);
                rates.get(variant).add(rate);
                raw.withArray(variant.label()).addPOJO(rate);
            }
        }

        report.table(
                String.format(
                        Locale.ROOT,
                        "Shuffle comparison: the drain topic (%,d events), parallelism %d, alerts discarded, %d round(s)",
                        topic.records(), parallelism, rounds),
                "variant", "submission → finish (s)", "events/s (submission → finish)", "events/s (steady 10–90 %)",
                "steady min–max", "CPU µs/event (harness JVM)", "CPU µs/event (other processes)", "ratio to rule-first (submission → finish)",
                "ratio to rule-first (steady)", "ratio to rule-first (CPU per event, inverted)");
        List<DrainRate> base = rates.get(ShuffleTopologies.Variant.RULE_FIRST);
        for (Map.Entry<ShuffleTopologies.Variant, List<DrainRate>> e : rates.entrySet()) {
            List<DrainRate> runs = e.getValue();
            double steady = mean(runs, DrainRate::steadyRate);
            report.row(
                    e.getKey().label(),
                    mean(runs, DrainRate::wallSeconds),
                    mean(runs, DrainRate::wallRate),
                    steady,
                    String.format(
                            Locale.ROOT, "%,.0f–%,.0f",
                            runs.stream().mapToDouble(DrainRate::steadyRate).min().orElse(0),
                            runs.stream().mapToDouble(DrainRate::steadyRate).max().orElse(0)),
                    mean(runs, DrainRate::cpuMicrosPerRecord),
                    mean(runs, DrainRate::otherCpuMicrosPerRecord),
                    base == null ? "" : Report.percent(mean(runs, DrainRate::wallRate) / mean(base, DrainRate::wallRate)),
                    base == null ? "" : Report.percent(steady / mean(base, DrainRate::steadyRate)),
                    base == null
                            ? ""
                            : Report.percent(
                                    mean(base, DrainRate::cpuMicrosPerRecord) / mean(runs, DrainRate::cpuMicrosPerRecord)));
        }
        report.note(
                "rule-first: the job's order (only matches are shuffled); key-first: the host key read from every"
                        + " event, every event shuffled by it, rule and limiter after the shuffle; rebalance-first:"
                        + " every event shuffled round-robin, no host read (the shuffle's cost alone); source-only:"
                        + " the Kafka source alone, records discarded (Flink's floor under the job); source-read: the"
                        + " source and a filter that reads every byte of every record once (the floor under any"
                        + " detector). Means over the rounds.");
        report.note(
                "Each run read %,d events (Detect.eventsIn; the source's numRecordsOut for source-only and source-read) and let"
                        + " the expected %,d alerts through (limiter alertsEmitted; the source variants have none).",
                topic.records(), expectedAlerts);
        if (!extraJobOptions.isEmpty()) {
            report.note("Job options beyond the defaults: %s.", String.join(" ", extraJobOptions));
        }
    }

    private DrainRate drain(ShuffleTopologies.Variant variant, JobSetup setup, long expectedAlerts) throws Exception {
        StreamExecutionEnvironment env = setup.createEnvironment();
        ShuffleTopologies.build(variant, env, setup);
        long start = System.nanoTime();
        BackgroundJob job = BackgroundJob.submit(cluster, () -> env.execute("Shuffle comparison: " + variant.label()));
        boolean detects = variant.runsDetect();
        String counterOperator = detects ? DETECT : ShuffleTopologies.SOURCE_NAME;
        String counter = detects ? "eventsIn" : "numRecordsOut";
        Progress progress = Progress.start(() -> CounterProbe.sumOrZero(job.id(), counterOperator, counter));
        job.await(Duration.ofMinutes(30));
        long end = System.nanoTime();
        progress.close();
        long eventsIn = CounterProbe.sum(job.id(), counterOperator, counter);
        long alerts = detects ? CounterProbe.sum(job.id(), LIMITER, "alertsEmitted") : expectedAlerts;
        if (eventsIn != topic.records() || alerts != expectedAlerts) {
            throw new IllegalStateException(
                    variant.label() + " read " + eventsIn + " of " + topic.records() + " events and let " + alerts
                            + " alerts through, not " + expectedAlerts);
        }
        return progress.rate(topic.records(), start, end);
    }

    private static double mean(List<DrainRate> runs, ToDoubleFunction<DrainRate> figure) {
        return runs.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private JobSetup setup() {
        List<String> args = topic.readToItsEnd(kafka, "bench-shuffle-", parallelism);
        args.addAll(extraJobOptions);
        return JobSetup.fromArgs(args.toArray(String[]::new));
    }
}
