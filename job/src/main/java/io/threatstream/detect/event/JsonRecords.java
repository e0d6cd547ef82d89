package io.threatstream.detect.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.threatstream.detect.event.RecordRejection.Kind;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What both event parsers share: one Jackson configuration, and turning every way a record can be
 * bad into a {@link RecordRejection}.
 */
final class JsonRecords {

    /** Longest parser message kept in a rejection; Jackson quotes up to 256 chars of input. */
    private static final int MAX_MESSAGE_CHARS = 160;

    /** A location Jackson embeds in its own messages, e.g. the start marker of an open object. */
    private static final Pattern EMBEDDED_LOCATION =
            Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    private JsonRecords() {}

    /**
     * A factory for records within {@code limits}. Records are always UTF-8: no guessing UTF-16/32
     * from NUL bytes. Key names are canonicalized (cached per factory) but not {@link
     * String#intern()}ed, so keys from hostile records do not fill the JVM's string pool.
     *
     * <p>Duplicate keys are allowed (see {@link FieldExtractor} for why).
     */
    static JsonFactory newFactory(ParserLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(limits.streamReadConstraints())
                .disable(JsonFactory.Feature.CHARSET_DETECTION)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** The rejection for a record of {@code length} bytes before reading it, or null. */
    static RecordRejection checkSize(int length, ParserLimits limits) {
        if (length == 0) {
            return new RecordRejection(Kind.EMPTY, "no bytes");
        }
        if (length > limits.maxRecordBytes()) {
            return new RecordRejection(
                    Kind.TOO_LARGE, length + " bytes > limit " + limits.maxRecordBytes());
        }
        return null;
    }

    /**
     * Length of a UTF-8 byte order mark at {@code json[offset]}, else 0. JSON may be read past one
     * (RFC 8259 section 8.1); with charset detection off Jackson would not skip it.
     */
    static int byteOrderMarkLength(byte[] json, int offset, int length) {
        return length >= 3
                        && json[offset] == (byte) 0xEF
                        && json[offset + 1] == (byte) 0xBB
                        && json[offset + 2] == (byte) 0xBF
                ? 3
                : 0;
    }

    /** The rejection for a record whose first token is {@code first}, or null for an object. */
    static RecordRejection checkRoot(JsonToken first) {
        if (first == JsonToken.START_OBJECT) {
            return null;
        }
        if (first == null) {
            return new RecordRejection(Kind.EMPTY, "only whitespace");
        }
        return new RecordRejection(Kind.NOT_AN_OBJECT, describe(first));
    }

    /**
     * Reads past the root object's end: null when nothing follows, else the rejection. Jackson
     * accepts a second root value after whitespace; a record is one object.
     */
    static RecordRejection checkEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return null;
        }
        return new RecordRejection(
                Kind.NOT_PARSEABLE,
                "content after the JSON object at " + position(parser.currentTokenLocation()));
    }

    /**
     * The rejection for an exception thrown while reading a record with {@code parser} (null if
     * creating the parser failed).
     */
    static RecordRejection rejection(IOException e, JsonParser parser, ParserLimits limits) {
        // Nesting is the only constraint that leaves the parser deeper than the limit.
        if (e instanceof StreamConstraintsException
                && parser != null
                && parser.getParsingContext().getNestingDepth() > limits.maxNestingDepth()) {
            return new RecordRejection(
                    Kind.TOO_DEEP,
                    "more than "
                            + limits.maxNestingDepth()
                            + " levels at "
                            + position(parser.currentLocation()));
        }
        String message;
        JsonLocation location = null;
        if (e instanceof JsonProcessingException) {
            message = ((JsonProcessingException) e).getOriginalMessage();
            location = ((JsonProcessingException) e).getLocation();
        } else {
            message = e.getMessage();
        }
        if (location == null && parser != null) {
            location = parser.currentLocation();
        }
        String where = location == null ? "" : " at " + position(location);
        return new RecordRejection(Kind.NOT_PARSEABLE, shorten(message) + where);
    }

    /** Closes {@code parser} if there is one; closing also returns its buffers and key names. */
    static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // A byte-array parser has nothing to release that could fail.
            }
        }
    }

    private static String shorten(String message) {
        if (message == null) {
            return "unknown error";
        }
        String text = EMBEDDED_LOCATION.matcher(message).replaceAll("$1:$2");
        return text.length() <= MAX_MESSAGE_CHARS
                ? text
                : text.substring(0, MAX_MESSAGE_CHARS) + "...";
    }

    private static String position(JsonLocation location) {
        return location.getLineNr() + ":" + location.getColumnNr();
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "array";
            case VALUE_STRING:
                return "string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }
}
