package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.rule.CompiledRule;
import io.threatstream.detect.rule.RuleLoader;
import io.threatstream.detect.rule.eql.EqlParser;
import io.threatstream.detect.rule.eql.RequiredText;
import io.threatstream.detect.rule.eql.ast.Query;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path never changes a result: {@link Detector} with the (default, validating) pre-filter
 * gives the verdict, the rejection reason and the exception index of the detector without it, on
 * every event. The trusting pre-filter differs only where it says: malformed records without a
 * required text are non-matches.
 *
 * <p>Events come from {@link AdversarialEvents} for each {@link DifferentialTest} query, then
 * aimed at the pre-filter: required texts erased (events the fast path decides), or one character
 * of them written as an escape (<code>&#92;u0073shd</code>, {@code \/}: the text is in a value but not in
 * the bytes), and some records broken at the byte level (malformed events without a required text
 * must still be rejected). The run counts the events a filter that ignored escapes, or that did
 * not validate, would have got wrong, and fails unless there are such events: so an unsafe fast
 * path fails this test.
 */
class PrefilterTest {

    private static final int EVENTS_PER_QUERY = 3_000;
    private static final byte[] BREAKERS = "{}[]\":,\\u0aZ\u0000".getBytes(StandardCharsets.ISO_8859_1);

    @ParameterizedTest
    @MethodSource("io.threatstream.detect.pipeline.ByteScannerTest#scanners")
    void theFastPathGivesTheFullPathsResults(ByteScanner scanner) throws Exception {
        int events = 0;
        int filtered = 0; // events of queries that have a filter
        int prefiltered = 0;
        int hiddenMatches = 0; // no required text in the bytes, yet a match: escapes
        int hiddenRejections = 0; // no required text in the bytes, and malformed
        int trustedRejections = 0; // malformed records a trusting pre-filter let through as non-matches
        for (DifferentialTest.Case c : DifferentialTest.cases().toList()) {
            CompiledRule rule = DifferentialTest.compile(c.name(), c.query(), c.exceptions());
            List<RequiredText> required = rule.query().requiredTexts();
            Detector fast = new Detector(rule, ParserLimits.defaults(), Detector.Prefilter.VALIDATING, scanner);
            Detector full = new Detector(rule, ParserLimits.defaults(), Detector.Prefilter.OFF);
            Detector trusting = new Detector(rule, ParserLimits.defaults(), Detector.Prefilter.TRUSTING, scanner);
            RequiredTextFilter filter = RequiredTextFilter.of(required, scanner, 0); // 0: tests every requirement
            List<Query> queries = new ArrayList<>();
            queries.add(EqlParser.parse(c.query()));
            for (String exception : c.exceptions()) {
                queries.add(EqlParser.parse("any where " + exception));
            }
            AdversarialEvents generator = AdversarialEvents.forQueries(queries, c.hints(), c.name().hashCode() * 31L);
            Random random = new Random(c.name().hashCode());
            for (int i = 0; i < EVENTS_PER_QUERY; i++) {
                byte[] event = aimAtTheFilter(generator.next(), required, random);
                Verdict expected = full.evaluate(event);
                Verdict actual = fast.evaluate(event);
                String what = "query " + c.query() + "\nevent " + new String(event, StandardCharsets.UTF_8);
                assertThat(actual).as("verdict; %s", what).isEqualTo(expected);
                assertThat(String.valueOf(fast.rejection())).as("rejection; %s", what)
                        .isEqualTo(String.valueOf(full.rejection()));
                assertThat(fast.exceptionIndex()).as("exception; %s", what).isEqualTo(full.exceptionIndex());
                Verdict trusted = trusting.evaluate(event);
                if (expected == Verdict.REJECTED && trusting.prefiltered()) {
                    assertThat(trusted).as("trusting; %s", what).isEqualTo(Verdict.NO_MATCH);
                    trustedRejections++;
                } else {
                    assertThat(trusted).as("trusting; %s", what).isEqualTo(expected);
                    assertThat(trusting.exceptionIndex()).as("trusting; %s", what).isEqualTo(full.exceptionIndex());
                }
                events++;
                filtered += filter == null ? 0 : 1;
                prefiltered += fast.prefiltered() ? 1 : 0;
                if (filter != null && !filter.mayMatch(event, 0, event.length)) {
                    hiddenMatches += expected == Verdict.MATCH ? 1 : 0;
                    hiddenRejections += expected == Verdict.REJECTED ? 1 : 0;
                }
            }
        }
        System.out.printf("prefilter, %s: %d events (%d for queries with a filter), %d decided by the fast path, %d matches"
                + " and %d rejections without a required text in their bytes; %d malformed ones trusted%n",
                scanner, events, filtered, prefiltered, hiddenMatches, hiddenRejections, trustedRejections);
        assertThat(prefiltered).as("events the fast path decided").isGreaterThan(filtered / 10);
        assertThat(hiddenMatches).as("matches hidden from a filter that ignores escapes").isGreaterThan(100);
        assertThat(hiddenRejections).as("malformed events a filter that does not validate would pass")
                .isGreaterThan(100);
        assertThat(trustedRejections).as("the trusting pre-filter's trade-off shows").isGreaterThan(100);
    }

