package io.threatstream.detect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.TestMiniCluster;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.e2e.TopicFeed.ExpectedAlert;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert Elasticsearch refuses does not stop the job: a misbehaving agent reports {@code
 * file.size} as text, which the sink's index template maps as a number (as ECS does), so
 * Elasticsearch rejects those alerts with a mapping error. They land in the dead-letter index with
 * Elasticsearch's reason, and every other alert, before and after them, is written.
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RejectedAlertITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, new Configuration());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void alertsElasticsearchRejectsGoToTheDeadLetterIndexAndTheRestAreWritten() throws Exception {
        TestStack stack = new TestStack(KAFKA, ElasticsearchExtension.node(), dir);
        String topic = KAFKA.createTopic("e2e-rejected", 3);
        KAFKA.createTopicNamed(topic + ".dead-letter", 1);
        String index = TestStack.uniqueDataStream("e2e.rejected");
        String ruleId = RuleLoader.load(null, null).metadata().ruleId();

        FleetSimulator fleet = new FleetSimulator(5, 100, 0.05, 0.01, 1_764_000_000_000L, 1000);
        TopicFeed feed = new TopicFeed(ruleId);
        List<byte[]> refused = new ArrayList<>();
        feed.fleet(fleet, 0, 1000);
        for (int i = 0; i < 3; i++) {
            refused.add(backdoorWriteWithTextualFileSize(i));
            feed.match(refused.get(i));
        }
        feed.fleet(fleet, 1000, 1000);
        TopicFeed.Written written = feed.writeTo(KAFKA, topic, 3);
        List<String> refusedIds = refused.stream().map(event -> AlertIds.forMatch(ruleId, event)).toList();
        List<String> acceptedIds =
                written.alerts().stream().map(ExpectedAlert::id).filter(id -> !refusedIds.contains(id)).toList();
        assertThat(acceptedIds).as("fleet matches").hasSizeGreaterThan(10);

        JobID job = DetectionJob.run(JobSetup.fromArgs(stack.kafkaToElasticsearch(topic, index))).getJobID();

        assertThat(stack.documents(index).keySet()).containsExactlyInAnyOrderElementsOf(acceptedIds);
        Map<String, JsonNode> deadLetters = stack.documents(index + "-dead-letter");
        assertThat(deadLetters.keySet()).containsExactlyInAnyOrderElementsOf(refusedIds);
        for (String id : refusedIds) {
            JsonNode letter = deadLetters.get(id).path("_source");
            assertThat(letter.path("error").path("code").asText()).isEqualTo("400");
            assertThat(letter.path("error").path("type").asText()).isEqualTo("document_parsing_exception");
            assertThat(letter.path("error").path("message").asText())
                    .contains("failed to parse field [file.size] of type [long]");
            assertThat(letter.path("labels").path("target_index").asText()).isEqualTo(index);
            JsonNode alert = JSON.readTree(letter.path("event").path("original").asText());
            assertThat(alert.path("kibana.alert.uuid").asText()).isEqualTo(id);
            assertThat(alert.path("file").path("size").asText()).isEqualTo("12 KB");
        }
        JobMetrics metrics = new JobMetrics(METRICS);
        assertThat(metrics.counter(job, "Alerts: Elasticsearch", "deadLettered")).isEqualTo(refusedIds.size());
    }

    /** An Elastic Defend–shaped backdoor log write whose agent reports the file size as text. */
    private static byte[] backdoorWriteWithTextualFileSize(int i) {
        String time = "2025-11-24T16:0" + i + ":00.000Z";
        return ("{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"file\"],\"type\":[\"change\"],"
                        + "\"kind\":\"event\",\"ingested\":\"" + time + "\"},"
                        + "\"host\":{\"name\":\"legacy-agent-" + i + "\",\"id\":\"legacy-" + i + "\",\"os\":{\"type\":\"linux\"}},"
                        + "\"process\":{\"executable\":\"/usr/sbin/sshd\",\"name\":\"sshd\",\"pid\":4242},"
                        + "\"file\":{\"path\":\"/var/tmp/.ilog\",\"name\":\".ilog\",\"size\":\"12 KB\"},"
                        + "\"user\":{\"name\":\"root\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
