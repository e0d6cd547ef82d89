package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.RejectedDocumentHandler;

import java.io.Serializable;

/** Everything a writer needs besides batching: where, what index, retries, dead letters. */
public final class SinkSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ConnectionSettings connection;
    private final String index;
    private final String deadLetterIndex;
    private final boolean installTemplates;
    private final RetryPolicy retryPolicy;
    private final RejectedDocumentHandler rejectedDocumentHandler;

    public SinkSettings(
            ConnectionSettings connection,
            String index,
            String deadLetterIndex,
            boolean installTemplates,
            RetryPolicy retryPolicy,
            RejectedDocumentHandler rejectedDocumentHandler) {
        this.connection = connection;
        this.index = index;
        this.deadLetterIndex = deadLetterIndex;
        this.installTemplates = installTemplates;
        this.retryPolicy = retryPolicy;
        this.rejectedDocumentHandler = rejectedDocumentHandler;
    }

    public ConnectionSettings connection() {
        return connection;
    }

    public String index() {
        return index;
    }

    public String deadLetterIndex() {
        return deadLetterIndex;
    }

    public boolean installTemplates() {
        return installTemplates;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public RejectedDocumentHandler rejectedDocumentHandler() {
        return rejectedDocumentHandler;
    }
}
