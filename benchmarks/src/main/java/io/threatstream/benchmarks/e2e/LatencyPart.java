package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.limit.LimiterSettings;
import io.threatstream.detect.rule.RuleLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.flink.util.TimeUtils;

/**
 * Item 2, event-to-alert latency: a producer writes a live simulated fleet at a fixed rate while
 * the job runs unbounded Kafka → Elasticsearch; for every alert, the time from its event's Kafka
 * timestamp (when the producer sent it) to Elasticsearch's acknowledgement of the alert, seen by an
 * {@link AckTimingProxy} in front of the node. One job per sink flush interval to compare.
 *
 * <p>The limiter: matches fall on the fleet's infected hosts (one in 97), so {@code hosts} of
 * 10,000 spread 1,200 matches a minute over 103 hosts, about 12 per host per minute, far below the
 * 100 alerts per host per 5-minute window; the run reports the limiter's suppressed count (which
 * must be 0 for every match to have an alert) and checks the acknowledged ids against the expected
 * ones.
 */
final class LatencyPart {

    private static final String LIMITER = "Limit alerts per host";

    private final BenchCluster cluster;
    private final Kafka kafka;
    private final Elasticsearch elasticsearch;
    private final int parallelism;
    private final int partitions;
    private final long seed;
    private final int hosts;
    private final double sshRatio;
    private final double matchRatio;
    private final double rate;
    private final Duration warmUp;
    private final Duration duration;

    LatencyPart(
            BenchCluster cluster, Kafka kafka, Elasticsearch elasticsearch, int parallelism, int partitions, long seed,
            int hosts, double sshRatio, double matchRatio, double rate, Duration warmUp, Duration duration) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.parallelism = parallelism;
        this.partitions = partitions;
        this.seed = seed;
        this.hosts = hosts;
        this.sshRatio = sshRatio;
        this.matchRatio = matchRatio;
        this.rate = rate;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    void run(Report report, List<Duration> flushIntervals) throws Exception {
        report.table(
                String.format(
                        Locale.ROOT,
                        "Event-to-alert latency: %,.0f events/s, 1 match in %,.0f, %s measured after %s warm-up,"
                                + " parallelism %d",
                        rate, 1 / matchRatio, TimeUtils.formatWithHighestUnit(duration),
                        TimeUtils.formatWithHighestUnit(warmUp), parallelism),
                "bulk flush interval", "events/s achieved", "alerts measured", "p50 (ms)", "p90 (ms)", "p99 (ms)",
                "max (ms)", "event → alert built p99 (ms)", "built → acknowledged p99 (ms)");
        ObjectNode raw = report.raw("latency");
        for (int i = 0; i < flushIntervals.size(); i++) {
            Duration flush = flushIntervals.get(i);
            Log.info("Latency: bulk flush interval %s", TimeUtils.formatWithHighestUnit(flush));
            measure(report, raw.putObject(TimeUtils.formatWithHighestUnit(flush)), flush, i);
        }
        report.note(
                "Latency = Elasticsearch's acknowledgement of the alert's bulk request (seen by a proxy in front of"
                        + " the node) − the Kafka timestamp of the event (set by the producer client when it was"
                        + " sent). It includes the producer's batching (linger.ms default), the source's fetch, the"
                        + " job, the sink's buffer and the bulk request. Same clock throughout (one machine).");
        report.note(
                "Producer: one thread in the harness JVM; %,d simulated hosts (%,d infected); the limiter's"
                        + " default (100 alerts per host per 5 min) applies; checkpoints every 30 s (default).",
                hosts, Math.max(1, hosts / 97));
    }

    private void measure(Report report, ObjectNode raw, Duration flush, int run) throws Exception {
        String topic = "bench-latency-" + run;
        String index = "logs-threatstream.bench-latency" + run;
        kafka.createTopic(topic, partitions);
        ExpectedAlerts expected = new ExpectedAlerts(RuleLoader.load(null, null).metadata().ruleId());
        try (AckTimingProxy proxy = AckTimingProxy.start(elasticsearch.url())) {
            JobSetup setup =
                    JobSetup.fromArgs(
                            new String[] {
                                "--source", "kafka",
                                "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                                "--source.kafka.topics", topic,
                                "--source.kafka.group-id", "bench-latency-" + UUID.randomUUID(),
                                "--source.kafka.starting-offsets", "earliest",
                                "--sink", "elasticsearch",
                                "--sink.elasticsearch.hosts", proxy.url().toString(),
                                "--sink.elasticsearch.index", index,
                                "--sink.elasticsearch.install-template", "true",
                                "--sink.elasticsearch.bulk.flush-interval", flush.toMillis() + "ms",
                                "--parallelism", Integer.toString(parallelism)
                            });
            LimiterSettings limiter = setup.pipelineSettings().limiter();
            BackgroundJob job = BackgroundJob.submit(cluster, () -> DetectionJob.run(setup));
            FixedRateProducer.Produced produced;
            ExpectedAlerts.Expectation expectation;
            try {
                cluster.awaitAllTasksRunning(job.id(), Duration.ofMinutes(2));
                FleetSimulator fleet =
                        new FleetSimulator(seed, hosts, sshRatio, matchRatio, System.currentTimeMillis(), rate);
                produced = FixedRateProducer.run(kafka, topic, partitions, fleet, rate, warmUp.plus(duration), expected);
                expectation = expected.limitedBy(limiter.maxAlertsPerWindow(), limiter.window());
                awaitAcks(proxy, expectation.documents(), job);
            } finally {
                job.cancel();
            }
            summarize(report, raw, flush, produced, proxy, expectation, job, index);
        }
    }

