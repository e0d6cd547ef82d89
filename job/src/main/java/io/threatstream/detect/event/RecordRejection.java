package io.threatstream.detect.event;

import java.io.Serializable;
import java.util.Objects;

/**
 * Why a record was not accepted as an event: a {@link Kind} and a short detail that says where or
 * how much, never more than a short excerpt of the record. {@link #toString()} is the reason a dead
 * letter carries, e.g. {@code "not parseable JSON: Unexpected end-of-input in VALUE_STRING at
 * 1:18"}.
 */
public final class RecordRejection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of rejection, each with the label that starts its message. */
    public enum Kind {
        /** No bytes, or only whitespace. */
        EMPTY("empty record"),
        /** More bytes than {@link ParserLimits#maxRecordBytes()}. */
        TOO_LARGE("record too large"),
        /** Objects and arrays nested deeper than {@link ParserLimits#maxNestingDepth()}. */
        TOO_DEEP("nesting too deep"),
        /**
         * Not well-formed JSON: truncated, invalid UTF-8, unescaped control characters, content
         * after the object, numbers longer than 1,000 characters.
         */
        NOT_PARSEABLE("not parseable JSON"),
        /** Well-formed JSON whose top-level value is not an object. */
        NOT_AN_OBJECT("not a JSON object");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The words that start the message, e.g. {@code "record too large"}. */
        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final String detail;

    /** A rejection of {@code kind}; {@code detail} completes the sentence after the label. */
    public RecordRejection(Kind kind, String detail) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public Kind kind() {
        return kind;
    }

    /** What follows the label, e.g. {@code "2097152 bytes > limit 1048576"}. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordRejection
                && ((RecordRejection) o).kind == kind
                && ((RecordRejection) o).detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + detail.hashCode();
    }

    /** {@code "<label>: <detail>"}, e.g. {@code "not a JSON object: array"}. */
    @Override
    public String toString() {
        return kind.label + ": " + detail;
    }
}
