package io.threatstream.detect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatstream.connectors.elasticsearch.ElasticsearchExtension;
import io.threatstream.connectors.elasticsearch.TestClient;
import io.threatstream.connectors.kafka.DeadLetterRecordSerializer;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.TestMiniCluster;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.e2e.TopicFeed.Coordinates;
import io.threatstream.detect.e2e.TopicFeed.ExpectedAlert;
import io.threatstream.detect.e2e.TopicFeed.ExpectedDeadLetter;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as it runs in production, on real servers: labelled events and unreadable records
 * in a 3-partition Kafka topic → the job (bounded at the topic's end) → alerts in Elasticsearch
 * (HTTPS, basic auth, the sink's index templates) and dead letters in the Kafka dead-letter topic.
 * The first test to run writes the topic and runs the job once (on the test's MiniCluster, which
 * is only the context environment during a test); each test checks one outcome of that run.
 */
@ExtendWith(ElasticsearchExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaToElasticsearchITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, new Configuration());

    private static final int PARTITIONS = 3;
    private static final int EVENTS = 20_000;
    private static final String DETECT = "Detect";
    private static final String ALERT_SINK = "Alerts: Elasticsearch";

    @TempDir static Path dir;

    private static TestStack stack;
    private static String topic;
    private static String index;
    private static TopicFeed.Written written;
    private static JobID firstRun;

    private static synchronized void writeTheTopicAndRunTheJobOnce() throws Exception {
        if (firstRun != null) {
            return;
        }
        stack = new TestStack(KAFKA, ElasticsearchExtension.node(), dir);
        topic = KAFKA.createTopic("e2e-events", PARTITIONS);
        KAFKA.createTopicNamed(topic + ".dead-letter", 1);
        index = TestStack.uniqueDataStream("e2e.alerts");

        // 300 hosts of all four agent shapes; 1 in 200 events a backdoor write on an infected host.
        FleetSimulator fleet = new FleetSimulator(11, 300, 0.02, 0.005, 1_764_000_000_000L, 1000);
        TopicFeed feed = new TopicFeed(RuleLoader.load(null, null).metadata().ruleId());
        for (int from = 0; from < EVENTS; from += EVENTS / 4) {
            feed.fleet(fleet, from, EVENTS / 4);
            unreadableRecords(feed);
        }
        written = feed.writeTo(KAFKA, topic, PARTITIONS);

        firstRun = DetectionJob.run(JobSetup.fromArgs(jobArgs())).getJobID();
    }

    @BeforeEach
    void firstRun() throws Exception {
        writeTheTopicAndRunTheJobOnce();
    }

    @Test
    void elasticsearchHoldsExactlyOneAlertPerMatchingEvent() throws Exception {
        List<ExpectedAlert> expected = written.alerts();
        assertThat(expected).as("matching events in the topic").hasSizeGreaterThan(50);
        // The limiter's default (100 alerts per host and window) lets them all through.
        assertThat(expected.stream().collect(Collectors.groupingBy(ExpectedAlert::hostName, Collectors.counting())))
                .as("matches per host")
                .hasSizeGreaterThan(1)
                .allSatisfy((host, count) -> assertThat(count).isLessThan(100));

        Map<String, JsonNode> stored = stack.documents(index);

        assertThat(stored.keySet())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(ExpectedAlert::id).toList());
        for (ExpectedAlert alert : expected) {
            JsonNode source = stored.get(alert.id()).path("_source");
            assertThat(source.path("kibana.alert.uuid").asText()).isEqualTo(alert.id());
            assertThat(source.path("kibana.alert.rule.rule_id").asText())
                    .isEqualTo("f28e2be4-6eca-4349-bdd9-381573730c22");
            assertThat(source.path("event").path("kind").asText()).isEqualTo("alert");
            assertThat(AlertFields.hostName(source)).as("host of %s", alert.id()).isEqualTo(alert.hostName());
            assertThat(source.path("kibana.alert.original_time").asText()).isEqualTo(alert.originalTime());
            assertThat(source.path("kibana.alert.reason").asText())
                    .contains(" on " + alert.hostName() + " ")
                    .endsWith("alert Potential OpenSSH Backdoor Logging Activity.");
            assertThat(sourceOf(source)).isEqualTo(alert.source());
        }
        try (TestClient client = new TestClient(ElasticsearchExtension.node())) {
            assertThat(client.count(index + "-dead-letter")).as("alerts Elasticsearch rejected").isZero();
        }

        JobMetrics metrics = new JobMetrics(METRICS);
        assertThat(metrics.counter(firstRun, DETECT, "eventsIn")).isEqualTo(written.records());
        assertThat(metrics.counter(firstRun, DETECT, "matched")).isEqualTo(expected.size());
        assertThat(metrics.counter(firstRun, DETECT, "deadLettered")).isEqualTo(written.deadLetters().size());
        assertThat(metrics.counter(firstRun, ALERT_SINK, "documentsWritten")).isEqualTo(expected.size());
        assertThat(metrics.counter(firstRun, ALERT_SINK, "duplicates")).isZero();
    }

    @Test
    void unreadableRecordsReachTheDeadLetterTopicWithTheirReasonAndOriginalBytes() {
        List<ExpectedDeadLetter> expected = written.deadLetters();

        List<ConsumerRecord<byte[], byte[]>> letters =
                KAFKA.consume(topic + ".dead-letter", expected.size(), Duration.ofSeconds(30));

        assertThat(letters).hasSize(expected.size());
        Map<Coordinates, ConsumerRecord<byte[], byte[]>> bySource =
                letters.stream().collect(Collectors.toMap(KafkaToElasticsearchITCase::sourceOf, Function.identity()));
        assertThat(bySource.keySet())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(ExpectedDeadLetter::source).toList());
        for (ExpectedDeadLetter letter : expected) {
            ConsumerRecord<byte[], byte[]> record = bySource.get(letter.source());
            assertThat(header(record, DeadLetterRecordSerializer.REASON))
                    .as("reason for %s", letter.source())
                    .startsWith(letter.reasonLabel());
            byte[] original = letter.value() != null ? letter.value() : new byte[0];
            assertThat(record.value()).as("bytes of %s", letter.source()).isEqualTo(original);
        }
    }

    @Test
    void aReplayFromTheStartWritesNothingTwice() throws Exception {
        Map<String, JsonNode> before = stack.documents(index);

        // A new consumer group from the earliest offsets, as an operator replaying the topic would;
        // its dead letters go to a topic of their own.
        JobID replay =
                DetectionJob.run(JobSetup.fromArgs(jobArgs("--dead-letter.kafka.topic", topic + ".replay-dead-letter")))
                        .getJobID();

        Map<String, JsonNode> after = stack.documents(index);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.values()).allSatisfy(hit -> assertThat(hit.path("_version").asLong()).isEqualTo(1));
        for (Map.Entry<String, JsonNode> document : before.entrySet()) {
            assertThat(after.get(document.getKey()).path("_source")).isEqualTo(document.getValue().path("_source"));
        }
        JobMetrics metrics = new JobMetrics(METRICS);
        assertThat(metrics.counter(replay, DETECT, "matched")).isEqualTo(written.alerts().size());
        assertThat(metrics.counter(replay, ALERT_SINK, "duplicates")).isEqualTo(written.alerts().size());
        assertThat(metrics.counter(replay, ALERT_SINK, "documentsWritten")).isZero();
        assertThat(metrics.counter(replay, ALERT_SINK, "deadLettered")).isZero();
    }

    /**
     * Kafka → Elasticsearch over the test topic and index. Records over 64 KiB are too large: the
     * default limit (1 MiB) is above what a Kafka producer sends by default.
     */
    private static String[] jobArgs(String... extra) {
        String[] limit = {"--parser.max-record-bytes", "65536"};
        String[] all = new String[limit.length + extra.length];
        System.arraycopy(limit, 0, all, 0, limit.length);
        System.arraycopy(extra, 0, all, limit.length, extra.length);
        return stack.kafkaToElasticsearch(topic, index, all);
    }

    /** Records the job cannot read, each with the label its dead letter's reason starts with. */
    private static void unreadableRecords(TopicFeed feed) {
        feed.unreadable(utf8("{\"event\":{\"category\":\"file\""), "not parseable JSON");
        feed.unreadable(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, "not parseable JSON");
        feed.unreadable(utf8("{\"a\":\"" + "x".repeat(100_000) + "\"}"), "record too large");
        feed.unreadable(utf8("{\"a\":".repeat(100) + "1" + "}".repeat(100)), "nesting too deep");
        feed.unreadable(utf8("[{\"host\":{\"name\":\"a\"}}]"), "not a JSON object");
        feed.unreadable(new byte[0], "empty record");
        feed.unreadable(null, "empty record"); // a tombstone
    }

    private static Coordinates sourceOf(JsonNode alert) {
        JsonNode source = alert.path("threatstream").path("source");
        assertThat(source.path("type").asText()).isEqualTo("kafka");
        return new Coordinates(
                source.path("topic").asText(), source.path("partition").asInt(), source.path("offset").asLong());
    }

    private static Coordinates sourceOf(ConsumerRecord<byte[], byte[]> letter) {
        return new Coordinates(
                header(letter, DeadLetterRecordSerializer.SOURCE_TOPIC),
                Integer.parseInt(header(letter, DeadLetterRecordSerializer.SOURCE_PARTITION)),
                Long.parseLong(header(letter, DeadLetterRecordSerializer.SOURCE_OFFSET)));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
