package io.threatstream.detect.event;

import java.nio.charset.StandardCharsets;

/**
 * Reads a record directly from its bytes, several times cheaper than Jackson: checks that it is a
 * JSON object {@link FieldExtractor} accepts and, given the wanted paths, collects their values
 * exactly as the extractor's Jackson pass would. With no paths it only checks.
 *
 * <p>It is <em>sound</em>, not complete: {@link JsonSyntaxCheck#WELL_FORMED} means the Jackson
 * pass accepts the record (within the same {@link ParserLimits}) and, when extracting, would
 * collect the same values. Any other answer only means "not proven": the caller must let the
 * Jackson pass decide, which also gives a rejection its exact reason. So this reader may be
 * stricter than Jackson, and is where that keeps it simple:
 *
 * <ul>
 *   <li>strict UTF-8: no overlong forms, encoded surrogates or code points past U+10FFFF (Jackson
 *       lets some of these through in strings it skips);
 *   <li>numbers of at most {@value #MAX_NUMBER_CHARS} characters (Jackson allows 1,000);
 *   <li>no surrogate escapes in keys (Jackson rejects unpaired ones there);
 *   <li>when extracting, no escapes at all in keys, nor in values of wanted fields (the Jackson
 *       pass decodes those).
 * </ul>
 *
 * What it accepts is RFC 8259 grammar exactly as Jackson's defaults read it: an object at the top,
 * an optional UTF-8 byte order mark, whitespace of space, tab, CR and LF only, no comments, no
 * trailing content, nesting at most {@link ParserLimits#maxNestingDepth()} levels (arrays count),
 * at most {@link ParserLimits#maxRecordBytes()} bytes, and the escapes {@code \" \\ \/ \b \f \n \r
 * \t \\uXXXX}.
 *
 * <p>Watched characters: the reader answers {@link JsonSyntaxCheck#WATCHED_ESCAPE} as soon as an
 * escape sequence in a value produces one of them (for a non-ASCII watched character: any escape
 * producing a non-ASCII character); see {@link JsonSyntaxCheck}.
 *
 * <p>Immutable and thread-safe: the nesting lives on the call stack (at most {@link
 * ParserLimits#NESTING_DEPTH_CEILING} small frames).
 */
final class JsonBytesReader {

    /** Longest number accepted; far below Jackson's 1,000, and no event field comes close. */
    static final int MAX_NUMBER_CHARS = 100;

    /**
     * Bytes that need no look inside a string: printable ASCII but '"' and '\'. A table lookup per
     * byte measured faster than testing eight bytes at a time: event strings are short, and
     * finding where a word's first special byte is costs more than it saves.
     */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    /** Outcomes of the recursive steps, which otherwise return the index after what they read. */
    private static final int NOT_PROVEN = -1;
    private static final int WATCHED = -2;

    private final int maxRecordBytes;
    private final int maxDepth;
    private final long watchedLow;
    private final long watchedHigh;
    private final boolean watchedNonAscii;

