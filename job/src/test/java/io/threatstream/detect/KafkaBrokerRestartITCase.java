package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.LocalKafkaBroker;
import io.threatstream.detect.e2e.JobMetrics;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker crashes while the job reads from it: events stream into a broker that runs as a
 * process of its own ({@code deploy/local/kafka.sh}), the job turns them into alerts in
 * Elasticsearch, and the test kills the broker with SIGKILL mid-stream, keeps producing (the
 * producer holds the events until the broker is back), and starts the broker again with its data
 * after some seconds. The job's consumers reconnect and go on from their positions: the job
 * neither fails nor restarts (restarts are off, so any failure would end it), Elasticsearch ends up
 * holding every expected alert exactly once, and the offsets the job commits to Kafka reach the
 * end of the topic again.
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaBrokerRestartITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, TestMiniCluster.noRestarts());

    private static final int PARTITIONS = 3;
    private static final int EVENTS_PER_SECOND = 400;
    private static final Duration BROKER_DOWN = Duration.ofSeconds(10);
    private static final String ALERT_SINK = "Alerts: Elasticsearch";

    private static LocalKafkaBroker broker;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start(Path.of("target", "kafka-broker-restart"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void aKilledAndRestartedBrokerCostsNoAlertAndNoJobFailure() throws Exception {
        String topic = "broker-restart-events";
        String groupId = "broker-restart-" + UUID.randomUUID();
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(topic + ".dead-letter", 1, (short) 1)))
                    .all()
                    .get(1, TimeUnit.MINUTES);
        }
        String index = "logs-brokerrestart.alerts-" + UUID.randomUUID().toString().substring(0, 8);
        FleetSimulator fleet = new FleetSimulator(23, 300, 0.02, 0.01, 1_764_000_000_000L, EVENTS_PER_SECOND);
        String ruleId = RuleLoader.load(null, null).metadata().ruleId();

        try (PacedFleetFeed feed =
                        new PacedFleetFeed(broker.clientProperties(), topic, PARTITIONS, fleet, ruleId, EVENTS_PER_SECOND);
                RunningJob job =
                        RunningJob.start(
                                RunningJob.kafkaToElasticsearch(
                                        broker.bootstrapServers(),
                                        topic,
                                        groupId,
                                        ElasticsearchExtension.node(),
                                        index,
                                        dir,
                                        // Partition discovery runs during the outage too.
                                        "--source.kafka.partition-discovery.interval", "5s"))) {
            feed.start();
            job.await(Duration.ofMinutes(1), "the first alerts in Elasticsearch", () -> count(index) >= 10);

            long sentAtKill = feed.sent();
            long killed = System.nanoTime();
            broker.kill();
            job.keepsRunningFor(BROKER_DOWN, "the broker to stay down");
            String restarted = broker.startAgain();
            Duration down = Duration.ofNanos(System.nanoTime() - killed);
            long sentAtRestart = feed.sent();

            // More events after the restart, then the end of the feed.
            job.await(Duration.ofMinutes(1), "more events after the restart", () -> feed.sent() >= sentAtRestart + 4000);
            Set<String> expected = feed.stopAndFlush();
            job.await(Duration.ofMinutes(2), expected.size() + " alerts in Elasticsearch", () -> count(index) >= expected.size());
            job.await(Duration.ofMinutes(1), "the committed offsets at the end of the topic", () -> committedToTheEnd(topic, groupId));

            assertThat(job.status()).as("job status after the broker restart").isEqualTo(JobStatus.RUNNING);
            List<String> ids = new ArrayList<>();
            long count;
            try (TestClient es = new TestClient(ElasticsearchExtension.node())) {
                for (JsonNode hit : es.searchAll(index)) {
                    ids.add(hit.path("_id").asText());
                }
                count = es.count(index);
            }
            assertThat(ids).as("alert ids").doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as("alert ids").isEqualTo(expected);
            assertThat(count).as("_count").isEqualTo(expected.size());

            JobMetrics metrics = new JobMetrics(METRICS);
            System.out.printf(
                    "KafkaBrokerRestartITCase: broker down %d s (SIGKILL to ready; %s); events: %d before the kill, %d"
                            + " more taken by the producer while it was down, %d in all; %d alerts expected, %d in Elasticsearch (%d distinct ids);"
                            + " duplicates (409) %d%n",
                    down.toSeconds(), restarted, sentAtKill, sentAtRestart - sentAtKill, feed.sent(), expected.size(),
                    count, new HashSet<>(ids).size(), metrics.counter(job.id(), ALERT_SINK, "duplicates"));
        }
    }

    /** Whether the group's committed offsets are the end offsets of every partition of the topic. */
    private static boolean committedToTheEnd(String topic, String groupId) throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream()
                    .allMatch(end -> committed.containsKey(end.getKey())
                            && committed.get(end.getKey()).offset() == end.getValue().offset());
        }
    }

    private static long count(String index) throws Exception {
        try (TestClient es = new TestClient(ElasticsearchExtension.node())) {
            return es.count(index);
        }
    }
}