    static Stream<Arguments> seedRuleEvents() {
        String match = "/usr/sbin/sshd";
        return Stream.of(
                seed("plain", match, "x", Verdict.MATCH, false),
                seed("escaped slashes", "\\/usr\\/sbin\\/sshd", "x", Verdict.MATCH, false),
                seed("escaped s", "/usr/sbin/\\u0073shd", "x", Verdict.MATCH, false),
                seed("escaped b", "/usr/s\\u0062in/sshd", "x", Verdict.MATCH, false),
                seed("escaped upper-case S", "/usr/sbin/\\u0053SHD", "x", Verdict.MATCH, false),
                seed("upper case", "/USR/SBIN/SSHD", "x", Verdict.MATCH, false),
                seed("surrogate-free non-ASCII escape elsewhere", match, "\\u00e9", Verdict.MATCH, false),
                seed("near miss", "/usr/sbin/sxhd", "x", Verdict.NO_MATCH, true),
                seed("long s is not s", "/usr/sbin/\u017Fshd", "x", Verdict.NO_MATCH, true),
                seed("only in an unrelated field", "/usr/bin/bash", "/usr/bin/ssh", Verdict.NO_MATCH, false),
                seed("split across a key and its value", "/usr/bin/bash\",\"bin/s\":\"sh", "x", Verdict.NO_MATCH, true),
                seed("escape of an unrelated character", "/usr/bin/bash", "a\\u0022b\\tc", Verdict.NO_MATCH, true),
                seed("escape of a needle character elsewhere", "/usr/bin/bash", "\\u0062", Verdict.NO_MATCH, false),
                Arguments.of("escaped key", event("/usr/sbin/sshd", "x").replace("executable", "\\u0065xecutable"),
                        Verdict.MATCH, false),
                Arguments.of("truncated", event("/usr/bin/bash", "x").substring(0, 60), Verdict.REJECTED, false),
                Arguments.of("trailing garbage", event("/usr/bin/bash", "x") + "]", Verdict.REJECTED, false),
                Arguments.of("NUL in a string", event("/usr/bin/bash", "a\u0000b"), Verdict.REJECTED, false),
                Arguments.of("65 levels", event("/usr/bin/bash", "x").replace("\"x\"",
                        "[".repeat(64) + "]".repeat(64)), Verdict.REJECTED, false),
                Arguments.of("not an object", "[" + event("/usr/bin/bash", "x") + "]", Verdict.REJECTED, false),
                Arguments.of("empty", "", Verdict.REJECTED, false));
    }

