package io.threatstream.connectors.file;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.DeadLetterJson;
import io.threatstream.connectors.record.Document;
import java.io.IOException;
import java.io.Serializable;

/**
 * Turns an element into the bytes of one output line, without the line feed. The bytes must not
 * contain {@code '\n'}: line sinks reject such an element rather than break the file's framing.
 */
@FunctionalInterface
public interface LineEncoder<T> extends Serializable {

    byte[] encode(T element) throws IOException;

    /** A {@link Document}'s JSON bytes, as they are. */
    static LineEncoder<Document> documents() {
        return document -> document.json;
    }

    /** A {@link DeadLetter} as one JSON object, see {@link DeadLetterJson}. */
    static LineEncoder<DeadLetter> deadLetters() {
        return DeadLetterJson::encode;
    }
}
