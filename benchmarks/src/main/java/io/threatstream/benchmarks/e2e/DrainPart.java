package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.limit.LimiterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * Item 1, drain throughput: the preloaded topic read to its end by the job Kafka → Elasticsearch
 * (bounded at the topic's end) and by bare consumers (the ceiling), alternately: the job in the
 * fresh JVM (as a job starts), the bare consumers, the job again (its code compiled by the JIT by
 * then), the bare consumers again. The ratio is the second job run against the mean of the bare
 * runs around it. Each job run must write exactly the alerts the generator's labels call for.
 */
final class DrainPart {

    static final String INDEX = "logs-threatstream.bench-drain";
    private static final String DETECT = "Detect";
    private static final String ALERT_SINK = "Alerts: Elasticsearch";

    private final BenchCluster cluster;
    private final Kafka kafka;
    private final Elasticsearch elasticsearch;
    private final DrainTopic topic;
    private final int parallelism;
    private final List<String> extraJobOptions;

    DrainPart(
            BenchCluster cluster, Kafka kafka, Elasticsearch elasticsearch, DrainTopic topic, int parallelism,
            List<String> extraJobOptions) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.topic = topic;
        this.parallelism = parallelism;
        this.extraJobOptions = extraJobOptions;
    }

    void run(Report report) throws Exception {
        Log.info("Drain: the job, Kafka -> Elasticsearch (1 of 2, fresh JVM)");
        JobDrain cold = runJob(1);
        Log.info("Drain: bare consumers (1 of 2)");
        BareConsumerDrain.Result bare1 = BareConsumerDrain.run(kafka, topic.name(), topic.partitions(), parallelism);
        Log.info("Drain: the job, Kafka -> Elasticsearch (2 of 2)");
        JobDrain warm = runJob(2);
        Log.info("Drain: bare consumers (2 of 2)");
        BareConsumerDrain.Result bare2 = BareConsumerDrain.run(kafka, topic.name(), topic.partitions(), parallelism);

        double mb = bare1.valueBytes() / 1e6;
        report.table(
                String.format(
                        Locale.ROOT,
                        "Drain: %,d events (%,.0f MB) from %d partitions, parallelism %d",
                        topic.records(), mb, topic.partitions(), parallelism),
                "run", "submission → finish (s)", "events/s (submission → finish)", "first → last record (s)",
                "events/s (first → last)", "events/s (steady 10–90 %)", "start-up (s)", "MB/s (steady)",
                "CPU µs/event (harness JVM)");
        rateRow(report, "job Kafka → Elasticsearch (1, fresh JVM)", cold.rate, mb);
        rateRow(report, "bare KafkaConsumer ×" + parallelism + " (1)", bare1.rate(), mb);
        rateRow(report, "job Kafka → Elasticsearch (2)", warm.rate, mb);
        rateRow(report, "bare KafkaConsumer ×" + parallelism + " (2)", bare2.rate(), mb);
        double wall = warm.rate.wallRate() / mean(bare1.rate().wallRate(), bare2.rate().wallRate());
        double firstToLast =
                warm.rate.firstToLastRate() / mean(bare1.rate().firstToLastRate(), bare2.rate().firstToLastRate());
        double steady = warm.rate.steadyRate() / mean(bare1.rate().steadyRate(), bare2.rate().steadyRate());
        report.row(
                "**ratio job (2) / bare** (mean of both bare runs)",
                "", Report.percent(wall), "", Report.percent(firstToLast), Report.percent(steady), "", "", "");
        report.note(
                "Job: DetectionJob.run on a MiniCluster (1 TaskManager, %d slots), default options but"
                        + " --source.kafka.bounded latest --parallelism %d%s; net runtime reported by Flink %.1f s and"
                        + " %.1f s.",
                parallelism, parallelism, extraJobOptions.isEmpty() ? "" : " " + String.join(" ", extraJobOptions),
                cold.netRuntimeMs / 1000.0, warm.netRuntimeMs / 1000.0);
        for (JobDrain job : List.of(cold, warm)) {
            report.note(
                    "Correctness (job %d): %,d events in (Detect.eventsIn), %,d matched = %,d labelled by the generator"
                            + " on %d hosts; %,d alert documents in Elasticsearch, ids %s the expected ones (%s).",
                    job.run, job.eventsIn, job.matched, topic.expected().matches(), topic.expected().hosts(),
                    job.documents, job.idsMatch ? "equal to" : "NOT equal to", job.expectation);
        }

        ObjectNode raw = report.raw("drain");
        raw.put("events", topic.records());
        raw.put("valueBytes", bare1.valueBytes());
        raw.putPOJO("job1", cold.rate);
        raw.putPOJO("bare1", bare1.rate());
        raw.putPOJO("job2", warm.rate);
        raw.putPOJO("bare2", bare2.rate());
        raw.put("job1NetRuntimeMs", cold.netRuntimeMs);
        raw.put("job2NetRuntimeMs", warm.netRuntimeMs);
        raw.put("ratioWall", wall);
        raw.put("ratioFirstToLast", firstToLast);
        raw.put("ratioSteady", steady);
        raw.put("alertIdsMatch", cold.idsMatch && warm.idsMatch);
        if (!cold.idsMatch || !warm.idsMatch) {
            throw new IllegalStateException("a drain job's alerts are not the expected ones; see the report");
        }
    }

    private record JobDrain(
            int run,
            DrainRate rate, long netRuntimeMs, long eventsIn, long matched, long documents, boolean idsMatch,
            String expectation) {}

    private JobDrain runJob(int run) throws Exception {
        String index = INDEX + run;
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--source", "kafka",
                                "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                                "--source.kafka.topics", topic.name(),
                                "--source.kafka.group-id", "bench-drain-" + UUID.randomUUID(),
                                "--source.kafka.starting-offsets", "earliest",
                                "--source.kafka.bounded", "latest",
                                "--sink", "elasticsearch",
                                "--sink.elasticsearch.hosts", elasticsearch.url().toString(),
                                "--sink.elasticsearch.index", index,
                                "--sink.elasticsearch.install-template", "true",
                                "--parallelism", Integer.toString(parallelism)
                        ));
        args.addAll(extraJobOptions);
        JobSetup setup = JobSetup.fromArgs(args.toArray(String[]::new));
        long start = System.nanoTime();
        BackgroundJob job = BackgroundJob.submit(cluster, () -> DetectionJob.run(setup));
        Progress progress = Progress.start(() -> CounterProbe.sumOrZero(job.id(), DETECT, "eventsIn"));
        JobExecutionResult result = job.await(Duration.ofMinutes(30));
        long end = System.nanoTime();
        progress.close();

        long eventsIn = CounterProbe.sum(job.id(), DETECT, "eventsIn");
        if (eventsIn != topic.records()) {
            throw new IllegalStateException("the job read " + eventsIn + " events, the topic holds " + topic.records());
        }
        LimiterSettings limiter = setup.pipelineSettings().limiter();
        ExpectedAlerts.Expectation expected = topic.expected().limitedBy(limiter.maxAlertsPerWindow(), limiter.window());
        Set<String> ids = elasticsearch.ids(index);
        boolean idsMatch =
                expected.ids() != null ? ids.equals(expected.ids()) : ids.size() == expected.documents();
        long written = CounterProbe.sum(job.id(), ALERT_SINK, "documentsWritten");
        if (written != ids.size()) {
            Log.info("  the sink reports %,d documents written, Elasticsearch holds %,d", written, ids.size());
        }
        return new JobDrain(
                run,
                progress.rate(topic.records(), start, end),
                result.getNetRuntime(),
                eventsIn,
                CounterProbe.sum(job.id(), DETECT, "matched"),
                ids.size(),
                idsMatch,
                describe(expected));
    }

    static String describe(ExpectedAlerts.Expectation e) {
        return String.format(
                Locale.ROOT,
                "%,d matches → %,d alerts, %,d suppressed, %,d summaries",
                e.matches(), e.alerts(), e.suppressed(), e.summaries());
    }

    private static void rateRow(Report report, String name, DrainRate rate, double mb) {
        report.row(
                name,
                rate.wallSeconds(),
                rate.wallRate(),
                rate.firstToLastSeconds(),
                rate.firstToLastRate(),
                rate.steadyRate(),
                rate.startupSeconds(),
                mb * rate.steadyRate() / rate.records(),
                rate.cpuMicrosPerRecord());
    }

    private static double mean(double a, double b) {
        return (a + b) / 2;
    }
}
