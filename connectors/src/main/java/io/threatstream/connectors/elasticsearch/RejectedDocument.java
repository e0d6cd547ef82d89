package io.threatstream.connectors.elasticsearch;

/**
 * A document Elasticsearch refused for good (a 4xx item result other than 409), with the server's
 * own explanation, e.g. status 400, type {@code document_parsing_exception}, reason {@code "[1:6]
 * failed to parse field [n] of type [long] ..."}. Retrying it would fail the same way.
 *
 * @param index the index or data stream the document was written to
 * @param id the document's {@code _id} (null if it had none)
 * @param status the item's HTTP status
 * @param errorType Elasticsearch's {@code error.type}
 * @param errorReason Elasticsearch's {@code error.reason}
 * @param json the document as sent (UTF-8 JSON)
 */
public record RejectedDocument(
        String index, String id, int status, String errorType, String errorReason, byte[] json) {

    /** One line for logs and messages, without the document's content. */
    public String describe() {
        return "document "
                + (id == null ? "(no id)" : "'" + id + "'")
                + " for index "
                + index
                + ": status "
                + status
                + " "
                + errorType
                + ": "
                + errorReason;
    }
}
