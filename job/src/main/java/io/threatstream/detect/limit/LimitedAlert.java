package io.threatstream.detect.limit;

import io.threatstream.detect.model.Match;
import java.io.Serializable;

/**
 * What the {@link AlertLimiter} lets through: either a {@link Kind#MATCH} to turn into an alert
 * ({@link #match}, {@link #late}) or a {@link Kind#SUPPRESSION_SUMMARY} ({@link #summary}). Exactly
 * one of {@link #match} and {@link #summary} is set, as {@link #kind} says.
 *
 * <p>A Flink POJO (public fields, no-arg constructor).
 */
public class LimitedAlert implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which of the two payloads this carries. */
    public enum Kind {
        MATCH,
        SUPPRESSION_SUMMARY
    }

    public Kind kind;

    /** Set when {@link #kind} is {@link Kind#MATCH}. */
    public Match match;

    /**
     * True when the match arrived after its window had closed: it is alerted without counting
     * toward the limit.
     */
    public boolean late;

    /** Set when {@link #kind} is {@link Kind#SUPPRESSION_SUMMARY}. */
    public SuppressionSummary summary;

    public LimitedAlert() {}

    /** A match to alert on. */
    public static LimitedAlert ofMatch(Match match, boolean late) {
        LimitedAlert alert = new LimitedAlert();
        alert.kind = Kind.MATCH;
        alert.match = match;
        alert.late = late;
        return alert;
    }

    /** A window's suppression summary. */
    public static LimitedAlert ofSummary(SuppressionSummary summary) {
        LimitedAlert alert = new LimitedAlert();
        alert.kind = Kind.SUPPRESSION_SUMMARY;
        alert.summary = summary;
        return alert;
    }

    public boolean isSummary() {
        return kind == Kind.SUPPRESSION_SUMMARY;
    }

    @Override
    public String toString() {
        return isSummary()
                ? "LimitedAlert{" + summary + "}"
                : "LimitedAlert{" + match + (late ? ", late" : "") + "}";
    }
}
