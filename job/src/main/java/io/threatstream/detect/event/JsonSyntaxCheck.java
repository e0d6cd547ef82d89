package io.threatstream.detect.event;

/**
 * A byte-level check that a record is a JSON object {@link FieldExtractor} accepts, without
 * extracting anything: the cheapest proof that a record is well-formed. Sound, not complete: see
 * {@link JsonBytesReader} for what it accepts; anything else is {@link #NOT_PROVEN}, and the
 * extractor must decide.
 *
 * <p>The check also watches escapes: given <em>watched characters</em>, it answers {@link
 * #WATCHED_ESCAPE} as soon as an escape sequence in a string value (not a key) produces one of them
 * (for a non-ASCII watched character: any escape producing a non-ASCII character). A caller that
 * looks for texts in the raw bytes watches their characters: when no escape in a value produced any
 * of them, a text occurs in a decoded value only if its bytes occur in the record as written.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonSyntaxCheck {

    /** The record is an object the extractor accepts, and no escape produced a watched character. */
    public static final int WELL_FORMED = 0;

    /** An escape in a value produced a watched character; well-formedness was not (fully) checked. */
    public static final int WATCHED_ESCAPE = 1;

    /** Not proven well-formed: malformed, beyond the limits, or outside what the check accepts. */
    public static final int NOT_PROVEN = 2;

    private final JsonBytesReader reader;

    /** A check within {@code limits} that watches escapes producing any of {@code watchedCharacters}. */
    public JsonSyntaxCheck(ParserLimits limits, CharSequence watchedCharacters) {
        this.reader = new JsonBytesReader(limits, watchedCharacters);
    }

    /**
     * Checks the record in {@code json[offset, offset + length)}.
     *
     * @return {@link #WELL_FORMED}, {@link #WATCHED_ESCAPE} or {@link #NOT_PROVEN}
     * @throws IndexOutOfBoundsException if the range is outside {@code json}
     */
    public int check(byte[] json, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, json.length);
        return reader.read(json, offset, length, null, null);
    }
}
