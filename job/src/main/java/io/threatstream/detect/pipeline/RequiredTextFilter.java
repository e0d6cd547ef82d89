package io.threatstream.detect.pipeline;

import io.threatstream.detect.rule.eql.RequiredText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The byte-level pre-filter: a record can match the rule only if, for every {@link RequiredText}
 * of the rule's query, one of its alternatives occurs in the record's bytes. That holds for the
 * bytes as written only when no JSON escape produced a character of a needle (a value may spell
 * {@code s} as {@code \u0073}, or {@code /} as {@code \/}), so {@link #watchedCharacters()} names
 * the characters whose escapes the caller must look out for.
 *
 * <p>Exceptions need no filter: they only turn matches into non-matches.
 */
final class RequiredTextFilter {

    private final ByteNeedle[][] requirements;
    private final String watchedCharacters;

    private RequiredTextFilter(ByteNeedle[][] requirements, String watchedCharacters) {
        this.requirements = requirements;
        this.watchedCharacters = watchedCharacters;
    }

    /** The filter for {@code required}, or null when there is nothing to filter on. */
    static RequiredTextFilter of(List<RequiredText> required) {
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
        return new RequiredTextFilter(requirements, characters.toString());
    }

    /**
     * Whether every requirement has an alternative in {@code bytes[from, to)}. False means the
     * record cannot match, provided no escape in it produced a watched character.
     */
    boolean mayMatch(byte[] bytes, int from, int to) {
        for (ByteNeedle[] alternatives : requirements) {
            if (!anyOccurs(alternatives, bytes, from, to)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOccurs(ByteNeedle[] alternatives, byte[] bytes, int from, int to) {
        for (ByteNeedle needle : alternatives) {
            if (needle.occursIn(bytes, from, to)) {
                return true;
            }
        }
        return false;
    }

    /** Every character of every needle, in both ASCII cases for case-insensitive ones. */
    String watchedCharacters() {
        return watchedCharacters;
    }
}
