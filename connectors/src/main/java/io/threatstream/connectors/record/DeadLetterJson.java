package io.threatstream.connectors.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A {@link DeadLetter} as one line of JSON, for the dead-letter file and topic:
 *
 * <pre>{@code
 * {"reason":"not parseable: …","source":{"type":"file","path":"/data/events.ndjson","line":7},
 *  "original":"{\"a\":","original_base64":"eyJhIjo="}
 * }</pre>
 *
 * <ul>
 *   <li>{@code source}: see {@link SourceCoordinatesJson}.
 *   <li>{@code original_base64}: always there; the original bytes, exactly (standard Base64 with
 *       padding), whatever they were.
 *   <li>{@code original}: the original bytes as text, only when they are valid UTF-8, for people
 *       reading the file; left out otherwise rather than replaced lossily.
 * </ul>
 */
public final class DeadLetterJson {
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterJson() {}

    /** The dead letter as UTF-8 JSON, one object, no line feed. */
    public static byte[] encode(DeadLetter deadLetter) {
        byte[] original = deadLetter.value == null ? new byte[0] : deadLetter.value;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + original.length * 2);
        try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("reason", deadLetter.reason);
            json.writeFieldName("source");
            SourceCoordinatesJson.write(json, deadLetter.source);
            String text = decodeUtf8(original);
            if (text != null) {
                json.writeStringField("original", text);
            }
            json.writeStringField("original_base64", Base64.getEncoder().encodeToString(original));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The text of {@code bytes} if they are well-formed UTF-8, else {@code null}. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
