package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.pipeline.DetectionPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka → job → Elasticsearch while a task fails three times at different points: before any
 * checkpoint, some records after a completed checkpoint, and right after another one. The job
 * restores from its latest checkpoint each time (fixed-delay restarts) and replays what came after
 * it; the alerts in Elasticsearch are still exactly the expected set, each once, and the one host
 * that exceeds the per-window limit gets exactly one suppression summary with the right count.
 *
 * <p>The test builds the job as {@link DetectionJob#run} does, with a fault-injecting map between
 * the source and the pipeline.
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TaskFailureITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, new Configuration());

    private static final int PARTITIONS = 3;
    private static final int FLEET_EVENTS = 12000;
    private static final int MAX_ALERTS = 5;
    private static final int STORM = 12;
    private static final String STORM_HOST = "storm-host";
    private static final long START = 1_764_000_000_000L; // a 5-minute window starts here

    @TempDir Path dir;

    @Test
    void alertsAreExactlyTheExpectedSetAfterRepeatedTaskFailures() throws Exception {
        String topic = KAFKA.createTopic("failover-events", PARTITIONS);
        KAFKA.createTopicNamed(topic + ".dead-letter", 1);
        String index = "logs-failover.alerts-" + UUID.randomUUID().toString().substring(0, 8);
        String ruleId = io.threatstream.detect.rule.RuleLoader.load(null, null).metadata().ruleId();

        // The fleet's ordinary events (no backdoor writes) round-robin over the partitions, with
        // backdoor writes of hosts that each write one, and a storm of them from one host, all in
        // partition 0 so that which of them pass the limit does not depend on interleaving.
        FleetSimulator fleet = new FleetSimulator(3, 300, 0.02, 0, START, 1000);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> expectedIds = new HashSet<>();
        int storm = 0;
        for (int i = 0; i < FLEET_EVENTS; i++) {
            records.add(new ProducerRecord<>(topic, i % PARTITIONS, null, fleet.event(i)));
            if (i % 150 == 0) {
                byte[] single = backdoorWrite("single-" + i, 0, START + i);
                records.add(new ProducerRecord<>(topic, (i / 150) % PARTITIONS, null, single));
                expectedIds.add(AlertIds.forMatch(ruleId, single));
            }
            if (i >= 1000 && i % 300 == 0 && storm < STORM) {
                byte[] stormEvent = backdoorWrite(STORM_HOST, storm, START + i);
                records.add(new ProducerRecord<>(topic, 0, null, stormEvent));
                if (storm < MAX_ALERTS) {
                    expectedIds.add(AlertIds.forMatch(ruleId, stormEvent));
                }
                storm++;
            }
        }
        assertThat(storm).isEqualTo(STORM);
        KAFKA.produce(records);

        JobSetup setup = JobSetup.fromArgs(jobArgs(topic, index));
        StreamExecutionEnvironment env = setup.createEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(200));
        env.configure(restarts);
        FaultInjector.FAILURES.set(0);
        DataStream<RawRecord> source = Sources.create(env, setup);
        DataStream<RawRecord> faulty = source.map(new FaultInjector()).name("Fault injection").uid("fault-injection");
        DetectionPipeline.Outputs outputs =
                DetectionPipeline.build(faulty, setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
        Sinks.attach(outputs, setup);
        JobID job = env.execute(setup.jobName()).getJobID();

        assertThat(FaultInjector.FAILURES.get()).as("injected failures").isEqualTo(3);

        List<JsonNode> hits;
        long count;
        try (TestClient client = new TestClient(ElasticsearchExtension.node())) {
            client.refresh(index);
            count = client.count(index);
            hits = client.searchAll(index);
        }
        List<String> ids = new ArrayList<>();
        List<JsonNode> summaries = new ArrayList<>();
        for (JsonNode hit : hits) {
            ids.add(hit.path("_id").asText());
            if (hit.path("_source").has("kibana.alert.suppression.docs_count")) {
                summaries.add(hit.path("_source"));
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(count).as("documents in Elasticsearch").isEqualTo(expectedIds.size() + 1);
        assertThat(summaries).as("suppression summaries").hasSize(1);
        assertThat(summaries.get(0).path("kibana.alert.suppression.docs_count").asLong()).isEqualTo(STORM - MAX_ALERTS);
        assertThat(summaries.get(0).path("kibana.alert.suppression.terms").get(0).path("value").get(0).asText())
                .isEqualTo(STORM_HOST);
        Set<String> alertIds = new HashSet<>(ids);
        alertIds.remove(hits.stream().filter(h -> h.path("_source").has("kibana.alert.suppression.docs_count"))
                .findFirst().orElseThrow().path("_id").asText());
        assertThat(alertIds).isEqualTo(expectedIds);

        System.out.printf(
                "TaskFailureITCase: %d alerts + 1 summary expected, %d documents stored, %d duplicates (409) met on replays%n",
                expectedIds.size(), count, counter(job, "Alerts: Elasticsearch", "duplicates"));
    }

    /**
     * Fails subtask 0 three times: on attempt 0 after 400 records (before the first checkpoint can
     * complete, given the pace), on attempt 1 at the 100th record after the first checkpoint that
     * completes in that attempt, on attempt 2 at the first record after its first completed
     * checkpoint. Records are paced at about one per millisecond per subtask, and there are enough
     * of them that each attempt lives through several checkpoints even on a loaded machine.
     */
    static final class FaultInjector extends RichMapFunction<RawRecord, RawRecord> implements CheckpointListener {
        private static final long serialVersionUID = 1L;

        static final AtomicInteger FAILURES = new AtomicInteger();

        private transient long records;
        private transient long recordsSinceCheckpoint;
        private transient int checkpointsCompleted;

        @Override
        public RawRecord map(RawRecord record) {
            LockSupport.parkNanos(1_000_000);
            records++;
            recordsSinceCheckpoint++;
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0 && shouldFail()) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException(
                        "injected failure on attempt " + getRuntimeContext().getTaskInfo().getAttemptNumber());
            }
            return record;
        }

        private boolean shouldFail() {
            switch (getRuntimeContext().getTaskInfo().getAttemptNumber()) {
                case 0:
                    return records == 400;
                case 1:
                    return checkpointsCompleted >= 1 && recordsSinceCheckpoint == 100;
                case 2:
                    return checkpointsCompleted >= 1 && recordsSinceCheckpoint == 1;
                default:
                    return false;
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointsCompleted++;
            recordsSinceCheckpoint = 0;
        }
    }

    private String[] jobArgs(String topic, String index) throws Exception {
        return KafkaToElasticsearchArgs.reading(KAFKA.bootstrapServers(), topic, "failover-" + UUID.randomUUID())
                .toCurrentEnd()
                .writingTo(ElasticsearchExtension.node(), KafkaToElasticsearchArgs.passwordFile(dir), index)
                .and("--checkpoint.interval", "300ms", "--parallelism", "2", "--limit.max-alerts", Integer.toString(MAX_ALERTS))
                .toArray();
    }

    /** The {@code i}-th backdoor log write on {@code host}, at {@code millis}. */
    private static byte[] backdoorWrite(String host, int i, long millis) {
        String time = Instant.ofEpochMilli(millis).toString();
        return ("{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"file\"],\"type\":[\"change\"],"
                        + "\"ingested\":\"" + time + "\"},\"host\":{\"id\":\"" + host + "\",\"name\":\"" + host + "\","
                        + "\"os\":{\"type\":\"linux\"}},\"process\":{\"executable\":\"/usr/sbin/sshd\",\"name\":\"sshd\"},"
                        + "\"file\":{\"name\":\".ilog" + i + "\",\"path\":\"/var/tmp/.ilog" + i + "\"},"
                        + "\"user\":{\"name\":\"root\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long counter(JobID job, String operator, String metric) {
        long sum = 0;
        for (var group : METRICS.getMetricsByGroup().entrySet()) {
            var variables = group.getKey().getAllVariables();
            if (job.toString().equals(variables.get("<job_id>"))
                    && variables.getOrDefault("<operator_name>", "").contains(operator)
                    && group.getValue().get(metric) instanceof org.apache.flink.metrics.Counter c) {
                sum += c.getCount();
            }
        }
        return sum;
    }
}
