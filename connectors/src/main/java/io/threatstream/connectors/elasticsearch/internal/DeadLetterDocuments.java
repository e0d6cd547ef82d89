package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.RejectedDocument;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Builds the default dead-letter document (see {@code RejectedDocumentHandler}). */
public final class DeadLetterDocuments {
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterDocuments() {}

    public static Optional<byte[]> describe(RejectedDocument rejected) {
        return Optional.of(describe(rejected, Clock.systemUTC()));
    }

    static byte[] describe(RejectedDocument rejected, Clock clock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rejected.json().length * 2);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("@timestamp", Instant.now(clock).toString());
            json.writeObjectFieldStart("event");
            json.writeStringField("kind", "pipeline_error");
            // Kept as a string: the original may be exactly what the target mapping refused.
            json.writeStringField(
                    "original", new String(rejected.json(), StandardCharsets.UTF_8));
            json.writeEndObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("code", Integer.toString(rejected.status()));
            json.writeStringField("type", rejected.errorType());
            json.writeStringField("message", rejected.errorReason());
            json.writeEndObject();
            json.writeObjectFieldStart("labels");
            json.writeStringField("target_index", rejected.index());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
