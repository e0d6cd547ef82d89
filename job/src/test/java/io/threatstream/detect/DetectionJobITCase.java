package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster, driven through its command-line options as operators run it:
 * a labelled replay file in, alerts and dead letters out.
 */
class DetectionJobITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void writesExactlyOneAlertPerMatchingEventAndDeadLettersTheRest() throws Exception {
        FleetSimulator fleet = new FleetSimulator(7, 300, 0.02, 0.005, 1_764_000_000_000L, 1000);
        int n = 20_000;
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        Set<String> expectedSources = new HashSet<>();
        List<byte[]> malformed = malformedRecords();
        long line = 0;
        for (int i = 0; i < n; i++) {
            if (i % 4000 == 17) {
                for (byte[] bad : malformed) {
                    events.write(bad);
                    events.write('\n');
                    line++;
                }
            }
            events.write(fleet.event(i));
            events.write('\n');
            line++;
            if (fleet.isBackdoorWrite(i)) {
                expectedSources.add(Long.toString(line));
            }
        }
        Path input = dir.resolve("events.ndjson");
        Files.write(input, events.toByteArray());
        Path alerts = dir.resolve("alerts.ndjson");
        Path dead = dir.resolve("dead.ndjson");

        DetectionJob.run(
                JobSetup.fromArgs(
                        new String[] {
                            "--source", "file", "--source.path", input.toString(),
                            "--sink", "file", "--sink.path", alerts.toString(),
                            "--dead-letter.path", dead.toString(),
                            "--limit.max-alerts", "1000000",
                            "--checkpoint.interval", "1s"
                        }));

        List<JsonNode> written = readLines(alerts);
        assertThat(expectedSources).hasSizeGreaterThan(50);
        Set<String> alertedLines = new HashSet<>();
        for (JsonNode alert : written) {
            assertThat(alert.path("event").path("kind").asText()).isEqualTo("alert");
            assertThat(alert.path("kibana.alert.rule.rule_id").asText())
                    .isEqualTo("f28e2be4-6eca-4349-bdd9-381573730c22");
            alertedLines.add(alert.path("threatstream").path("source").path("line").asText());
        }
        assertThat(written).hasSize(expectedSources.size());
        assertThat(alertedLines).isEqualTo(expectedSources);

        List<JsonNode> deadLetters = readLines(dead);
        assertThat(deadLetters).hasSize(malformed.size() * 5);
        for (JsonNode letter : deadLetters) {
            assertThat(letter.path("reason").asText()).isNotBlank();
            assertThat(letter.path("source").path("path").asText()).isEqualTo(input.toAbsolutePath().toString());
            assertThat(letter.has("original_base64")).isTrue();
        }
    }

    @Test
    void limitsAStormToOneHundredAlertsAndASummary() throws Exception {
        Instant windowStart = Instant.parse("2026-11-29T10:00:00Z");
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            String time = windowStart.plusMillis(1000L * i).toString();
            events.append(
                    "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"file\"],\"type\":[\"change\"],"
                            + "\"ingested\":\"" + time + "\"},\"host\":{\"id\":\"storm-host\",\"name\":\"web-01\","
                            + "\"os\":{\"type\":\"linux\"}},\"process\":{\"executable\":\"/usr/sbin/sshd\","
                            + "\"name\":\"sshd\"},\"file\":{\"name\":\".ilog" + i + "\",\"path\":\"/var/tmp/.ilog" + i
                            + "\"},\"user\":{\"name\":\"root\"}}\n");
        }
        Path input = dir.resolve("storm.ndjson");
        Files.writeString(input, events);
        Path alerts = dir.resolve("alerts.ndjson");

        DetectionJob.run(
                JobSetup.fromArgs(
                        new String[] {
                            "--source", "file", "--source.path", input.toString(),
                            "--sink", "file", "--sink.path", alerts.toString(),
                            "--checkpoint.interval", "1s"
                        }));

        List<JsonNode> written = readLines(alerts);
        List<JsonNode> summaries = new ArrayList<>();
        for (JsonNode alert : written) {
            if (alert.has("kibana.alert.suppression.docs_count")) {
                summaries.add(alert);
            }
        }
        assertThat(written).hasSize(101);
        assertThat(summaries).hasSize(1);
        JsonNode summary = summaries.get(0);
        assertThat(summary.path("kibana.alert.suppression.docs_count").asLong()).isEqualTo(150);
        assertThat(summary.path("kibana.alert.suppression.start").asText()).isEqualTo("2026-11-29T10:00:00.000Z");
        assertThat(summary.path("kibana.alert.suppression.end").asText()).isEqualTo("2026-11-29T10:05:00.000Z");
        assertThat(summary.path("kibana.alert.suppression.terms").get(0).path("value").get(0).asText())
                .isEqualTo("storm-host");
    }

    private static List<byte[]> malformedRecords() {
        List<byte[]> bad = new ArrayList<>();
        bad.add("{\"event\":{\"category\":\"file\"".getBytes(StandardCharsets.UTF_8)); // truncated
        bad.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}); // invalid UTF-8
        bad.add(("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)); // 2 MB
        bad.add(("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8)); // deep
        bad.add("[{\"host\":{\"name\":\"a\"}}]".getBytes(StandardCharsets.UTF_8)); // array, not an object
        bad.add(new byte[0]); // empty line
        return bad;
    }

    private static List<JsonNode> readLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
