package io.threatstream.connectors.elasticsearch.internal;

/**
 * The result of one bulk item as Elasticsearch reported it, and what the sink makes of it.
 *
 * @param status the item's HTTP status
 * @param errorType {@code error.type}, null when the item succeeded
 * @param errorReason {@code error.reason}, null when the item succeeded
 */
public record ItemResult(int status, String errorType, String errorReason) {

    /** What the sink does with an item, decided by its status alone. */
    public enum Kind {
        /** 200/201: stored. */
        WRITTEN,
        /** 409: a document with this {@code _id} exists: written before (a replay), so done. */
        DUPLICATE,
        /** 429 (too many requests), 408 or 5xx: the cluster could not take it now; send again. */
        RETRYABLE,
        /**
         * 401/403: the credentials may not write to this index. Not the document's fault, and
         * the dead-letter index is usually refused just the same: the job must fail.
         */
        UNAUTHORIZED,
        /** Any other status: the document itself is refused (mapping conflict, bad JSON, ...). */
        REJECTED
    }

    public Kind kind() {
        if (status == 200 || status == 201) {
            return Kind.WRITTEN;
        }
        if (status == 409) {
            return Kind.DUPLICATE;
        }
        if (status == 429 || status == 408 || status >= 500) {
            return Kind.RETRYABLE;
        }
        if (status == 401 || status == 403) {
            return Kind.UNAUTHORIZED;
        }
        return Kind.REJECTED;
    }

    /** {@code "429 es_rejected_execution_exception: rejected execution of ..."}, or just the status. */
    public String describe() {
        return errorType == null ? Integer.toString(status) : status + " " + errorType + ": " + errorReason;
    }
}
