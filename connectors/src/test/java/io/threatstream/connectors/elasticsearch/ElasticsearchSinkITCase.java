package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.record.Document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.testutils.CommonTestUtils;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink in a Flink MiniCluster against a real Elasticsearch (HTTPS, basic auth). */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchSinkITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .build());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestClient elasticsearch;

    @BeforeAll
    static void connect() throws IOException {
        elasticsearch = new TestClient(ElasticsearchExtension.node());
    }

    @AfterAll
    static void disconnect() throws IOException {
        elasticsearch.close();
    }

    private static String uniqueIndex(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static String alertJson(int i) {
        return "{\"@timestamp\":\"2024-06-01T12:00:" + String.format("%02d", i % 60) + ".000Z\","
                + "\"event\":{\"kind\":\"alert\"},"
                + "\"host\":{\"name\":\"host-" + (i % 7) + "\"},"
                + "\"kibana\":{\"alert\":{\"uuid\":\"alert-" + i + "\","
                + "\"original_time\":\"2024-06-01T11:59:00.000Z\","
                + "\"rule\":{\"name\":\"Potential OpenSSH Backdoor Logging Activity\",\"version\":\"211\"},"
                + "\"suppression\":{\"docs_count\":" + i + "}}},"
                + "\"message\":\"alert number " + i + "\"}";
    }

    private static List<Document> alerts(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document("alert-" + i, alertJson(i).getBytes(StandardCharsets.UTF_8)));
        }
        return documents;
    }

    /** Runs a job that writes the documents; its unique name finds its metrics afterwards. */
    private static String write(List<Document> documents, ElasticsearchSink sink) throws Exception {
        String jobName = "write-" + UUID.randomUUID();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(documents).sinkTo(sink).name("elasticsearch");
        env.execute(jobName);
        return jobName;
    }

    /** The sum over all sink subtasks of one of the sink's counters. */
    private static long counter(String jobName, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : METRICS.getMetricsByGroup().entrySet()) {
            Metric metric = group.getValue().get(name);
            if (metric instanceof Counter && Arrays.asList(group.getKey().getScopeComponents()).contains(jobName)) {
                sum += ((Counter) metric).getCount();
            }
        }
        return sum;
    }

    /** The count, or -1 while a new index's shards are not ready yet (503) and the poll should go on. */
    private static long countIfReady(String index) {
        try {
            return elasticsearch.count(index);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long count(String index) {
        try {
            return elasticsearch.count(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesAlertsIntoADataStreamAndAReplayWritesNothingTwice() throws Exception {
        String index = uniqueIndex("logs-itcase.alerts-");
        List<Document> documents = alerts(500);
        ElasticsearchSink sink = ElasticsearchExtension.node().sinkBuilder()
                .setIndex(index)
                .setInstallTemplates(true)
                .setMaxBatchSize(100)
                .build();

        String first = write(documents, sink);

        Map<String, JsonNode> stored = elasticsearch.searchAll(index).stream()
                .collect(Collectors.toMap(hit -> hit.path("_id").asText(), hit -> hit.path("_source")));
        assertThat(stored).hasSize(500);
        for (Document document : documents) {
            assertThat(stored.get(document.id)).as(document.id).isEqualTo(MAPPER.readTree(document.json));
        }
        assertThat(counter(first, "documentsWritten")).isEqualTo(500);
        assertThat(counter(first, "duplicates")).isZero();
        assertThat(counter(first, "requests")).isGreaterThanOrEqualTo(5);
        // The installed template typed the alert fields.
        JsonNode mapping = elasticsearch.call("GET", "/" + index + "/_mapping", null);
        JsonNode alert = mapping.elements().next().path("mappings").path("properties").path("kibana").path("properties")
                .path("alert").path("properties");
        assertThat(alert.path("original_time").path("type").asText()).isEqualTo("date");
        assertThat(alert.path("suppression").path("properties").path("docs_count").path("type").asText()).isEqualTo("long");

        String replay = write(documents, sink);

        assertThat(elasticsearch.count(index)).isEqualTo(500);
        assertThat(counter(replay, "duplicates")).isEqualTo(500);
        assertThat(counter(replay, "documentsWritten")).isZero();
        assertThat(counter(replay, "deadLettered")).isZero();
    }

    /**
     * Every writer subtask installs the templates at every start; one that is already there as this
     * sink would write it (same content digest) is left alone, anything else is replaced.
     */
    @Test
    void anInstalledTemplateIsReplacedOnlyWhenItIsNotTheSinksOwn() throws Exception {
        String index = uniqueIndex("logs-itcase.templates-");
        ElasticsearchSink sink = ElasticsearchExtension.node().sinkBuilder()
                .setIndex(index)
                .setInstallTemplates(true)
                .build();
        write(alerts(1), sink);
        ObjectNode installed = installedTemplate(index);
        assertThat(installed.path("priority").asInt()).isEqualTo(200);
        assertThat(installed.path("_meta").path("content_sha256").asText()).hasSize(64);

        ObjectNode marked = installed.deepCopy();
        ((ObjectNode) marked.path("_meta")).put("marker", "left alone");
        elasticsearch.call("PUT", "/_index_template/" + index, marked.toString());
        write(alerts(1), sink);
        assertThat(installedTemplate(index).path("_meta").path("marker").asText()).isEqualTo("left alone");

        ObjectNode older = installed.deepCopy();
        older.put("priority", 150);
        ((ObjectNode) older.path("_meta")).put("content_sha256", "an older version of the sink's template");
        elasticsearch.call("PUT", "/_index_template/" + index, older.toString());
        write(alerts(1), sink);
        assertThat(installedTemplate(index)).isEqualTo(installed);
    }

    private static ObjectNode installedTemplate(String name) throws IOException {
        return (ObjectNode) elasticsearch.call("GET", "/_index_template/" + name, null)
                .path("index_templates").path(0).path("index_template");
    }

    @Test
    void documentsTheMappingRefusesGoToTheDeadLetterIndexAndTheRestIsWritten() throws Exception {
        String index = uniqueIndex("itcase-typed-");
        elasticsearch.createIndex(index, "{\"properties\":{\"n\":{\"type\":\"long\"},\"@timestamp\":{\"type\":\"date\"}}}");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            documents.add(new Document("good-" + i, ("{\"@timestamp\":\"2024-06-01T12:00:00Z\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        String wrongType = "{\"@timestamp\":\"2024-06-01T12:00:00Z\",\"n\":\"abc\"}";
        String truncated = "{\"@timestamp\":\"2024-06-01T12:00:00Z\",\"n\":";
        documents.add(7, new Document("wrong-type", wrongType.getBytes(StandardCharsets.UTF_8)));
        documents.add(13, new Document("truncated", truncated.getBytes(StandardCharsets.UTF_8)));
        ElasticsearchSink sink = ElasticsearchExtension.node().sinkBuilder().setIndex(index).build();

        String job = write(documents, sink);

        assertThat(elasticsearch.count(index)).isEqualTo(20);
        Map<String, JsonNode> deadLetters = elasticsearch.searchAll(index + "-dead-letter").stream()
                .collect(Collectors.toMap(hit -> hit.path("_id").asText(), hit -> hit.path("_source")));
        assertThat(deadLetters).containsOnlyKeys("wrong-type", "truncated");
        JsonNode rejected = deadLetters.get("wrong-type");
        assertThat(rejected.path("error").path("code").asText()).isEqualTo("400");
        assertThat(rejected.path("error").path("type").asText()).isEqualTo("document_parsing_exception");
        assertThat(rejected.path("error").path("message").asText()).contains("failed to parse field [n] of type [long]");
        assertThat(rejected.path("event").path("original").asText()).isEqualTo(wrongType);
        assertThat(rejected.path("labels").path("target_index").asText()).isEqualTo(index);
        assertThat(deadLetters.get("truncated").path("event").path("original").asText()).isEqualTo(truncated);
        assertThat(counter(job, "deadLettered")).isEqualTo(2);
        assertThat(counter(job, "documentsWritten")).isEqualTo(22); // 20 alerts + 2 dead letters
    }

    @Test
    void aCheckpointSendsWhatIsBuffered() throws Exception {
        String index = uniqueIndex("itcase-checkpoint-");
        // Neither the batch size nor the flush interval can trigger a request here: only checkpoints.
        ElasticsearchSink sink = ElasticsearchExtension.node().sinkBuilder()
                .setIndex(index)
                .setMaxBatchSize(1000)
                .setMaxTimeInBuffer(Duration.ofHours(1))
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        DataGeneratorSource<Document> endless = new DataGeneratorSource<>(
                i -> new Document("doc-" + i, ("{\"@timestamp\":\"2024-06-01T12:00:00Z\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)),
                Long.MAX_VALUE,
                RateLimiterStrategy.perCheckpoint(5),
                TypeInformation.of(Document.class));
        env.fromSource(endless, WatermarkStrategy.noWatermarks(), "endless").sinkTo(sink);
        JobClient job = env.executeAsync("checkpoint flush");
        try {
            CommonTestUtils.waitUtil(
                    () -> countIfReady(index) >= 20,
                    Duration.ofSeconds(90),
                    Duration.ofMillis(200),
                    "fewer than 20 documents reached Elasticsearch while the job ran");
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
        } finally {
            job.cancel().get();
        }
    }
}
