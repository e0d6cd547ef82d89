package io.threatstream.detect.limit;

import java.io.Serializable;

/**
 * How many matches of one host the {@link AlertLimiter} held back in one window. Emitted once per
 * window, when it closes, and only if something was suppressed.
 *
 * <p>A Flink POJO (public fields, no-arg constructor).
 */
public class SuppressionSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    public String hostKey;

    /** The ECS field the host key came from (see {@code Match.hostKeyField}); may be null. */
    public String hostKeyField;

    /** Window start, epoch millis, inclusive. */
    public long windowStart;

    /** Window end, epoch millis, exclusive. */
    public long windowEnd;

    /** Matches in the window beyond the limit; always at least 1. */
    public long suppressedCount;

    public SuppressionSummary() {}

    public SuppressionSummary(
            String hostKey,
            String hostKeyField,
            long windowStart,
            long windowEnd,
            long suppressedCount) {
        this.hostKey = hostKey;
        this.hostKeyField = hostKeyField;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.suppressedCount = suppressedCount;
    }

    @Override
    public String toString() {
        return "SuppressionSummary{host="
                + hostKey
                + ", window=["
                + windowStart
                + ","
                + windowEnd
                + "), suppressed="
                + suppressedCount
                + "}";
    }
}
