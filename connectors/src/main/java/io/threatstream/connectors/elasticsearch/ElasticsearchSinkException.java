package io.threatstream.connectors.elasticsearch;

/**
 * A failure of the Elasticsearch sink that retrying cannot fix (bad credentials, a rejected
 * dead-letter document, retries exhausted, an unusable answer). It fails the job with a message
 * that says what happened and what to check; messages never contain secrets.
 */
public class ElasticsearchSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ElasticsearchSinkException(String message) {
        super(message);
    }

    public ElasticsearchSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
