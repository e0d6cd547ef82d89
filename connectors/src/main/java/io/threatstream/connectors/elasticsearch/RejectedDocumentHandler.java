package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.DeadLetterDocuments;

import java.io.Serializable;
import java.util.Optional;

/**
 * Decides what becomes of a document Elasticsearch rejected for good. A sink writer cannot emit
 * records downstream, so the dead-letter output of this sink is a dead-letter index in the same
 * cluster: the handler returns the JSON to write there (under the rejected document's {@code
 * _id}, so a replay does not duplicate it), or nothing to drop the document. Either way the sink
 * has already logged the rejection and counted it in the {@code deadLettered} metric.
 *
 * <p>The dead-letter document goes through the same batching, retries and checkpoints as alerts.
 * If Elasticsearch rejects the dead-letter document too, the job fails: nothing is dropped
 * silently.
 *
 * <p>Called on the HTTP client's I/O thread: keep it fast and do not block.
 */
@FunctionalInterface
public interface RejectedDocumentHandler extends Serializable {

    /** The JSON to write to the dead-letter index, or empty to drop the document. */
    Optional<byte[]> deadLetterFor(RejectedDocument rejected);

    /**
     * The default: an ECS document with {@code @timestamp} (when it was rejected), {@code
     * event.kind: "pipeline_error"}, {@code event.original} (the rejected JSON as a string), {@code
     * error.code/type/message} (Elasticsearch's status, type and reason) and {@code
     * labels.target_index}.
     */
    static RejectedDocumentHandler writeToDeadLetterIndex() {
        return DeadLetterDocuments::describe;
    }

    /** Drops rejected documents after they are logged and counted. */
    static RejectedDocumentHandler drop() {
        return rejected -> Optional.empty();
    }
}
