package io.threatstream.connectors.elasticsearch.internal;

import java.io.Serializable;

/**
 * One bulk {@code create} action waiting in the sink's buffer: the document's id and JSON, whether
 * it goes to the dead-letter index instead of the main one, how often it has failed so far and
 * when it failed first (on the writer's monotonic millisecond clock, for the retry timeout).
 * The target index is not stored: the writer resolves it from its configuration, so buffered
 * items follow an index change after a restore.
 */
public final class BulkItem implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Bytes of the action line around the id, an estimate for batching by size. */
    private static final int ACTION_LINE_OVERHEAD = 64;

    private final String id;
    private final byte[] json;
    private final boolean deadLetter;
    private final int failedAttempts;
    private final long firstFailureMillis;

    public BulkItem(String id, byte[] json, boolean deadLetter, int failedAttempts, long firstFailureMillis) {
        this.id = id;
        this.json = json;
        this.deadLetter = deadLetter;
        this.failedAttempts = failedAttempts;
        this.firstFailureMillis = firstFailureMillis;
    }

    public static BulkItem document(String id, byte[] json) {
        return new BulkItem(id, json, false, 0, 0);
    }

    public static BulkItem deadLetter(String id, byte[] json) {
        return new BulkItem(id, json, true, 0, 0);
    }

    /** This item after one more failed attempt, which ended at {@code nowMillis}. */
    public BulkItem failedOnce(long nowMillis) {
        return new BulkItem(id, json, deadLetter, failedAttempts + 1, failedAttempts == 0 ? nowMillis : firstFailureMillis);
    }

    /** The {@code _id}, or null to let Elasticsearch generate one. */
    public String id() {
        return id;
    }

    /** UTF-8 JSON on one line. */
    public byte[] json() {
        return json;
    }

    public boolean isDeadLetter() {
        return deadLetter;
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    /** When the first failed attempt ended; meaningless while {@link #failedAttempts()} is 0. */
    public long firstFailureMillis() {
        return firstFailureMillis;
    }

    /** A cheap estimate of the bytes this item adds to a bulk request. */
    public long sizeInBytes() {
        return json.length + (id == null ? 0 : id.length()) + ACTION_LINE_OVERHEAD;
    }

    @Override
    public String toString() {
        return "BulkItem[id=" + id + ", deadLetter=" + deadLetter + ", failedAttempts=" + failedAttempts + "]";
    }
}
