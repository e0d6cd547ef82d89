package io.threatstream.detect.event;

import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.Serializable;

/**
 * Bounds on one record that the event parsers enforce before and while reading it, so that a
 * hostile or broken record costs bounded time and memory.
 *
 * <pre>{@code
 * ParserLimits limits = ParserLimits.defaults().withMaxRecordBytes(256 * 1024);
 * }</pre>
 *
 * <p>There is no separate string-length limit: a string is never longer than its record, so
 * Jackson's string and key-name limits are set to the record size and never reject a record the
 * size check accepted. Numbers keep Jackson's limit of 1,000 characters (a longer number is not
 * parseable): nothing legitimate is that long, and it keeps big-number conversion cheap.
 */
public final class ParserLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default largest record: 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    /** Default deepest nesting of objects and arrays (the root object is level 1). */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 64;

    /**
     * Highest nesting limit one may configure: Jackson's own default. Tree helpers recurse per
     * level, so the bound also keeps their stack use small.
     */
    public static final int NESTING_DEPTH_CEILING = 1000;

    /** The smallest record limit that admits a JSON object ({@code {}}). */
    private static final int MIN_RECORD_BYTES = 2;

    private static final ParserLimits DEFAULTS =
            new ParserLimits(DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_NESTING_DEPTH);

    private final int maxRecordBytes;
    private final int maxNestingDepth;

    private ParserLimits(int maxRecordBytes, int maxNestingDepth) {
        if (maxRecordBytes < MIN_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be at least "
                            + MIN_RECORD_BYTES
                            + " (the size of {}), was "
                            + maxRecordBytes);
        }
        if (maxNestingDepth < 1 || maxNestingDepth > NESTING_DEPTH_CEILING) {
            throw new IllegalArgumentException(
                    "maxNestingDepth must be between 1 and "
                            + NESTING_DEPTH_CEILING
                            + ", was "
                            + maxNestingDepth);
        }
        this.maxRecordBytes = maxRecordBytes;
        this.maxNestingDepth = maxNestingDepth;
    }

    /** 1 MiB records, 64 levels of nesting. */
    public static ParserLimits defaults() {
        return DEFAULTS;
    }

    /**
     * @throws IllegalArgumentException if {@code maxRecordBytes < 2} or {@code maxNestingDepth} is
     *     not in {@code [1, 1000]}
     */
    public static ParserLimits of(int maxRecordBytes, int maxNestingDepth) {
        return new ParserLimits(maxRecordBytes, maxNestingDepth);
    }

    /** These limits with another record size limit (validated like {@link #of}). */
    public ParserLimits withMaxRecordBytes(int newMaxRecordBytes) {
        return new ParserLimits(newMaxRecordBytes, maxNestingDepth);
    }

    /** These limits with another nesting limit (validated like {@link #of}). */
    public ParserLimits withMaxNestingDepth(int newMaxNestingDepth) {
        return new ParserLimits(maxRecordBytes, newMaxNestingDepth);
    }

    /** Largest accepted record, in bytes. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** Deepest accepted nesting of objects and arrays; the root object is level 1. */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** The same limits for Jackson; the size check before parsing comes first. */
    StreamReadConstraints streamReadConstraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(maxRecordBytes)
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxRecordBytes)
                .maxNameLength(maxRecordBytes)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParserLimits
                && ((ParserLimits) o).maxRecordBytes == maxRecordBytes
                && ((ParserLimits) o).maxNestingDepth == maxNestingDepth;
    }

    @Override
    public int hashCode() {
        return 31 * maxRecordBytes + maxNestingDepth;
    }

    @Override
    public String toString() {
        return "ParserLimits{maxRecordBytes="
                + maxRecordBytes
                + ", maxNestingDepth="
                + maxNestingDepth
                + "}";
    }
}
