package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.rule.eql.RequiredText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pre-filter's answers, its adaptation to the stream, and the characters it watches. */
class RequiredTextFilterTest {

    private static final List<RequiredText> SEED_RULE_TEXTS = List.of(
            new RequiredText(List.of("bin/ssh"), true),
            new RequiredText(List.of("change"), false),
            new RequiredText(List.of("linux", "darwin"), false));

    @Test
    void saysCannotMatchOnlyWhenARequiredTextIsMissingWhateverItLearned() {
        RequiredTextFilter filter = RequiredTextFilter.of(SEED_RULE_TEXTS, new SwarByteScanner("chosen by the test"), 25);
        String[] parts = {"/usr/BIN/SSH", "/usr/bin/bash", "change", "chang", "linux", "darwin", "Linux", "x"};
        Random random = new Random(5);
        int cannot = 0;
        for (int i = 0; i < 50_000; i++) {
            // Long runs of one kind of record, so that the filter's order and sampling shift.
            int kinds = (i / 5_000) % 2 == 0 ? 3 : parts.length;
            StringBuilder record = new StringBuilder("{");
            for (int p = 0; p < 3; p++) {
                record.append('"').append(parts[random.nextInt(kinds)]).append("\",");
            }
            byte[] bytes = record.append('}').toString().getBytes(StandardCharsets.UTF_8);
            if (!filter.mayMatch(bytes, 0, bytes.length)) {
                cannot++;
                String text = record.toString();
                assertThat(!text.toLowerCase(java.util.Locale.ROOT).contains("bin/ssh") || !text.contains("change")
                        || !(text.contains("linux") || text.contains("darwin"))).as(text).isTrue();
            }
        }
        assertThat(cannot).isBetween(5_000, 49_900);
    }

    @Test
    void testsARarelyRejectingRequirementOnlyOnSamples() {
        RequiredTextFilter filter = RequiredTextFilter.of(SEED_RULE_TEXTS, new SwarByteScanner("chosen by the test"), 25);
        byte[] all = bytes("{\"e\":\"/usr/sbin/sshd\",\"t\":\"change\",\"os\":\"linux\"}");
        for (int i = 0; i < 4 * RequiredTextFilter.REVIEW_EVERY; i++) {
            assertThat(filter.mayMatch(all, 0, all.length)).isTrue();
        }
        assertThat(filter.testsEveryRecord(0)).isFalse();
        assertThat(filter.testsEveryRecord(1)).isFalse();

        byte[] noSsh = bytes("{\"e\":\"/usr/sbin/cron\",\"t\":\"change\",\"os\":\"linux\"}");
        int cannot = 0;
        for (int i = 0; i < 4 * RequiredTextFilter.REVIEW_EVERY; i++) {
            cannot += filter.mayMatch(noSsh, 0, noSsh.length) ? 0 : 1;
        }
        assertThat(filter.testsEveryRecord(0)).as("rejecting again, tested again").isTrue();
        assertThat(filter.testsEveryRecord(1)).isFalse();
        assertThat(cannot).as("rejected once tested again, within two reviews").isGreaterThan(2 * RequiredTextFilter.REVIEW_EVERY);
    }

    @Test
    void aCheaperSearchIsWorthItOnStreamsItRejectsLessOf() {
        // The Detector's cost model: the SWAR search (300 ns) must reject 60 % of records to pay
        // when the rest are checked, the SIMD one (40 ns) 6 %; 19 % and 3 % when they are trusted.
        assertThat(Detector.minRejectedPercent(new SwarByteScanner("chosen by the test").absentSearchNanos(), false)).isEqualTo(60);
        assertThat(Detector.minRejectedPercent(new SwarByteScanner("chosen by the test").absentSearchNanos(), true)).isEqualTo(19);
        assertThat(Detector.minRejectedPercent(new VectorByteScanner().absentSearchNanos(), false)).isEqualTo(6);
        assertThat(Detector.minRejectedPercent(new VectorByteScanner().absentSearchNanos(), true)).isEqualTo(3);
    }

    @Test
    void watchesEveryNeedleCharacterInBothCasesWhenCaseInsensitive() {
        RequiredTextFilter filter = RequiredTextFilter.of(SEED_RULE_TEXTS, new SwarByteScanner("chosen by the test"), 25);
        assertThat(filter.watchedCharacters()).contains("b", "B", "/", "s", "S", "h", "H", "c", "l", "d", "w")
                .doesNotContain("C", "L", "\"", "\\");
        assertThat(RequiredTextFilter.of(List.of(), new SwarByteScanner("chosen by the test"), 25)).isNull();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
