package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.LocalElasticsearch;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.e2e.JobMetrics;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch goes away while alerts flow: events stream into Kafka at a steady pace, the job
 * writes their alerts into a node of the test's own, and the test stops that node's process for at
 * least 30 s, then starts it again with its data. The sink retries with backoff and back-pressures
 * the job meanwhile: the job neither fails nor restarts (restarts are off, so any failure would end
 * it), and afterwards Elasticsearch holds every expected alert exactly once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ElasticsearchOutageITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, TestMiniCluster.noRestarts());

    private static final int PARTITIONS = 3;
    private static final int EVENTS_PER_SECOND = 400;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String ALERT_SINK = "Alerts: Elasticsearch";

    /** A node of this test's own: stopping the one the other tests share would break them. */
    private static LocalElasticsearch elasticsearch;

    @TempDir Path dir;

    @BeforeAll
    static void startElasticsearch() {
        elasticsearch = LocalElasticsearch.startSeparate("outage");
    }

    @AfterAll
    static void stopElasticsearch() {
        if (elasticsearch != null) {
            elasticsearch.stop();
        }
    }

    @Test
    void aStoppedAndRestartedElasticsearchCostsNoAlertAndNoJobFailure() throws Exception {
        String topic = KAFKA.createTopic("es-outage-events", PARTITIONS);
        KAFKA.createTopicNamed(topic + ".dead-letter", 1);
        String index = "logs-outage.alerts-" + UUID.randomUUID().toString().substring(0, 8);
        FleetSimulator fleet = new FleetSimulator(17, 300, 0.02, 0.01, 1_764_000_000_000L, EVENTS_PER_SECOND);
        String ruleId = RuleLoader.load(null, null).metadata().ruleId();

        try (PacedFleetFeed feed =
                        new PacedFleetFeed(KAFKA.clientProperties(), topic, PARTITIONS, fleet, ruleId, EVENTS_PER_SECOND);
                RunningJob job =
                        RunningJob.start(RunningJob.kafkaToElasticsearch(
                                KAFKA.bootstrapServers(), topic, "es-outage-" + UUID.randomUUID(), elasticsearch, index, dir))) {
            feed.start();
            job.await(Duration.ofMinutes(1), "the first alerts in Elasticsearch", () -> count(index) >= 10);

            long outageStart = System.nanoTime();
            elasticsearch.stop();
            // Alerts keep coming; the sink must fail on them and retry, and the job must live on.
            job.await(Duration.ofMinutes(1), "the sink to retry", () -> retries(job) > 0);
            job.keepsRunningFor(OUTAGE.minusNanos(System.nanoTime() - outageStart), "the outage");
            long retriesDuringOutage = retries(job);
            elasticsearch.startAgain();
            Duration outage = Duration.ofNanos(System.nanoTime() - outageStart);

            // A little more traffic after the outage, then the end of the feed.
            long sentAtRestart = feed.sent();
            job.await(Duration.ofMinutes(1), "more events after the outage", () -> feed.sent() >= sentAtRestart + 4000);
            Set<String> expected = feed.stopAndFlush();
            job.await(Duration.ofMinutes(2), expected.size() + " alerts in Elasticsearch", () -> count(index) >= expected.size());

            assertThat(job.status()).as("job status after the outage").isEqualTo(JobStatus.RUNNING);
            List<String> ids = new ArrayList<>();
            long count;
            try (TestClient es = new TestClient(elasticsearch)) {
                for (JsonNode hit : es.searchAll(index)) {
                    ids.add(hit.path("_id").asText());
                }
                count = es.count(index);
                assertThat(es.count(index + "-dead-letter")).as("alerts Elasticsearch rejected").isZero();
            }
            assertThat(ids).as("alert ids").doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as("alert ids").isEqualTo(expected);
            assertThat(count).as("_count").isEqualTo(expected.size());
            long retries = retries(job);
            assertThat(retries).as("documents the sink sent again").isPositive();

            JobMetrics metrics = new JobMetrics(METRICS);
            System.out.printf(
                    "ElasticsearchOutageITCase: outage %d s (stop to ready); %d events; %d alerts expected, %d in"
                            + " Elasticsearch (%d distinct ids); retries %d (%d before the restart), duplicates (409) %d%n",
                    outage.toSeconds(), feed.sent(), expected.size(), count, new HashSet<>(ids).size(), retries,
                    retriesDuringOutage, metrics.counter(job.id(), ALERT_SINK, "duplicates"));
        }
    }

    /** Documents in {@code index}, through a client of its own: one from before the outage may hold dead connections. */
    private static long count(String index) throws Exception {
        try (TestClient es = new TestClient(elasticsearch)) {
            return es.count(index);
        }
    }

    private static long retries(RunningJob job) {
        return new JobMetrics(METRICS).counter(job.id(), ALERT_SINK, "retries");
    }
}
