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
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * Item 1, drain throughput: the preloaded topic read to its end by the job Kafka → Elasticsearch
 * (bounded at the topic's end) and by bare consumers (the ceiling). First the job alone in the
 * fresh JVM, as a job starts, and the bare consumers once, to compile their own loop (both
 * reported, not compared: the first bare run was a third slower than the later ones, which made the
 * ceiling look lower than it is); then {@code rounds} of one bare drain and
 * one job drain, every other round in reverse order, so that the JIT's warming and drift in the
 * machine's speed hit both alike. The ratio is the mean of those job runs against the mean of the
 * bare runs. Every job run must write exactly the alerts the generator's labels call for.
 */
final class DrainPart {

    static final String INDEX = "logs-threatstream.bench-drain";
    private static final String DEAD_LETTER_SUFFIX = "-dead-letter";
    private static final String DETECT = "Detect";
    private static final String ALERT_SINK = "Alerts: Elasticsearch";
    private static final int WARM_UP_INDICES = 6;

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

    void run(Report report, int rounds, int elasticsearchWarmUpRequests) throws Exception {
        double mb = topic.valueBytes() / 1e6;
        report.table(
                String.format(
                        Locale.ROOT,
                        "Drain: %,d events (%,.0f MB) from %d partitions, parallelism %d",
                        topic.records(), mb, topic.partitions(), parallelism),
                "run", "submission → finish (s)", "events/s (submission → finish)", "first → last record (s)",
                "events/s (first → last)", "events/s (steady 10–90 %)", "start-up (s)", "MB/s (steady)",
                "CPU µs/event (harness JVM)", "CPU µs/event (other processes)");
        ObjectNode raw = report.raw("drain");
        raw.put("events", topic.records());
        raw.put("valueBytes", topic.valueBytes());

        Log.info("Drain: the job, Kafka -> Elasticsearch (fresh JVM)");
        elasticsearch.createDataStream(INDEX + 1, INDEX + 1 + DEAD_LETTER_SUFFIX);
        List<JobDrain> jobs = new ArrayList<>();
        JobDrain cold = runJob(1);
        jobs.add(cold);
        rateRow(report, "job Kafka → Elasticsearch (1, fresh JVM)", cold.rate, mb);
        raw.withArray("runs").addObject().put("run", "job 1").putPOJO("rate", cold.rate);

        // The timed runs' alert data streams are made to look like a production one, which has long
        // existed: they hold the first run's alert fields already, and they are created a minute or
        // more before their runs (the warm-up below takes that long), so that their shards have gone
        // 30 s without a search and the node treats them as search-idle, not refreshing them every
        // second while alerts arrive.
        for (int run = 2; run <= rounds + 1; run++) {
            elasticsearch.createDataStream(INDEX + run, INDEX + run + DEAD_LETTER_SUFFIX);
            elasticsearch.copyMappings(INDEX + 1, INDEX + run);
        }

        if (elasticsearchWarmUpRequests > 0) {
            Log.info("Drain: warming Elasticsearch up (%,d bulk requests)", elasticsearchWarmUpRequests);
            long start = System.nanoTime();
            long documents = elasticsearch.warmUp(INDEX + cold.run, elasticsearchWarmUpRequests, WARM_UP_INDICES);
            report.note(
                    "Elasticsearch warmed up after the job's first run: %,d bulk requests of %,d alert documents into %d"
                            + " new indices, deleted afterwards (%.0f s).",
                    elasticsearchWarmUpRequests, documents, WARM_UP_INDICES, (System.nanoTime() - start) / 1e9);
        }

        DrainRate coldBare = runBare("bare consumers (warm-up)");
        rateRow(report, "bare KafkaConsumer ×" + parallelism + " (warm-up)", coldBare, mb);
        raw.withArray("runs").addObject().put("run", "bare warm-up").putPOJO("rate", coldBare);

        List<DrainRate> bare = new ArrayList<>();
        List<DrainRate> warm = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean jobTurn : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (jobTurn) {
                    int run = jobs.size() + 1;
                    Log.info("Drain: the job, Kafka -> Elasticsearch (%d)", run);
                    JobDrain job = runJob(run);
                    jobs.add(job);
                    warm.add(job.rate);
                    rateRow(report, "job Kafka → Elasticsearch (" + run + ")", job.rate, mb);
                    raw.withArray("runs").addObject().put("run", "job " + run).putPOJO("rate", job.rate);
                } else {
                    int run = bare.size() + 1;
                    DrainRate rate = runBare("bare consumers (" + run + ")");
                    bare.add(rate);
                    rateRow(report, "bare KafkaConsumer ×" + parallelism + " (" + run + ")", rate, mb);
                    raw.withArray("runs").addObject().put("run", "bare " + run).putPOJO("rate", rate);
                }
            }
        }
        double wall = mean(warm, DrainRate::wallRate) / mean(bare, DrainRate::wallRate);
        double firstToLast = mean(warm, DrainRate::firstToLastRate) / mean(bare, DrainRate::firstToLastRate);
        double steady = mean(warm, DrainRate::steadyRate) / mean(bare, DrainRate::steadyRate);
        report.row(
                "**ratio job / bare** (means, the fresh-JVM run and the bare warm-up left out)",
                "", Report.percent(wall), "", Report.percent(firstToLast), Report.percent(steady), "", "",
                String.format(
                        Locale.ROOT, "%.2f×",
                        mean(warm, DrainRate::cpuMicrosPerRecord) / mean(bare, DrainRate::cpuMicrosPerRecord)),
                String.format(
                        Locale.ROOT, "%.2f×",
                        mean(warm, DrainRate::otherCpuMicrosPerRecord) / mean(bare, DrainRate::otherCpuMicrosPerRecord)));
        raw.put("ratioWall", wall);
        raw.put("ratioFirstToLast", firstToLast);
        raw.put("ratioSteady", steady);

        StringBuilder runtimes = new StringBuilder();
        for (JobDrain job : jobs) {
            runtimes.append(runtimes.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f s", job.netRuntimeMs / 1000.0));
        }
        report.note(
                "Job: DetectionJob.run on a MiniCluster (1 TaskManager, %d slots), default options but"
                        + " --source.kafka.bounded latest --parallelism %d%s; net runtimes reported by Flink: %s.",
                parallelism, parallelism, extraJobOptions.isEmpty() ? "" : " " + String.join(" ", extraJobOptions),
                runtimes);
        boolean allMatch = true;
        for (JobDrain job : jobs) {
            report.note(
                    "Correctness (job %d): %,d events in (Detect.eventsIn), %,d matched = %,d labelled by the generator"
                            + " on %d hosts; %,d alert documents in Elasticsearch, ids %s the expected ones (%s).",
                    job.run, job.eventsIn, job.matched, topic.expected().matches(), topic.expected().hosts(),
                    job.documents, job.idsMatch ? "equal to" : "NOT equal to", job.expectation);
            allMatch &= job.idsMatch;
        }
        raw.put("alertIdsMatch", allMatch);
        if (!allMatch) {
            throw new IllegalStateException("a drain job's alerts are not the expected ones; see the report");
        }
    }

    private static double mean(List<DrainRate> runs, ToDoubleFunction<DrainRate> figure) {
        return runs.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private record JobDrain(
            int run,
            DrainRate rate, long netRuntimeMs, long eventsIn, long matched, long documents, boolean idsMatch,
            String expectation) {}

    private DrainRate runBare(String what) throws Exception {
        Log.info("Drain: %s", what);
        BareConsumerDrain.Result result = BareConsumerDrain.run(kafka, topic.name(), topic.partitions(), parallelism);
        if (result.valueBytes() != topic.valueBytes()) {
            throw new IllegalStateException(
                    "bare consumers read " + result.valueBytes() + " bytes, " + topic.valueBytes() + " were written");
        }
        return result.rate();
    }

    private JobDrain runJob(int run) throws Exception {
        String index = INDEX + run;
        String deadLetterIndex = index + DEAD_LETTER_SUFFIX;
        List<String> args = topic.readToItsEnd(kafka, "bench-drain-", parallelism);
        args.addAll(List.of(
                "--sink", "elasticsearch",
                "--sink.elasticsearch.hosts", elasticsearch.url().toString(),
                "--sink.elasticsearch.index", index,
                "--sink.elasticsearch.dead-letter-index", deadLetterIndex,
                "--sink.elasticsearch.install-template", "true"));
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
                rate.cpuMicrosPerRecord(),
                rate.otherCpuMicrosPerRecord());
    }

}