    JsonBytesReader(ParserLimits limits, CharSequence watchedCharacters) {
        this.maxRecordBytes = limits.maxRecordBytes();
        this.maxDepth = limits.maxNestingDepth();
        long low = 0;
        long high = 0;
        boolean nonAscii = false;
        for (int i = 0; i < watchedCharacters.length(); i++) {
            char c = watchedCharacters.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            } else {
                nonAscii = true;
            }
        }
        this.watchedLow = low;
        this.watchedHigh = high;
        this.watchedNonAscii = nonAscii;
    }

    /**
     * Reads the record in {@code json[offset, offset + length)}, adding the values of the paths
     * below {@code root} to {@code out}; with a null {@code root} only checks. {@code out} is
     * partly filled when the answer is not {@link JsonSyntaxCheck#WELL_FORMED}.
     *
     * @return {@link JsonSyntaxCheck#WELL_FORMED}, {@link JsonSyntaxCheck#WATCHED_ESCAPE} or {@link
     *     JsonSyntaxCheck#NOT_PROVEN}
     */
    int read(byte[] json, int offset, int length, PathNode root, ExtractedFields out) {
        if (length > maxRecordBytes) {
            return JsonSyntaxCheck.NOT_PROVEN;
        }
        int end = offset + length;
        int i = skipWhitespace(json, offset + JsonRecords.byteOrderMarkLength(json, offset, length), end);
        if (i >= end || json[i] != '{') {
            return JsonSyntaxCheck.NOT_PROVEN;
        }
        i = root == null ? skipObject(json, i + 1, end, 1) : object(json, i + 1, end, 1, root, out);
        if (i < 0) {
            return i == WATCHED ? JsonSyntaxCheck.WATCHED_ESCAPE : JsonSyntaxCheck.NOT_PROVEN;
        }
        return skipWhitespace(json, i, end) == end ? JsonSyntaxCheck.WELL_FORMED : JsonSyntaxCheck.NOT_PROVEN;
    }

    /**
     * The members of an object from just after its '{' at nesting level {@code depth}, where
     * wanted paths continue below {@code node}; returns the index after its '}'. Members on no
     * wanted path are only checked, by the {@code skip} methods: most of a record is, and without
     * the extraction their code stays small. One method per container kind keeps each branch at
     * its own place in the code, which the branch predictor learns better than one state switch.
     */
    private int object(byte[] json, int i, int end, int depth, PathNode node, ExtractedFields out) {
        i = nextToken(json, i, end);
        if (i < end && json[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || json[i] != '"') {
                return NOT_PROVEN;
            }
            int close = plainStringEnd(json, i + 1, end);
            if (close < 0) {
                return NOT_PROVEN; // also for an escaped key: the Jackson pass decodes it
            }
            PathNode target = node.next(json, i + 1, close);
            i = nextToken(json, close + 1, end);
            if (i >= end || json[i] != ':') {
                return NOT_PROVEN;
            }
            i = nextToken(json, i + 1, end);
            i = target == null ? skipValue(json, i, end, depth) : value(json, i, end, depth, target, out);
            if (i < 0) {
                return i;
            }
            i = nextToken(json, i, end);
            if (i >= end) {
                return NOT_PROVEN;
            }
            byte c = json[i];
            if (c == ',') {
                i = nextToken(json, i + 1, end);
            } else if (c == '}') {
                return i + 1;
            } else {
                return NOT_PROVEN;
            }
        }
    }

    /** The elements of an array at a wanted {@code node}; nested arrays flatten into it. */
    private int array(byte[] json, int i, int end, int depth, PathNode node, ExtractedFields out) {
        i = nextToken(json, i, end);
        if (i < end && json[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = value(json, i, end, depth, node, out);
            if (i < 0) {
                return i;
            }
            i = nextToken(json, i, end);
            if (i >= end) {
                return NOT_PROVEN;
            }
            byte c = json[i];
            if (c == ',') {
                i = nextToken(json, i + 1, end);
            } else if (c == ']') {
                return i + 1;
            } else {
                return NOT_PROVEN;
            }
        }
    }

    /**
     * A value at a wanted {@code node}, inside a container at level {@code depth}; returns the index
     * after it. Scalars are added when {@code node} is a field; an object is read only when wanted
     * paths continue below {@code node}, like the Jackson pass does.
     */
    private int value(byte[] json, int i, int end, int depth, PathNode node, ExtractedFields out) {
        if (i >= end) {
            return NOT_PROVEN;
        }
        byte c = json[i];
        int slot = node.slot;
        if (c == '{' || c == '[') {
            if (depth >= maxDepth) {
                return NOT_PROVEN;
            }
            if (c == '[') {
                return array(json, i + 1, end, depth + 1, node, out);
            }
            return node.hasNext()
                    ? object(json, i + 1, end, depth + 1, node, out)
                    : skipObject(json, i + 1, end, depth + 1);
        }
        if (slot < 0) {
            return skipValue(json, i, end, depth);
        }
        if (c == '"') {
            int close = plainStringEnd(json, i + 1, end);
            if (close < 0) {
                return NOT_PROVEN; // also for escapes: the Jackson pass decodes them
            }
            out.add(slot, new String(json, i + 1, close - i - 1, StandardCharsets.UTF_8), false);
            return close + 1;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int after = number(json, i, end);
            if (after >= 0) {
                out.add(slot, new String(json, i, after - i, StandardCharsets.ISO_8859_1), true);
            }
            return after;
        }
        int after = literal(json, i, end);
        if (after >= 0 && c != 'n') {
            out.add(slot, c == 't' ? "true" : "false", false);
        }
        return after;
    }

    /** The members of an object on no wanted path, from just after its '{'; only checks them. */
    private int skipObject(byte[] json, int i, int end, int depth) {
        i = nextToken(json, i, end);
        if (i < end && json[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= end || json[i] != '"') {
                return NOT_PROVEN;
            }
            i = string(json, i + 1, end, true);
            if (i < 0) {
                return i;
            }
            i = nextToken(json, i, end);
            if (i >= end || json[i] != ':') {
                return NOT_PROVEN;
            }
            i = skipValue(json, nextToken(json, i + 1, end), end, depth);
            if (i < 0) {
                return i;
            }
            i = nextToken(json, i, end);
            if (i >= end) {
                return NOT_PROVEN;
            }
            byte c = json[i];
            if (c == ',') {
                i = nextToken(json, i + 1, end);
            } else if (c == '}') {
                return i + 1;
            } else {
                return NOT_PROVEN;
            }
        }
    }

    /** The elements of an array on no wanted path, from just after its '['; only checks them. */
    private int skipArray(byte[] json, int i, int end, int depth) {
        i = nextToken(json, i, end);
        if (i < end && json[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = skipValue(json, i, end, depth);
            if (i < 0) {
                return i;
            }
            i = nextToken(json, i, end);
            if (i >= end) {
                return NOT_PROVEN;
            }
            byte c = json[i];
            if (c == ',') {
                i = nextToken(json, i + 1, end);
            } else if (c == ']') {
                return i + 1;
            } else {
                return NOT_PROVEN;
            }
        }
    }

    /** A value on no wanted path, inside a container at level {@code depth}; only checks it. */
    private int skipValue(byte[] json, int i, int end, int depth) {
        if (i >= end) {
            return NOT_PROVEN;
        }
        byte c = json[i];
        if (c == '"') {
            return string(json, i + 1, end, false);
        }
        if (c == '{' || c == '[') {
            if (depth >= maxDepth) {
                return NOT_PROVEN;
            }
            return c == '{' ? skipObject(json, i + 1, end, depth + 1) : skipArray(json, i + 1, end, depth + 1);
        }
        return c == '-' || (c >= '0' && c <= '9') ? number(json, i, end) : literal(json, i, end);
    }

    /** {@code i}, or past the whitespace there; compact JSON has none, so that case comes first. */
    private static int nextToken(byte[] json, int i, int end) {
        if (i < end && json[i] > ' ') {
            return i;
        }
        return skipWhitespace(json, i, end);
    }

    private static int skipWhitespace(byte[] json, int i, int end) {
        while (i < end) {
            byte c = json[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * Scans a string from just after its opening quote; returns the index after its closing
     * quote.
     */
    private int string(byte[] json, int i, int end, boolean key) {
        while (i < end) {
            int c = json[i] & 0xFF;
            if (PLAIN[c]) {
                i++;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                i = escape(json, i + 1, end, key);
                if (i < 0) {
                    return i;
                }
            } else if (c >= 0x80) {
                i = utf8(json, i, c, end);
                if (i < 0) {
                    return NOT_PROVEN;
                }
            } else {
                return NOT_PROVEN;
            }
        }
        return NOT_PROVEN;
    }

    /**
     * Scans a string without escapes from just after its opening quote; returns the index of its
     * closing quote, or {@link #NOT_PROVEN} (also at the first backslash).
     */
    private static int plainStringEnd(byte[] json, int i, int end) {
        while (i < end) {
            int c = json[i] & 0xFF;
            if (PLAIN[c]) {
                i++;
            } else if (c == '"') {
                return i;
            } else if (c >= 0x80) {
                i = utf8(json, i, c, end);
                if (i < 0) {
                    return NOT_PROVEN;
                }
            } else {
                return NOT_PROVEN;
            }
        }
        return NOT_PROVEN;
    }

    /** An escape whose letter is at {@code i}; returns the index after it. */
    private int escape(byte[] json, int i, int end, boolean key) {
        if (i >= end) {
            return NOT_PROVEN;
        }
        int produced;
        switch (json[i]) {
            case '"' -> produced = '"';
            case '\\' -> produced = '\\';
            case '/' -> produced = '/';
            case 'b' -> produced = '\b';
            case 'f' -> produced = '\f';
            case 'n' -> produced = '\n';
            case 'r' -> produced = '\r';
            case 't' -> produced = '\t';
            case 'u' -> {
                if (i + 4 >= end) {
                    return NOT_PROVEN;
                }
                produced = 0;
                for (int k = 1; k <= 4; k++) {
                    int digit = Character.digit(json[i + k], 16);
                    if (digit < 0) {
                        return NOT_PROVEN;
                    }
                    produced = produced << 4 | digit;
                }
                if (key && produced >= 0xD800 && produced < 0xE000) {
                    return NOT_PROVEN;
                }
                i += 4;
            }
            default -> {
                return NOT_PROVEN;
            }
        }
        // Only values are searched for texts: an escape in a key hides nothing.
        return !key && watched(produced) ? WATCHED : i + 1;
    }

    private boolean watched(int c) {
        if (c < 64) {
            return (watchedLow & (1L << c)) != 0;
        }
        if (c < 128) {
            return (watchedHigh & (1L << (c - 64))) != 0;
        }
        return watchedNonAscii;
    }

    /** A UTF-8 sequence whose lead byte {@code c} is at {@code i}; returns the index after it. */
    private static int utf8(byte[] json, int i, int c, int end) {
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) {
                secondMin = 0xA0; // no overlong forms
            } else if (c == 0xED) {
                secondMax = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) {
                secondMin = 0x90;
            } else if (c == 0xF4) {
                secondMax = 0x8F; // nothing past U+10FFFF
            }
        } else {
            return NOT_PROVEN;
        }
        if (i + length > end) {
            return NOT_PROVEN;
        }
        int second = json[i + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            return NOT_PROVEN;
        }
        for (int k = 2; k < length; k++) {
            if ((json[i + k] & 0xC0) != 0x80) {
                return NOT_PROVEN;
            }
        }
        return i + length;
    }

    /** A number starting at {@code i}; returns the index after it. */
    private static int number(byte[] json, int i, int end) {
        int start = i;
        if (json[i] == '-') {
            i++;
        }
        if (i >= end) {
            return NOT_PROVEN;
        }
        if (json[i] == '0') {
            i++;
        } else {
            int digits = digits(json, i, end);
            if (digits == i) {
                return NOT_PROVEN;
            }
            i = digits;
        }
        if (i < end && json[i] == '.') {
            int digits = digits(json, i + 1, end);
            if (digits == i + 1) {
                return NOT_PROVEN;
            }
            i = digits;
        }
        if (i < end && (json[i] == 'e' || json[i] == 'E')) {
            i++;
            if (i < end && (json[i] == '+' || json[i] == '-')) {
                i++;
            }
            int digits = digits(json, i, end);
            if (digits == i) {
                return NOT_PROVEN;
            }
            i = digits;
        }
        return i - start <= MAX_NUMBER_CHARS ? i : NOT_PROVEN;
    }

    private static int digits(byte[] json, int i, int end) {
        while (i < end && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        return i;
    }

    /** {@code true}, {@code false} or {@code null} at {@code i}; returns the index after it. */
    private static int literal(byte[] json, int i, int end) {
        String word = switch (json[i]) {
            case 't' -> "true";
            case 'f' -> "false";
            case 'n' -> "null";
            default -> null;
        };
        if (word == null || i + word.length() > end) {
            return NOT_PROVEN;
        }
        for (int k = 1; k < word.length(); k++) {
            if (json[i + k] != word.charAt(k)) {
                return NOT_PROVEN;
            }
        }
        return i + word.length();
    }
}
