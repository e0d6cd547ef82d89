package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.generator.FleetSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader against the Jackson pass it stands in for. Soundness: whenever the reader
 * answers {@link JsonSyntaxCheck#WELL_FORMED}, Jackson accepts the record and collects exactly the
 * same values (text, order, number flags). Usefulness: it does answer so for ordinary events.
 */
class JsonBytesReaderTest {

    private static final ParserLimits LIMITS = ParserLimits.defaults();
    private static final List<String> PATHS =
            List.of("a", "a.b", "host.os.type", "event.type", "@timestamp", "k\u00e9y.x", "n", "process.executable");

    private final PathNode root = PathNode.root(PATHS);
    private final FieldExtractor extractor = new FieldExtractor(PATHS, LIMITS);
    private final JsonBytesReader reader = new JsonBytesReader(LIMITS, "");
    private final ExtractedFields direct = extractor.newFields();
    private final ExtractedFields jackson = extractor.newFields();

    /** Which answers the reader gave over a corpus, for the usefulness guards. */
    private int proven;
    private int jacksonAccepted;

    @Test
    void agreesWithJacksonOnMutatedRecords() {
        List<byte[]> seeds = new ArrayList<>(List.of(
                bytes("{\"@timestamp\":\"2026-11-29T01:02:03.456Z\",\"event\":{\"category\":[\"file\"],"
                        + "\"type\":[\"change\",null]},\"host.os.type\":\"linux\",\"host\":{\"os\":{\"type\":"
                        + "\"l\\u0069nux\"},\"n\":[1.5e3,-2,true]},\"a\":[{\"b\":\"\u00e9\ud83d\ude00\"}],\"a.b\":{}}"),
                bytes("{\"a\":[[1,[2,{\"b\":false}]],{\"b\":[null,\"x\"]}],\"k\u00e9y\":{\"x\":\"\u00e9\"},"
                        + "\"n\":-0.5E-3, \"z\":{\"q\":[{},[],\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]}}"),
                bytes("\uFEFF {\n\t\"n\" : 12 ,\r\n \"host.os\" : { \"type\" : [ \"a\" , \"b\" ] } , \"e\":true }  \n")));
        FleetSimulator fleet = new FleetSimulator(1, 8, 0.5, 0.1, 0, 1);
        for (int i = 0; i < 8; i++) {
            seeds.add(fleet.event(i));
        }
        byte[] alphabet = bytes("{}[]\":,.\\u0aZ-+eE 9\t\n/");
        Random random = new Random(20261130L);
        for (int round = 0; round < 40_000; round++) {
            agree(mutate(seeds.get(random.nextInt(seeds.size())), random, alphabet));
        }
        assertThat(jacksonAccepted).as("mutations Jackson accepts").isBetween(2_000, 38_000);
        assertThat(proven).as("of those, proven by the reader").isGreaterThan(jacksonAccepted / 2);
    }

    @Test
    void agreesWithJacksonOnUtf8Boundaries() {
        int[][] sequences = {
            {0x7F}, {0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC2, 0x80}, {0xDF, 0xBF}, {0xC2}, {0xC2, 0x41},
            {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80},
            {0xED, 0xBF, 0xBF}, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}, {0xEF, 0xBF}, {0xE1, 0x41, 0x80},
            {0xF0, 0x80, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF},
            {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80}, {0xFF}, {0xFE},
            {0xF0, 0x9F, 0x98}, {0xF0, 0x9F, 0x98, 0x80, 0x80}
        };
        String[][] contexts = {
            {"{\"a\":\"", "\"}"}, {"{\"z\":\"", "\"}"}, {"{\"a\":[\"x", "\"]}"}, {"{\"", "\":1}"},
            {"{\"z\":{\"", "\":1}}"}, {"{\"host\":{\"", "\":1}}"}, {"{\"a\":1,\"", "\":2}"}
        };
        for (int[] sequence : sequences) {
            for (String[] context : contexts) {
                ByteArrayOutputStream record = new ByteArrayOutputStream();
                record.writeBytes(bytes(context[0]));
                for (int b : sequence) {
                    record.write(b);
                }
                record.writeBytes(bytes(context[1]));
                agree(record.toByteArray());
            }
        }
        assertThat(proven).as("well-formed sequences proven").isGreaterThan(40);
    }

    @Test
    void agreesWithJacksonOnEscapes() {
        String[] escapes = {
            "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u00E9", "\\uD83D\\uDE00",
            "\\uD800", "\\uDC00", "\\uDC00\\uD800", "\\u0000", "\\u001f", "\\u002e", "\\u", "\\u12", "\\u12G4", "\\x",
            "\\'", "\\U0041", "\\", "\\0"
        };
        String[][] contexts = {
            {"{\"a\":\"", "\"}"}, {"{\"z\":\"", "\"}"}, {"{\"", "\":1}"}, {"{\"z\":{\"", "\":1}}"},
            {"{\"a", "\":1}"}, {"{\"a\":[\"", "\",\"b\"]}"}
        };
        for (String escape : escapes) {
            for (String[] context : contexts) {
                agree(bytes(context[0] + escape + context[1]));
            }
        }
        assertThat(proven).as("well-formed escapes proven").isGreaterThan(30);
    }

    @Test
    void agreesWithJacksonAtTheLimits() {
        List<String> records = new ArrayList<>();
        for (int depth = 62; depth <= 66; depth++) {
            records.add("{\"a\":" + "[".repeat(depth - 1) + "1" + "]".repeat(depth - 1) + "}");
            records.add("{\"z\":" + "{\"z\":".repeat(depth - 1) + "1" + "}".repeat(depth));
            records.add("{\"a\":" + "{\"b\":".repeat(depth - 1) + "1" + "}".repeat(depth));
        }
        for (int digits : new int[] {99, 100, 101, 999, 1000, 1001}) {
            records.add("{\"n\":" + "9".repeat(digits) + "}");
            records.add("{\"z\":-" + "9".repeat(digits) + "}");
            records.add("{\"n\":1." + "5".repeat(digits) + "}");
        }
        for (String number : new String[] {"0", "-0", "01", "-01", "1.", ".5", "1e", "1e+", "1E-2", "-", "+1", "1.5e3",
                "0x10", "1_0", "Infinity", "-Infinity", "NaN", "1 2", "1e400"}) {
            records.add("{\"n\":" + number + "}");
            records.add("{\"z\":[" + number + "]}");
        }
        for (String literal : new String[] {"true", "false", "null", "tru", "True", "nul", "truex", "nullnull"}) {
            records.add("{\"n\":" + literal + "}");
            records.add("{\"z\":" + literal + "}");
        }
        for (String whitespace : new String[] {" ", "\t", "\n", "\r", "\u000b", "\f", "\u00a0", "\u0000"}) {
            records.add(whitespace + "{" + whitespace + "\"n\"" + whitespace + ":" + whitespace + "1" + whitespace
                    + "}" + whitespace);
        }
        for (String root : new String[] {"", " ", "[]", "\"{}\"", "1", "null", "{}", "{} {}", "{}}", "{,}", "{\"a\"}",
                "{\"a\":}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{'a':1}",
                "{\"a\":1}/*c*/", "{\"a\":1}#", "\uFEFF{}", "\uFEFF\uFEFF{}", "{\"a\":\"\u0001\"}", "{\"a\":\"\t\"}"}) {
            records.add(root);
        }
        for (String record : records) {
            agree(bytes(record));
        }
        byte[] largest = bytes("{\"a\":\"" + "x".repeat(LIMITS.maxRecordBytes() - 8) + "\"}");
        assertThat(largest).hasSize(LIMITS.maxRecordBytes());
        agree(largest);
        agree(bytes("{\"a\":\"" + "x".repeat(LIMITS.maxRecordBytes() - 7) + "\"}"));
        assertThat(proven).as("records within the limits proven").isGreaterThan(30);
    }

    @Test
    void readsTheDeepestNestingAnyLimitAllowsOnTheCallStack() {
        ParserLimits deepest = ParserLimits.of(1 << 20, ParserLimits.NESTING_DEPTH_CEILING);
        JsonBytesReader deepReader = new JsonBytesReader(deepest, "");
        int levels = ParserLimits.NESTING_DEPTH_CEILING - 1;
        byte[] arrays = bytes("{\"a\":" + "[".repeat(levels) + "1" + "]".repeat(levels) + "}");
        byte[] objects = bytes("{\"a\":" + "{\"b\":".repeat(levels) + "1" + "}".repeat(levels + 1));
        ExtractedFields out = extractor.newFields();
        assertThat(deepReader.read(arrays, 0, arrays.length, root, out)).isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        assertThat(out.value(0, 0)).isEqualTo("1");
        assertThat(deepReader.read(objects, 0, objects.length, null, null)).isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        byte[] tooDeep = bytes("{\"a\":" + "[".repeat(levels + 1) + "]".repeat(levels + 1) + "}");
        assertThat(deepReader.read(tooDeep, 0, tooDeep.length, null, null)).isEqualTo(JsonSyntaxCheck.NOT_PROVEN);
    }

    @Test
    void provesEveryFleetEventInEveryAgentShape() {
        FleetSimulator fleet = new FleetSimulator(3, 100, 0.5, 0.05, 1_700_000_000_000L, 10);
        for (int i = 0; i < 2_000; i++) {
            byte[] event = fleet.event(i);
            agree(event);
            assertThat(read(event, root, direct)).as("event %d", i).isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        }
    }

    @Test
    void watchesEscapesThatProduceWatchedCharacters() {
        JsonSyntaxCheck check = new JsonSyntaxCheck(LIMITS, "sS/\n\u00e9");
        assertThat(check(check, "{\"a\":\"\\u0073sh\"}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"\\u0053SH\"}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"\\/usr\"}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"x\\ny\"}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"\\u00e8\"}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"\\u0073\":1}")).as("escape in a key").isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        assertThat(check(check, "{\"a\":[\"\\u0073\"]}")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"\\u0074\\t\\\"\\\\\"}")).isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        assertThat(check(check, "{\"a\":\"ssh /usr\"}")).isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        assertThat(check(new JsonSyntaxCheck(LIMITS, "ab"), "{\"a\":\"\\u00e9\\/\"}"))
                .isEqualTo(JsonSyntaxCheck.WELL_FORMED);
        assertThat(check(check, "{\"a\":\"\\u0073\"")).isEqualTo(JsonSyntaxCheck.WATCHED_ESCAPE);
        assertThat(check(check, "{\"a\":\"x\"")).isEqualTo(JsonSyntaxCheck.NOT_PROVEN);
    }

    private static int check(JsonSyntaxCheck check, String record) {
        byte[] bytes = bytes(record);
        return check.check(bytes, 0, bytes.length);
    }

    /**
     * Checks both of the reader's modes against Jackson on {@code record}, and on the same record
     * in the middle of a larger array.
     */
    private void agree(byte[] record) {
        RecordRejection rejection = extractor.extractWithJackson(record, 0, record.length, jackson);
        String what = new String(record, StandardCharsets.ISO_8859_1);
        if (rejection == null) {
            jacksonAccepted++;
        }
        int extracted = read(record, root, direct);
        if (extracted == JsonSyntaxCheck.WELL_FORMED) {
            proven++;
            assertThat(rejection).as("Jackson on a record the reader extracted: %s", what).isNull();
            assertThat(describe(direct)).as("values of %s", what).isEqualTo(describe(jackson));
        }
        if (read(record, null, null) == JsonSyntaxCheck.WELL_FORMED) {
            assertThat(rejection).as("Jackson on a record the reader checked: %s", what).isNull();
        }
        byte[] framed = new byte[record.length + 6];
        framed[0] = '{';
        framed[framed.length - 1] = '}';
        System.arraycopy(record, 0, framed, 3, record.length);
        direct.reset();
        assertThat(reader.read(framed, 3, record.length, root, direct)).as("framed %s", what).isEqualTo(extracted);
    }

    private int read(byte[] record, PathNode from, ExtractedFields out) {
        if (out != null) {
            out.reset();
        }
        return reader.read(record, 0, record.length, from, out);
    }

    /** Every value of every slot with its number flag. */
    private static String describe(ExtractedFields fields) {
        StringBuilder out = new StringBuilder();
        for (int slot = 0; slot < fields.slotCount(); slot++) {
            out.append(slot).append(':');
            for (int i = 0; i < fields.valueCount(slot); i++) {
                out.append(fields.isNumber(slot, i) ? " #" : " ").append(fields.value(slot, i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The seed with a few random edits: a byte replaced, inserted, deleted, or the tail cut. */
    private static byte[] mutate(byte[] seed, Random random, byte[] alphabet) {
        byte[] record = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && record.length > 0; e++) {
            int at = random.nextInt(record.length);
            byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(5)) {
                case 0, 1 -> record[at] = b;
                case 2 -> {
                    byte[] longer = new byte[record.length + 1];
                    System.arraycopy(record, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(record, at, longer, at + 1, record.length - at);
                    record = longer;
                }
                case 3 -> {
                    byte[] shorter = new byte[record.length - 1];
                    System.arraycopy(record, 0, shorter, 0, at);
                    System.arraycopy(record, at + 1, shorter, at, record.length - at - 1);
                    record = shorter;
                }
                default -> {
                    if (random.nextInt(4) == 0) {
                        record = java.util.Arrays.copyOf(record, at);
                    }
                }
            }
        }
        return record;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
