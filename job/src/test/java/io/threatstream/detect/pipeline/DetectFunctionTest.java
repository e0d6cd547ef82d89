package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.rule.CompiledRule;
import io.threatstream.detect.rule.ExceptionListReader;
import io.threatstream.detect.rule.RuleLoader;
import io.threatstream.detect.rule.RuleTomlReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DetectFunctionTest {

    private static final String MATCH =
            "{\"@timestamp\":\"2026-11-29T10:00:00Z\",\"event\":{\"category\":[\"file\"],\"type\":[\"change\"],"
                    + "\"ingested\":\"2026-11-29T10:00:01.500Z\"},\"host\":{\"id\":\"h-1\",\"name\":\"web-01\","
                    + "\"os\":{\"type\":\"linux\"}},\"process\":{\"executable\":\"/usr/sbin/sshd\"},"
                    + "\"file\":{\"name\":\".ilog\",\"path\":\"/var/tmp/.ilog\"}}";

    @Test
    void matchesCarryHostKeyEventTimeAndCoordinates() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null))) {
            h.processElement(record(MATCH, 7), 0);
            List<Match> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            Match m = out.get(0);
            assertThat(m.hostKey).isEqualTo("h-1");
            assertThat(m.hostKeyField).isEqualTo("host.id");
            assertThat(m.eventTime).isEqualTo(java.time.Instant.parse("2026-11-29T10:00:01.500Z").toEpochMilli());
            assertThat(m.source).isEqualTo(SourceCoordinates.file("e.ndjson", 7));
            assertThat(new String(m.event, StandardCharsets.UTF_8)).isEqualTo(MATCH);
        }
    }

    @Test
    void hostKeyFallsBackToNameThenHostnameThenUnknown() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null))) {
            h.processElement(record(MATCH.replace("\"id\":\"h-1\",", ""), 1), 0);
            h.processElement(record(MATCH.replace("\"id\":\"h-1\",\"name\":\"web-01\",", "\"hostname\":\"hn\","), 2), 0);
            h.processElement(record(MATCH.replace("\"id\":\"h-1\",\"name\":\"web-01\",", ""), 3), 0);
            assertThat(h.extractOutputValues())
                    .extracting(m -> m.hostKey + "/" + m.hostKeyField)
                    .containsExactly("web-01/host.name", "hn/host.hostname", HostKey.UNKNOWN + "/null");
        }
    }

    @Test
    void eventTimeFallsBackToTimestampThenSourceTime() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null))) {
            h.processElement(record(MATCH.replace("\"ingested\":\"2026-11-29T10:00:01.500Z\"", "\"kind\":\"event\""), 1), 0);
            RawRecord kafka =
                    new RawRecord(
                            MATCH.replace("\"ingested\":\"2026-11-29T10:00:01.500Z\"", "\"kind\":\"event\"")
                                    .replace("\"@timestamp\":\"2026-11-29T10:00:00Z\",", "")
                                    .getBytes(StandardCharsets.UTF_8),
                            SourceCoordinates.kafka("t", 0, 5, 1234L));
            h.processElement(kafka, 0);
            assertThat(h.extractOutputValues())
                    .extracting(m -> m.eventTime)
                    .containsExactly(java.time.Instant.parse("2026-11-29T10:00:00Z").toEpochMilli(), 1234L);
        }
    }

    @Test
    void badRecordsGoToDeadLettersWithReasonAndCoordinatesAndEverythingIsCounted() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null))) {
            h.processElement(record("{\"truncated\":", 1), 0);
            h.processElement(record("[1,2]", 2), 0);
            h.processElement(new RawRecord(null, SourceCoordinates.kafka("t", 1, 9, 5)), 0);
            h.processElement(record("{\"event\":{\"category\":\"process\"}}", 4), 0);
            h.processElement(record(MATCH, 5), 0);
            ConcurrentLinkedQueue<StreamRecord<DeadLetter>> dead = h.getSideOutput(DetectFunction.DEAD_LETTERS);
            assertThat(dead).hasSize(3);
            List<DeadLetter> letters = dead.stream().map(StreamRecord::getValue).toList();
            assertThat(letters.get(0).reason).startsWith("not parseable");
            assertThat(letters.get(0).source).isEqualTo(SourceCoordinates.file("e.ndjson", 1));
            assertThat(new String(letters.get(0).value, StandardCharsets.UTF_8)).isEqualTo("{\"truncated\":");
            assertThat(letters.get(1).reason).isEqualTo("not a JSON object: array");
            assertThat(letters.get(2).reason).startsWith("empty record");
            assertThat(letters.get(2).value).isEmpty();
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void aTrustingPrefilterDropsMalformedRecordsThatCannotMatchInsteadOfDeadLetteringThem() throws Exception {
        String cannotMatch = "{\"process\":{\"executable\":\"/usr/bin/cron\"";
        String mayMatch = MATCH.substring(0, MATCH.length() - 2);
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null), Detector.Prefilter.TRUSTING)) {
            h.processElement(record(cannotMatch, 1), 0);
            h.processElement(record(mayMatch, 2), 0);
            h.processElement(record(MATCH, 3), 0);
            assertThat(h.getSideOutput(DetectFunction.DEAD_LETTERS))
                    .extracting(letter -> letter.getValue().source)
                    .containsExactly(SourceCoordinates.file("e.ndjson", 2));
            assertThat(h.extractOutputValues()).hasSize(1);
        }
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(null))) {
            h.processElement(record(cannotMatch, 1), 0);
            h.processElement(record(mayMatch, 2), 0);
            assertThat(h.getSideOutput(DetectFunction.DEAD_LETTERS))
                    .extracting(letter -> letter.getValue().source)
                    .containsExactly(SourceCoordinates.file("e.ndjson", 1), SourceCoordinates.file("e.ndjson", 2));
        }
    }

    @Test
    void exceptionsDropMatches() throws Exception {
        String exceptions = "[[exception]]\nname = \"lab hosts\"\ncondition = 'host.name : \"web-*\"'\n";
        try (OneInputStreamOperatorTestHarness<RawRecord, Match> h = harness(rule(exceptions))) {
            h.processElement(record(MATCH, 1), 0);
            h.processElement(record(MATCH.replace("web-01", "db-01"), 2), 0);
            assertThat(h.extractOutputValues()).extracting(m -> m.hostKey).containsExactly("h-1");
            assertThat(h.extractOutputValues().get(0).event).asString(StandardCharsets.UTF_8).contains("db-01");
        }
    }

    private static CompiledRule rule(String exceptions) {
        if (exceptions == null) {
            return RuleLoader.load(null, null);
        }
        String seed = RuleLoaderResource.seed();
        return RuleLoader.compile(
                RuleTomlReader.read(seed, "seed.toml"), ExceptionListReader.read(exceptions, "ex.toml"), "ex.toml");
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Match> harness(CompiledRule rule) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new DetectFunction(rule, ParserLimits.defaults()));
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Match> harness(
            CompiledRule rule, Detector.Prefilter prefilter) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new DetectFunction(rule, ParserLimits.defaults(), prefilter));
    }

    private static RawRecord record(String json, long line) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), SourceCoordinates.file("e.ndjson", line));
    }

    /** The built-in rule's TOML text. */
    private static final class RuleLoaderResource {
        static String seed() {
            try (var in = RuleLoader.class.getResourceAsStream(RuleLoader.DEFAULT_RULE_RESOURCE)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
