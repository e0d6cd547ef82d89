package io.threatstream.detect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.detect.DetectionJob;
import io.threatstream.detect.TestMiniCluster;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile records mixed into an ordinary replay: each one is either evaluated by the documented
 * semantics (docs/semantics.md, {@code FieldExtractor}) or dead-lettered with the reason its kind
 * names; the job reads on to the end of the file, and the Detect counters add up to the records
 * read.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileInputITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestMiniCluster.withMetrics(METRICS, new Configuration());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DETECT = "Detect";

    /** What the job must make of one record: an alert, nothing, or a dead letter with a reason. */
    private record Hostile(String what, byte[] bytes, Outcome outcome, String reasonLabel) {}

    private enum Outcome {
        MATCH,
        NO_MATCH,
        DEAD_LETTER
    }

    @TempDir Path dir;

    @Test
    void everyHostileRecordIsEvaluatedOrDeadLetteredAndTheCountersAddUp() throws Exception {
        String ruleId = RuleLoader.load(null, null).metadata().ruleId();
        FleetSimulator fleet = new FleetSimulator(7, 300, 0.02, 0.005, 1_764_000_000_000L, 1000);
        int fleetEvents = 10_000;

        // The hostile records come in three batches between fleet events, so that ordinary events
        // before and after each batch show that the job reads on.
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Set<String> expectedAlertIds = new HashSet<>();
        Map<Long, Hostile> deadLetterByLine = new HashMap<>();
        long line = 0;
        int fleetMatches = 0;
        int hostileMatches = 0;
        int hostileNoMatches = 0;
        for (int i = 0; i < fleetEvents; i++) {
            if (i % 4000 == 1000) {
                for (Hostile record : hostileRecords("b" + i)) {
                    file.write(record.bytes());
                    file.write('\n');
                    line++;
                    switch (record.outcome()) {
                        case MATCH -> {
                            expectedAlertIds.add(AlertIds.forMatch(ruleId, record.bytes()));
                            hostileMatches++;
                        }
                        case NO_MATCH -> hostileNoMatches++;
                        case DEAD_LETTER -> deadLetterByLine.put(line, record);
                    }
                }
            }
            byte[] event = fleet.event(i);
            file.write(event);
            file.write('\n');
            line++;
            if (fleet.isBackdoorWrite(i)) {
                expectedAlertIds.add(AlertIds.forMatch(ruleId, event));
                fleetMatches++;
            }
        }
        long records = line;
        Path input = Files.write(dir.resolve("events.ndjson"), file.toByteArray());
        Path alerts = dir.resolve("alerts.ndjson");
        Path dead = dir.resolve("dead.ndjson");
        assertThat(fleetMatches).as("fleet matches").isGreaterThan(20);

        JobID job =
                DetectionJob.run(
                                JobSetup.fromArgs(
                                        new String[] {
                                            "--source", "file", "--source.path", input.toString(),
                                            "--sink", "file", "--sink.path", alerts.toString(),
                                            "--dead-letter.path", dead.toString(),
                                            "--limit.max-alerts", "1000000",
                                            "--checkpoint.interval", "1s"
                                        }))
                        .getJobID();

        List<String> alertIds = new ArrayList<>();
        List<String> unexpectedHosts = new ArrayList<>();
        for (JsonNode alert : readLines(alerts)) {
            String id = alert.path("kibana.alert.uuid").asText();
            alertIds.add(id);
            if (!expectedAlertIds.contains(id)) {
                unexpectedHosts.add(AlertFields.hostName(alert));
            }
        }
        assertThat(alertIds).as("alert ids").doesNotHaveDuplicates();
        assertThat(unexpectedHosts).as("hosts of unexpected alerts").isEmpty();
        assertThat(alertIds).containsExactlyInAnyOrderElementsOf(expectedAlertIds);

        List<JsonNode> letters = readLines(dead);
        assertThat(letters).hasSize(deadLetterByLine.size());
        for (JsonNode letter : letters) {
            long at = letter.path("source").path("line").asLong();
            Hostile record = deadLetterByLine.get(at);
            assertThat(record).as("dead letter for line %d: %s", at, letter.path("reason")).isNotNull();
            assertThat(letter.path("reason").asText()).as(record.what()).startsWith(record.reasonLabel() + ": ");
            assertThat(java.util.Base64.getDecoder().decode(letter.path("original_base64").asText()))
                    .as("original bytes of %s", record.what())
                    .isEqualTo(record.bytes());
        }

        JobMetrics metrics = new JobMetrics(METRICS);
        long eventsIn = metrics.counter(job, DETECT, "eventsIn");
        long matched = metrics.counter(job, DETECT, "matched");
        long excepted = metrics.counter(job, DETECT, "excepted");
        long deadLettered = metrics.counter(job, DETECT, "deadLettered");
        assertThat(eventsIn).isEqualTo(records);
        assertThat(matched).isEqualTo(fleetMatches + hostileMatches);
        assertThat(excepted).isZero();
        assertThat(deadLettered).isEqualTo(deadLetterByLine.size());
        assertThat(metrics.counter(job, DETECT, "malformed")).isEqualTo(deadLettered);
        assertThat(eventsIn - matched - excepted - deadLettered)
                .as("not matched")
                .isEqualTo(fleetEvents - fleetMatches + hostileNoMatches);
        assertThat(metrics.counter(job, "Alert document", "deadLettered")).isZero();
    }

    /**
     * Each kind of malformed or odd record, once; {@code batch} goes into the host names, so that
     * each batch's matches are distinct events with alerts of their own.
     */
    private static List<Hostile> hostileRecords(String batch) {
        List<Hostile> r = new ArrayList<>();
        String parse = "not parseable JSON";
        r.add(dead("truncated JSON", utf8("{\"event\":{\"category\":[\"file\"],\"type\":[\"cha"), parse));
        r.add(dead("truncated after the last value", utf8(backdoorWrite(batch + "-truncated", "").replaceAll("}$", "")), parse));
        r.add(dead("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, parse));
        r.add(dead("raw NUL byte in a string", withByte(backdoorWrite(batch + "-nul", ""), "root", (byte) 0), parse));
        r.add(dead("raw NUL byte between tokens", utf8("{\"a\":1,\u0000\"b\":2}"), parse));
        r.add(dead("content after the object", utf8(backdoorWrite(batch + "-trailing", "") + "{\"a\":1}"), parse));
        r.add(dead("a number of 2,000 digits", utf8(backdoorWrite(batch + "-digits", ",\"n\":" + "9".repeat(2000))), parse));
        r.add(dead("a 2 MB record", utf8("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"), "record too large"));
        // The top-level array is the first thing wrong with it.
        r.add(dead("arrays nested 10,000 deep", utf8("[".repeat(10_000) + "]".repeat(10_000)), "not a JSON object"));
        r.add(dead("an object holding arrays nested 10,000 deep", utf8("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"), "nesting too deep"));
        r.add(dead("objects nested 10,000 deep", utf8("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)), "nesting too deep"));
        r.add(dead("an array of a matching event", utf8("[" + backdoorWrite(batch + "-array", "") + "]"), "not a JSON object"));
        r.add(dead("a number", utf8("42"), "not a JSON object"));
        r.add(dead("a string", utf8("\"file\""), "not a JSON object"));
        r.add(dead("null", utf8("null"), "not a JSON object"));
        r.add(dead("an empty line", new byte[0], "empty record"));
        r.add(dead("only blanks", utf8(" \t "), "empty record"));

        // Evaluated by the documented semantics.
        r.add(match("an escaped NUL in a value", backdoorWrite(batch + "-nul-escaped", ",\"labels\":{\"x\":\"a\\u0000b\"}")));
        r.add(match("a byte order mark before the object", bom(backdoorWrite(batch + "-bom", ""))));
        r.add(match("a repeated key, the second value matching: every value counts",
                replaced(backdoorWrite(batch + "-dup-1", ""), "\"type\":[\"change\"]", "\"type\":\"info\",\"type\":\"change\"")));
        r.add(noMatch("a repeated key, no value matching",
                replaced(backdoorWrite(batch + "-dup-2", ""), "\"type\":[\"change\"]", "\"type\":\"info\",\"type\":\"access\"")));
        r.add(match("numbers too large for a long",
                backdoorWrite(batch + "-big", ",\"process_extra\":{\"pid\":123456789012345678901234567890,\"size\":1e999}")));
        r.add(match("a scalar where ECS has an array", replaced(backdoorWrite(batch + "-scalar", ""), "[\"change\"]", "\"change\"")));
        r.add(match("a @timestamp that is a number", replaced(backdoorWrite(batch + "-ts-number", ""), "\"2025-11-24T16:00:00.000Z\"", "5")));
        r.add(noMatch("event.type: 5", replaced(backdoorWrite(batch + "-type-5", ""), "[\"change\"]", "5")));
        r.add(noMatch("host: \"x\"", backdoorWrite(batch + "-host-x", "").replaceAll("\"host\":\\{[^}]*\\{[^}]*\\}\\}", "\"host\":\"x\"")));
        r.add(noMatch("event.category an object", replaced(backdoorWrite(batch + "-cat-object", ""), "[\"file\"]", "{\"0\":\"file\"}")));
        r.add(noMatch("process.executable an object",
                replaced(backdoorWrite(batch + "-exe-object", ""), "\"/usr/sbin/sshd\"", "{\"path\":\"/usr/sbin/sshd\"}")));
        return r;
    }

    /** An Elastic Defend–shaped backdoor log write (the rule matches it) with {@code extra} fields. */
    private static String backdoorWrite(String host, String extra) {
        String time = "2025-11-24T16:00:00.000Z";
        return "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"file\"],\"type\":[\"change\"],"
                + "\"kind\":\"event\"},"
                + "\"host\":{\"name\":\"hostile-" + host + "\",\"os\":{\"type\":\"linux\"}},"
                + "\"process\":{\"executable\":\"/usr/sbin/sshd\",\"name\":\"sshd\"},"
                + "\"file\":{\"path\":\"/var/tmp/.ilog\",\"name\":\".ilog\"},"
                + "\"user\":{\"name\":\"root\"}" + extra + "}";
    }

    private static Hostile dead(String what, byte[] bytes, String reasonLabel) {
        return new Hostile(what, bytes, Outcome.DEAD_LETTER, reasonLabel);
    }

    private static Hostile match(String what, String json) {
        return match(what, utf8(json));
    }

    private static Hostile match(String what, byte[] bytes) {
        return new Hostile(what, bytes, Outcome.MATCH, null);
    }

    private static Hostile noMatch(String what, String json) {
        return new Hostile(what, utf8(json), Outcome.NO_MATCH, null);
    }

    /** {@code json} with its first {@code from} replaced by {@code to}; fails if there is none. */
    private static String replaced(String json, String from, String to) {
        assertThat(json).contains(from);
        return json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    /** {@code json} with {@code bytes} inserted right after the first occurrence of {@code after}. */
    private static byte[] withByte(String json, String after, byte... bytes) {
        int at = json.indexOf(after);
        assertThat(at).as("%s in %s", after, json).isNotNegative();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = utf8(json.substring(0, at + after.length()));
        out.write(head, 0, head.length);
        out.write(bytes, 0, bytes.length);
        byte[] tail = utf8(json.substring(at + after.length()));
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }

    private static byte[] bom(String json) {
        byte[] body = utf8(json);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        return withBom;
    }

    private static List<JsonNode> readLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