    private static void awaitAcks(AckTimingProxy proxy, long documents, BackgroundJob job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (proxy.ackCount() + proxy.otherDocuments() < documents && System.nanoTime() < deadline) {
            job.checkAlive();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private void summarize(
            Report report, ObjectNode raw, Duration flush, FixedRateProducer.Produced produced, AckTimingProxy proxy,
            ExpectedAlerts.Expectation expectation, BackgroundJob job, String index)
            throws Exception {
        long measureFrom = produced.startMillis() + warmUp.toMillis();
        List<AckTimingProxy.Ack> acks = proxy.acks();
        List<AckTimingProxy.Ack> measured = acks.stream().filter(a -> a.produced() >= measureFrom).toList();
        long[] total = values(measured, a -> a.acknowledged() - a.produced());
        long[] toBuilt = values(measured, a -> a.built() - a.produced());
        long[] toAck = values(measured, a -> a.acknowledged() - a.built());

        Set<String> ackedIds = new HashSet<>();
        acks.forEach(a -> ackedIds.add(a.id()));
        long suppressed = CounterProbe.sum(job.id(), LIMITER, "alertsSuppressed");
        long stored = elasticsearch.count(index);
        boolean complete = ackedIds.equals(expectation.ids());

        report.row(
                TimeUtils.formatWithHighestUnit(flush),
                produced.rate(),
                (long) total.length,
                percentile(total, 0.50),
                percentile(total, 0.90),
                percentile(total, 0.99),
                percentile(total, 1.0),
                percentile(toBuilt, 0.99),
                percentile(toAck, 0.99));
        report.note(
                "Flush %s: %,d events written in %.1f s (at most %,d ms behind schedule); %s; %,d alerts"
                        + " acknowledged (%,d in the measured span), %,d suppressed by the limiter, %,d documents in"
                        + " Elasticsearch; acknowledged ids %s the expected ones.",
                TimeUtils.formatWithHighestUnit(flush), produced.events(), produced.seconds(), produced.maxBehindMs(),
                DrainPart.describe(expectation), acks.size(), measured.size(), suppressed, stored,
                complete ? "equal to" : "NOT equal to");

        raw.put("eventsWritten", produced.events());
        raw.put("rateAchieved", produced.rate());
        raw.put("maxBehindScheduleMs", produced.maxBehindMs());
        raw.put("alertsAcknowledged", acks.size());
        raw.put("alertsMeasured", measured.size());
        raw.put("suppressed", suppressed);
        raw.put("documentsInElasticsearch", stored);
        raw.put("idsComplete", complete);
        raw.put("p50Ms", percentile(total, 0.5));
        raw.put("p90Ms", percentile(total, 0.9));
        raw.put("p99Ms", percentile(total, 0.99));
        raw.put("maxMs", percentile(total, 1.0));
        raw.put("builtP50Ms", percentile(toBuilt, 0.5));
        raw.put("builtP99Ms", percentile(toBuilt, 0.99));
        raw.put("ackAfterBuiltP50Ms", percentile(toAck, 0.5));
        raw.put("ackAfterBuiltP99Ms", percentile(toAck, 0.99));
        raw.putPOJO("latenciesMs", total);
    }

    private static long[] values(List<AckTimingProxy.Ack> acks, ToLongFunction<AckTimingProxy.Ack> value) {
        long[] values = acks.stream().mapToLong(value).toArray();
        Arrays.sort(values);
        return values;
    }

    /** The nearest-rank percentile of sorted {@code values}; -1 when there are none. */
    static long percentile(long[] values, double quantile) {
        if (values.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(quantile * values.length);
        return values[Math.max(0, Math.min(values.length, rank) - 1)];
    }
}
