package io.threatstream.detect.rule.eql;

import java.io.Serializable;
import java.util.List;

/**
 * Texts of which at least one must occur in some value of the event for a query to match: every
 * event the query matches has a field value (its decoded text) containing one of {@link
 * #alternatives()}, compared with ASCII case folding when {@link #caseInsensitive()}. Derived by
 * {@link RequiredTexts}; a byte-level pre-filter uses it to skip events that cannot match.
 *
 * @param alternatives non-empty texts, lower-cased (ASCII only) when case-insensitive, none
 *     containing another
 * @param caseInsensitive whether the texts may occur in any ASCII case
 */
public record RequiredText(List<String> alternatives, boolean caseInsensitive) implements Serializable {

    public RequiredText {
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty() || alternatives.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("alternatives must be non-empty texts: " + alternatives);
        }
    }

    /** The length of the shortest alternative: a rough measure of how rare the requirement is. */
    public int shortestLength() {
        return alternatives.stream().mapToInt(String::length).min().orElseThrow();
    }

    @Override
    public String toString() {
        return (caseInsensitive ? "any of~ " : "any of ") + alternatives;
    }
}
