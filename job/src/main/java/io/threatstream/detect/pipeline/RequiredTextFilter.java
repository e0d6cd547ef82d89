package io.threatstream.detect.pipeline;

import io.threatstream.detect.rule.eql.RequiredText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte-level pre-filter: a record can match the rule only if, for every {@link RequiredText}
 * of the rule's query, one of its alternatives occurs in the record's bytes. That holds for the
 * bytes as written only when no JSON escape produced a character of a needle (a value may spell
 * {@code s} as <code>&#92;u0073</code>, or {@code /} as {@code \/}), so {@link
 * #watchedCharacters()} names the characters whose escapes the caller must look out for.
 *
 * <p>Exceptions need no filter: they only turn matches into non-matches.
 *
 * <p>The filter adapts to the stream, which never changes an answer's correctness, only its cost:
 * requirements are tested in order of how often they rejected recently, and one that rejects too
 * few of the records it was tested on (under the share the caller names, which is where searching
 * stops paying for itself) is tested only on every {@value #SAMPLE_EVERY}th record, to keep its
 * figures current. On a stream where nearly every record holds the required texts, such as one of
 * ssh activity only, searching for them would cost time and spare none. Not thread-safe: each
 * {@link Detector} owns one.
 */
final class RequiredTextFilter {

    /** Records between two reviews of the order. */
    static final int REVIEW_EVERY = 1024;

    /** A rarely rejecting requirement is still tested on every so many records (a power of two). */
    static final int SAMPLE_EVERY = 64;

    private final ByteScanner scanner;
    private final ByteNeedle[][] requirements;
    private final String watchedCharacters;
    private final int minRejectedPercent;

    /** Requirement indices, most often rejecting first. */
    private final int[] order;
    private final boolean[] onSamplesOnly;
    private final int[] tested;
    private final int[] rejected;
    private int calls;

    private RequiredTextFilter(
            ByteScanner scanner, ByteNeedle[][] requirements, String watchedCharacters, int minRejectedPercent) {
        this.scanner = scanner;
        this.requirements = requirements;
        this.watchedCharacters = watchedCharacters;
        this.minRejectedPercent = minRejectedPercent;
        this.order = new int[requirements.length];
        for (int r = 0; r < order.length; r++) {
            order[r] = r;
        }
        this.onSamplesOnly = new boolean[requirements.length];
        this.tested = new int[requirements.length];
        this.rejected = new int[requirements.length];
    }

    /**
     * The filter for {@code required}, searching with {@code scanner}, or null when there is
     * nothing to filter on. A requirement that rejects fewer than {@code minRejectedPercent} of the
     * records it is tested on is tested only on samples.
     */
    static RequiredTextFilter of(List<RequiredText> required, ByteScanner scanner, int minRejectedPercent) {
        if (required.isEmpty()) {
            return null;
        }
        ByteNeedle[][] requirements = new ByteNeedle[required.size()][];
        Set<Character> watched = new LinkedHashSet<>();
        for (int r = 0; r < requirements.length; r++) {
            RequiredText requirement = required.get(r);
            List<String> alternatives = requirement.alternatives();
            requirements[r] = new ByteNeedle[alternatives.size()];
            for (int a = 0; a < alternatives.size(); a++) {
                String text = alternatives.get(a);
                requirements[r][a] = new ByteNeedle(text, requirement.caseInsensitive());
                for (char c : text.toCharArray()) {
                    watched.add(c);
                    if (requirement.caseInsensitive() && c >= 'a' && c <= 'z') {
                        watched.add((char) (c - ('a' - 'A')));
                    }
                }
            }
        }
        StringBuilder characters = new StringBuilder();
        watched.forEach(characters::append);
        return new RequiredTextFilter(scanner, requirements, characters.toString(), minRejectedPercent);
    }

    /**
     * Whether every requirement has an alternative in {@code bytes[from, to)}. If not, the record
     * cannot match, provided no escape in it produced a watched character.
     */
    boolean mayMatch(byte[] bytes, int from, int to) {
        calls++;
        if (calls % REVIEW_EVERY == 0) {
            review();
        }
        boolean sample = (calls & (SAMPLE_EVERY - 1)) == 0;
        for (int r : order) {
            if (onSamplesOnly[r] && !sample) {
                continue;
            }
            tested[r]++;
            if (!anyOccurs(requirements[r], bytes, from, to)) {
                rejected[r]++;
                return false;
            }
        }
        return true;
    }

    /** Orders the requirements by their recent rejection rate and halves the figures. */
    private void review() {
        for (int r = 0; r < order.length; r++) {
            onSamplesOnly[r] = tested[r] > 0 && rejected[r] * 100L < (long) tested[r] * minRejectedPercent;
        }
        // Insertion sort, highest rate first: a handful of requirements, and no garbage.
        for (int k = 1; k < order.length; k++) {
            int r = order[k];
            int j = k - 1;
            while (j >= 0 && rejectsMoreOften(r, order[j])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = r;
        }
        for (int r = 0; r < order.length; r++) {
            tested[r] /= 2;
            rejected[r] /= 2;
        }
    }

    private boolean rejectsMoreOften(int a, int b) {
        return (long) rejected[a] * Math.max(1, tested[b]) > (long) rejected[b] * Math.max(1, tested[a]);
    }

    private boolean anyOccurs(ByteNeedle[] alternatives, byte[] bytes, int from, int to) {
        for (ByteNeedle needle : alternatives) {
            if (scanner.contains(needle, bytes, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** Whether requirement {@code r} (in the order given) is tested on every record, not only on samples. */
    boolean testsEveryRecord(int r) {
        return !onSamplesOnly[r];
    }

    /** Every character of every needle, in both ASCII cases for case-insensitive ones. */
    String watchedCharacters() {
        return watchedCharacters;
    }
}