    private static Arguments seed(String name, String executable, String message, Verdict verdict, boolean prefiltered) {
        return Arguments.of(name, event(executable, message), verdict, prefiltered);
    }

    /** A backdoor log write by {@code executable}: matches the seed rule when that is sshd or ssh. */
    private static String event(String executable, String message) {
        return "{\"event\":{\"category\":[\"file\"],\"type\":[\"change\"]},\"host\":{\"os\":{\"type\":\"linux\"}},"
                + "\"process\":{\"executable\":\"" + executable + "\"},"
                + "\"file\":{\"name\":\".ilog\",\"path\":\"/var/tmp/.ilog\"},\"message\":\"" + message + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedRuleEvents")
    void seedRuleEventsGetTheFullPathsVerdict(String name, String json, Verdict verdict, boolean decidedFast) {
        CompiledRule rule = RuleLoader.load(null, null);
        Detector fast = new Detector(rule, ParserLimits.defaults());
        Detector full = new Detector(rule, ParserLimits.defaults(), Detector.Prefilter.OFF);
        byte[] event = json.getBytes(StandardCharsets.UTF_8);
        assertThat(fast.evaluate(event)).isEqualTo(verdict).isEqualTo(full.evaluate(event));
        assertThat(String.valueOf(fast.rejection())).isEqualTo(String.valueOf(full.rejection()));
        assertThat(fast.prefiltered()).as("decided by the fast path").isEqualTo(decidedFast);
    }

    @Test
    void aRecordTooLargeIsRejectedEvenWithoutARequiredText() {
        CompiledRule rule = RuleLoader.load(null, null);
        Detector fast = new Detector(rule, ParserLimits.defaults().withMaxRecordBytes(200));
        byte[] event = event("/usr/bin/bash", "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
        assertThat(fast.evaluate(event)).isEqualTo(Verdict.REJECTED);
        assertThat(fast.rejection()).hasToString("record too large: " + event.length + " bytes > limit 200");
    }

    /**
     * Mostly: every required text in the event erased (one character replaced); else mostly: one
     * character of each written as an escape; then, sometimes, a byte-level break.
     */
    private static byte[] aimAtTheFilter(byte[] event, List<RequiredText> required, Random random) {
        String json = new String(event, StandardCharsets.UTF_8);
        int how = random.nextInt(10);
        for (RequiredText requirement : required) {
            for (String needle : requirement.alternatives()) {
                if (how < 6) {
                    json = rewriteOccurrences(json, needle, requirement.caseInsensitive(), random, false);
                } else if (how < 9) {
                    json = rewriteOccurrences(json, needle, requirement.caseInsensitive(), random, true);
                }
            }
        }
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0 && out.length > 0) {
            int at = random.nextInt(out.length);
            if (random.nextBoolean()) {
                out[at] = BREAKERS[random.nextInt(BREAKERS.length)];
            } else {
                out = java.util.Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    /** Replaces one character of each occurrence of {@code needle}: by '#', or by its escape. */
    private static String rewriteOccurrences(String json, String needle, boolean ci, Random random, boolean escape) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = indexOf(json, needle, from, ci)) >= 0) {
            int victim = at + random.nextInt(needle.length());
            char c = json.charAt(victim);
            if (Character.isSurrogate(c)) {
                out.append(json, from, at + needle.length());
                from = at + needle.length();
                continue;
            }
            out.append(json, from, victim);
            if (!escape) {
                out.append('#');
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
            from = victim + 1;
        }
        return out.append(json.substring(from)).toString();
    }

    private static int indexOf(String text, String needle, int from, boolean ci) {
        for (int at = from; at + needle.length() <= text.length(); at++) {
            boolean all = true;
            for (int i = 0; i < needle.length() && all; i++) {
                char c = text.charAt(at + i);
                all = (ci && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) == needle.charAt(i);
            }
            if (all) {
                return at;
            }
        }
        return -1;
    }
}
