package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.threatstream.detect.event.RecordRejection.Kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every way {@link FieldExtractor} rejects a record, with the exact reason; {@link
 * EventDocumentParser} must give the same.
 */
class FieldExtractorRejectionTest {

    private static final ParserLimits LIMITS = ParserLimits.defaults();
    private final FieldExtractor extractor =
            new FieldExtractor(List.of("a", "host.os.type"), LIMITS);
    private final ExtractedFields fields = extractor.newFields();

    static Stream<Arguments> rejected() {
        return Stream.of(
                rejected("empty", bytes(""), Kind.EMPTY, "empty record: no bytes"),
                rejected(
                        "whitespace",
                        bytes(" \r\n\t "),
                        Kind.EMPTY,
                        "empty record: only whitespace"),
                rejected(
                        "BOM only",
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        Kind.EMPTY,
                        "empty record: only whitespace"),
                rejected(
                        "2 MB",
                        new byte[2 * 1024 * 1024],
                        Kind.TOO_LARGE,
                        "record too large: 2097152 bytes > limit 1048576"),
                rejected(
                        "array",
                        bytes("[{\"a\":1}]"),
                        Kind.NOT_AN_OBJECT,
                        "not a JSON object: array"),
                rejected(
                        "string", bytes("\"{}\""), Kind.NOT_AN_OBJECT, "not a JSON object: string"),
                rejected("integer", bytes("42"), Kind.NOT_AN_OBJECT, "not a JSON object: number"),
                rejected("float", bytes(" -1.5 "), Kind.NOT_AN_OBJECT, "not a JSON object: number"),
                rejected(
                        "boolean", bytes("true"), Kind.NOT_AN_OBJECT, "not a JSON object: boolean"),
                rejected("null", bytes("null"), Kind.NOT_AN_OBJECT, "not a JSON object: null"),
                rejected(
                        "65 levels",
                        bytes("{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}"),
                        Kind.TOO_DEEP,
                        "nesting too deep: more than 64 levels at 1:70"),
                rejected(
                        "10,000 levels",
                        bytes("{\"z\":" + "{\"z\":".repeat(9_999) + "}".repeat(10_000)),
                        Kind.TOO_DEEP,
                        "nesting too deep: more than 64 levels at 1:322"),
                rejected(
                        "truncated string",
                        bytes("{\"a\":\"b"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected end-of-input in VALUE_STRING at 1:8"),
                rejected(
                        "truncated object",
                        bytes("{\"a\":1"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected end-of-input: expected close marker for"
                                + " Object (start marker at 1:1) at 1:7"),
                rejected(
                        "truncated array",
                        bytes("{\"a\":[1,"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected end-of-input within/between Array entries"
                                + " at 1:9"),
                rejected(
                        "truncated after the wanted fields",
                        bytes(
                                "{\"a\":1,\"host\":{\"os\":{\"type\":\"linux\"}},\n"
                                        + "\"file\":{\"name\":\"x\""),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected end-of-input: expected close marker for"
                                + " Object (start marker at 2:8) at 2:19"),
                rejected(
                        "trailing garbage",
                        bytes("{\"a\":1}x"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unrecognized token 'x': was expecting (JSON String,"
                            + " Number, Array, Object or token 'null', 'true' or 'false') at 1:8"),
                rejected(
                        "second object",
                        bytes("{\"a\":1} {\"a\":2}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: content after the JSON object at 1:9"),
                rejected(
                        "extra close",
                        bytes("{\"a\":1}}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected close marker '}': no open Object to close"
                                + " at 1:8"),
                rejected(
                        "NUL after the object",
                        bytes("{\"a\":1}\u0000"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Illegal character ((CTRL-CHAR, code 0)): only regular"
                                + " white space (\\r"
                                + ", \\n"
                                + ", \\t) is allowed between tokens at 1:9"),
                rejected(
                        "NUL in a wanted string",
                        bytes("{\"a\":\"b\u0000\"}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Illegal unquoted character ((CTRL-CHAR, code 0)): has"
                                + " to be escaped using backslash to be included in string value at"
                                + " 1:8"),
                rejected(
                        "NUL in a skipped string",
                        bytes("{\"z\":[\"b\u0000\"]}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Illegal unquoted character ((CTRL-CHAR, code 0)): has"
                                + " to be escaped using backslash to be included in string value at"
                                + " 1:9"),
                rejected(
                        "UTF-16",
                        bytes("{\u0000\"\u0000a\u0000\"\u0000:\u00001\u0000}\u0000"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Illegal character ((CTRL-CHAR, code 0)): only regular"
                                + " white space (\\r"
                                + ", \\n"
                                + ", \\t) is allowed between tokens at 1:3"),
                rejected(
                        "invalid UTF-8 in a wanted string",
                        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Invalid UTF-8 middle byte 0x28 at 1:9"),
                rejected(
                        "invalid UTF-8 in a skipped string",
                        new byte[] {'{', '"', 'z', '"', ':', '"', (byte) 0xFF, '"', '}'},
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Invalid UTF-8 start byte 0xff at 1:8"),
                rejected(
                        "invalid UTF-8 in a key",
                        new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'},
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Invalid UTF-8 start byte 0xff at 1:5"),
                rejected(
                        "encoded surrogate",
                        new byte[] {
                            '{',
                            '"',
                            'a',
                            '"',
                            ':',
                            '"',
                            (byte) 0xED,
                            (byte) 0xA0,
                            (byte) 0x80,
                            '"',
                            '}'
                        },
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Invalid UTF-8: Illegal surrogate character 0xd800 at"
                                + " 1:10"),
                rejected(
                        "trailing comma",
                        bytes("{\"a\":1,}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected character ('}' (code 125)): was expecting"
                                + " double-quote to start field name at 1:8"),
                rejected(
                        "single quotes",
                        bytes("{'a':1}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unexpected character (''' (code 39)): was expecting"
                                + " double-quote to start field name at 1:2"),
                rejected(
                        "NaN",
                        bytes("{\"a\":NaN}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Non-standard token 'NaN': enable"
                                + " `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow at 1:9"),
                rejected(
                        "number of 1,001 digits",
                        bytes("{\"z\":" + "1".repeat(1001) + "}"),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Number value length (1001) exceeds the maximum allowed"
                                + " (1000, from `StreamReadConstraints.getMaxNumberLength()`) at"
                                + " 1:1007"),
                rejected(
                        "long garbage is cut short",
                        bytes("{\"a\":1}" + "z".repeat(500)),
                        Kind.NOT_PARSEABLE,
                        "not parseable JSON: Unrecognized token '"
                                + "z".repeat(140)
                                + "... at 1:8"));
    }

    private static Arguments rejected(String name, byte[] record, Kind kind, String reason) {
        return Arguments.of(name, record, kind, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithItsReason(String name, byte[] record, Kind kind, String reason) {
        fields.add(0, "stale", false);
        RecordRejection rejection = extractor.extract(record, fields);
        assertThat(rejection).isNotNull();
        assertThat(rejection.kind()).isEqualTo(kind);
        assertThat(rejection.toString()).isEqualTo(reason);
        assertThat(fields.valueCount(0)).isZero();
        assertThat(fields.valueCount(1)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsTheSameInASliceOfALargerArray(
            String name, byte[] record, Kind kind, String reason) {
        byte[] buffer = new byte[record.length + 20];
        buffer[0] = '{';
        buffer[buffer.length - 1] = '}';
        System.arraycopy(record, 0, buffer, 7, record.length);
        assertThat(extractor.extract(buffer, 7, record.length, fields)).hasToString(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void theDocumentParserRejectsTheSame(String name, byte[] record, Kind kind, String reason) {
        EventDocumentParser parser = new EventDocumentParser(LIMITS);
        try {
            parser.parse(record);
            throw new AssertionError("accepted " + name);
        } catch (RecordRejectedException e) {
            assertThat(e.rejection()).isEqualTo(extractor.extract(record, fields));
            assertThat(e).hasMessage(reason);
        }
    }

    @Test
    void exactlyTheLimitsAreAccepted() {
        byte[] deepest = bytes("{\"a\":" + "[".repeat(63) + "1" + "]".repeat(63) + "}");
        assertThat(extractor.extract(deepest, fields)).isNull();
        assertThat(fields.value(0, 0)).isEqualTo("1");

        String start = "{\"a\":\"";
        byte[] largest =
                bytes(start + "x".repeat(LIMITS.maxRecordBytes() - start.length() - 2) + "\"}");
        assertThat(largest).hasSize(LIMITS.maxRecordBytes());
        assertThat(extractor.extract(largest, fields)).isNull();

        byte[] longestNumber = bytes("{\"a\":" + "9".repeat(1000) + "}");
        assertThat(extractor.extract(longestNumber, fields)).isNull();
    }

    @Test
    void appliesConfiguredLimits() {
        FieldExtractor strict = new FieldExtractor(List.of("a"), ParserLimits.of(20, 2));
        ExtractedFields out = strict.newFields();
        assertThat(strict.extract(bytes("{\"a\":{\"b\":[]}}"), out))
                .hasToString("nesting too deep: more than 2 levels at 1:12");
        assertThat(strict.extract(bytes("{\"a\":[\"123456789\"]}"), out)).isNull();
        assertThat(strict.extract(bytes("{\"a\":[\"12345678901\"]}"), out))
                .hasToString("record too large: 21 bytes > limit 20");
    }

    @Test
    void acceptsTrailingWhitespaceAndALeadingByteOrderMark() {
        assertThat(extractor.extract(bytes("\n {\"a\":1}\r\n"), fields)).isNull();
        assertThat(fields.value(0, 0)).isEqualTo("1");
        byte[] withBom = bytes("\uFEFF{\"a\":2}");
        assertThat(withBom[0]).isEqualTo((byte) 0xEF);
        assertThat(extractor.extract(withBom, fields)).isNull();
        assertThat(fields.value(0, 0)).isEqualTo("2");
    }

    @Test
    void neverThrowsAndAgreesWithTheDocumentParserOnMutatedRecords() {
        byte[] seed =
                bytes(
                        "{\"@timestamp\":\"2026-11-29T01:02:03.456Z\",\"event\":{\"category\":[\"file\"],"
                            + "\"type\":[\"change\",null]},\"host.os.type\":\"linux\",\"host\":{\"os\":{\"type\":"
                            + "\"l\\u0069nux\"},\"n\":[1.5e3,-2,true]},\"a\":[{\"b\":\"\u00e9\ud83d\ude00\"}],\"a.b\":{}}");
        FieldExtractor wide =
                new FieldExtractor(
                        List.of("a", "a.b", "host.os.type", "event.type", "@timestamp"), LIMITS);
        ExtractedFields out = wide.newFields();
        EventDocumentParser documents = new EventDocumentParser(LIMITS);
        byte[] alphabet = bytes("{}[]\":,.\\u0aZ-+e 9\t\n");
        java.util.Random random = new java.util.Random(20261129L);
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] record = mutate(seed, random, alphabet);
            RecordRejection[] rejection = new RecordRejection[1];
            assertThatCode(() -> rejection[0] = wide.extract(record, out))
                    .as("record %s", new String(record, StandardCharsets.ISO_8859_1))
                    .doesNotThrowAnyException();
            RecordRejection fromDocument;
            try {
                documents.parse(record);
                fromDocument = null;
            } catch (RecordRejectedException e) {
                fromDocument = e.rejection();
            }
            assertThat(fromDocument)
                    .as("record %s", new String(record, StandardCharsets.ISO_8859_1))
                    .isEqualTo(rejection[0]);
            if (rejection[0] == null) {
                accepted++;
            }
        }
        assertThat(accepted).as("some mutations stay well-formed").isBetween(100, 19_900);
    }

    /** The seed with a few random edits: a byte replaced, inserted, deleted, or the tail cut. */
    private static byte[] mutate(byte[] seed, java.util.Random random, byte[] alphabet) {
        byte[] record = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && record.length > 0; e++) {
            int at = random.nextInt(record.length);
            byte b =
                    random.nextInt(4) == 0
                            ? (byte) random.nextInt(256)
                            : alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(4)) {
                case 0:
                    record[at] = b;
                    break;
                case 1:
                    byte[] longer = new byte[record.length + 1];
                    System.arraycopy(record, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(record, at, longer, at + 1, record.length - at);
                    record = longer;
                    break;
                case 2:
                    byte[] shorter = new byte[record.length - 1];
                    System.arraycopy(record, 0, shorter, 0, at);
                    System.arraycopy(record, at + 1, shorter, at, record.length - at - 1);
                    record = shorter;
                    break;
                default:
                    record = java.util.Arrays.copyOf(record, at);
                    break;
            }
        }
        return record;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
