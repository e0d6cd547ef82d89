package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What {@link FieldExtractor} reads from well-formed records: Elasticsearch's view of fields. */
class FieldExtractorTest {

    /** The values of each path, in slot order, after extracting {@code json}. */
    private static List<List<String>> extract(String json, String... paths) {
        FieldExtractor extractor = new FieldExtractor(List.of(paths), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        RecordRejection rejection =
                extractor.extract(json.getBytes(StandardCharsets.UTF_8), fields);
        assertThat(rejection).as("rejection of %s", json).isNull();
        return valuesOf(fields);
    }

    private static List<List<String>> valuesOf(EventFields fields, int slotCount) {
        List<List<String>> all = new ArrayList<>();
        for (int slot = 0; slot < slotCount; slot++) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < fields.valueCount(slot); i++) {
                values.add(fields.value(slot, i));
            }
            all.add(values);
        }
        return all;
    }

    private static List<List<String>> valuesOf(ExtractedFields fields) {
        return valuesOf(fields, fields.slotCount());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"host.os.type\":\"linux\"}",
                "{\"host\":{\"os.type\":\"linux\"}}",
                "{\"host\":{\"os\":{\"type\":\"linux\"}}}",
                "{\"host.os\":{\"type\":\"linux\"}}",
                "{\"host\":{\"os\":{\"type\":[\"linux\"]}}}",
            })
    void dottedKeysAndNestedObjectsAreOneField(String json) {
        assertThat(extract(json, "host.os.type")).containsExactly(List.of("linux"));
    }

    @Test
    void aFieldWrittenInSeveralFormsHasAllTheirValuesInDocumentOrder() {
        String json =
                "{\"host.os.type\":\"a\",\"host\":{\"os.type\":\"b\",\"os\":{\"type\":\"c\"}},"
                        + "\"host.os\":{\"type\":[\"d\",\"e\"]}}";
        assertThat(extract(json, "host.os.type")).containsExactly(List.of("a", "b", "c", "d", "e"));
    }

    @Test
    void aRepeatedKeyGivesTheValuesOfEveryOccurrence() {
        assertThat(extract("{\"a\":\"x\",\"b\":0,\"a\":\"y\"}", "a"))
                .containsExactly(List.of("x", "y"));
        assertThat(extract("{\"h\":{\"id\":\"1\"},\"h\":{\"id\":\"2\"}}", "h.id"))
                .containsExactly(List.of("1", "2"));
    }

    @Test
    void arraysAreMultiValuedAndNestedArraysFlattened() {
        assertThat(extract("{\"event\":{\"type\":[\"creation\",\"change\"]}}", "event.type"))
                .containsExactly(List.of("creation", "change"));
        assertThat(extract("{\"a\":[[\"x\",[\"y\"]],[],\"z\",[[[]]]]}", "a"))
                .containsExactly(List.of("x", "y", "z"));
        assertThat(extract("{\"a\":[]}", "a")).containsExactly(List.of());
    }

    @Test
    void nullsAreDropped() {
        assertThat(extract("{\"a\":null,\"b\":[null,\"x\",null,[null]]}", "a", "b"))
                .containsExactly(List.of(), List.of("x"));
    }

    @Test
    void arraysOfObjectsAreFlattenedLikeElasticsearch() {
        assertThat(extract("{\"a\":[{\"b\":1},{\"b\":2},{\"c\":3},[{\"b\":[4,[5]]}]]}", "a.b"))
                .containsExactly(List.of("1", "2", "4", "5"));
        assertThat(extract("{\"a\":[{\"b.c\":\"x\"},{\"b\":{\"c\":\"y\"}}]}", "a.b.c"))
                .containsExactly(List.of("x", "y"));
    }

    @Test
    void numbersKeepTheirJsonTextAndAreMarkedAsNumbers() {
        FieldExtractor extractor = new FieldExtractor(List.of("n", "s"), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        String json =
                "{\"n\":[1.0,-5,0,-0.0,1e3,1.5E-7,123456789012345678901234567890,"
                        + "1.0e9999999999,-98765432109876543210.0123456789],\"s\":\"1\"}";
        assertThat(extractor.extract(json.getBytes(StandardCharsets.UTF_8), fields)).isNull();
        assertThat(valuesOf(fields))
                .containsExactly(
                        List.of(
                                "1.0",
                                "-5",
                                "0",
                                "-0.0",
                                "1e3",
                                "1.5E-7",
                                "123456789012345678901234567890",
                                "1.0e9999999999",
                                "-98765432109876543210.0123456789"),
                        List.of("1"));
        for (int i = 0; i < fields.valueCount(0); i++) {
            assertThat(fields.isNumber(0, i)).isTrue();
        }
        assertThat(fields.isNumber(1, 0)).isFalse();
    }

    @Test
    void booleansAreTheirJsonTextAndNotNumbers() {
        FieldExtractor extractor = new FieldExtractor(List.of("b"), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        assertThat(extractor.extract(bytes("{\"b\":[true,false]}"), fields)).isNull();
        assertThat(valuesOf(fields)).containsExactly(List.of("true", "false"));
        assertThat(fields.isNumber(0, 0)).isFalse();
        assertThat(fields.isNumber(0, 1)).isFalse();
    }

    @Test
    void anObjectWhereAScalarIsExpectedGivesNoValue() {
        assertThat(
                        extract(
                                "{\"process\":{\"name\":\"sshd\"},\"a\":[{\"x\":1},\"v\"]}",
                                "process",
                                "a"))
                .containsExactly(List.of(), List.of("v"));
    }

    @Test
    void aPathCanBeBothAFieldAndThePrefixOfAnother() {
        String json = "{\"a\":[\"x\",{\"b\":\"y\"}],\"a.b\":\"z\",\"a\":{\"b\":{\"c\":1}}}";
        assertThat(extract(json, "a", "a.b", "a.b.c"))
                .containsExactly(List.of("x"), List.of("y", "z"), List.of("1"));
    }

    @Test
    void deepPathsMatchInAnyMixOfDottedAndNestedKeys() {
        String path = "a.b.c.d.e.f.g.h";
        assertThat(
                        extract(
                                "{\"a.b\":{\"c.d.e\":{\"f\":{\"g.h\":1}}},"
                                    + "\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":2}}}}}}},"
                                    + "\"a.b.c.d.e.f.g.h\":3}",
                                path))
                .containsExactly(List.of("1", "2", "3"));
    }

    @Test
    void keysThatOnlyResembleAWantedPathDoNotMatch() {
        String json =
                "{\"hos\":{\"os\":{\"type\":1}},\"hostx\":{\"os.type\":2},\"host.o\":{\"s.type\":3},"
                    + "\"host.os.typex\":4,\"x\":{\"host\":{\"os\":{\"type\":5}}},"
                    + "\"host\":{\"os\":{\"type.name\":6,\"typ\":7}},\"HOST.OS.TYPE\":8,"
                    + "\"host..os.type\":9,\".host.os.type\":10,\"\":{\"host.os.type\":11}}";
        assertThat(extract(json, "host.os.type")).containsExactly(List.of());
    }

    @Test
    void unwantedSubtreesAreSkippedWhateverTheyHold() {
        String json =
                "{\"skipped\":{\"deep\":[[{\"host\":{\"os\":{\"type\":\"no\"}}}],{\"a\":[1,{\"b\":null}]}]},"
                    + "\"message\":\"{\\\"host.os.type\\\":\\\"no\\\"}\","
                    + "\"host.os.type\":\"yes\",\"tail\":[true,false,null,1.5,\"s\"]}";
        assertThat(extract(json, "host.os.type")).containsExactly(List.of("yes"));
    }

    @Test
    void keysAreComparedAfterJsonDecoding() {
        assertThat(
                        extract(
                                "{\"file\\u002ename\":\"a\",\"fil\\u0065\":{\"name\":\"b\"}}",
                                "file.name"))
                .containsExactly(List.of("a", "b"));
        assertThat(
                        extract(
                                "{\"f\\u00efle\":{\"n\u00e4me\":\"\\ud83d\\ude00\"}}",
                                "f\u00efle.n\u00e4me"))
                .containsExactly(List.of("\ud83d\ude00"));
        assertThat(extract("{\"q\\\"k\":{\"\\\\\":\"v\"}}", "q\"k.\\"))
                .containsExactly(List.of("v"));
    }

    @Test
    void stringValuesAreDecoded() {
        assertThat(extract("{\"p\":\"C:\\\\Windows\\\\x\\t\\u00e9\\n\u4e2d\u6587\"}", "p"))
                .containsExactly(List.of("C:\\Windows\\x\t\u00e9\n\u4e2d\u6587"));
    }

    @Test
    void aMissingFieldHasNoValues() {
        assertThat(extract("{}", "a", "b.c")).containsExactly(List.of(), List.of());
        assertThat(extract("{\"b\":1}", "b.c")).containsExactly(List.of());
    }

    @Test
    void noWantedPathsStillAcceptsTheRecord() {
        assertThat(extract("{\"a\":{\"b\":[1,2]}}")).isEmpty();
    }

    @Test
    void elasticDefendEventNestedEcs() {
        String json =
                "{\"@timestamp\":\"2026-11-29T01:02:03.456Z\",\"agent\":{\"type\":\"endpoint\"},"
                    + "\"event\":{\"action\":\"modification\",\"category\":[\"file\"],\"type\":[\"change\"],"
                    + "\"kind\":\"event\",\"module\":\"endpoint\",\"sequence\":9},"
                    + "\"file\":{\"extension\":\"log\",\"name\":\".sshd_auth.log\",\"path\":\"/var/log/.sshd_auth.log\","
                    + "\"Ext\":{\"original\":{\"path\":\"/tmp/x\"}}},"
                    + "\"host\":{\"hostname\":\"web-01\",\"id\":\"c0ffee\",\"os\":{\"family\":\"debian\",\"type\":\"linux\"}},"
                    + "\"process\":{\"executable\":\"/usr/sbin/sshd\",\"name\":\"sshd\",\"pid\":1234,"
                    + "\"parent\":{\"executable\":\"/usr/sbin/init\"}},\"user\":{\"name\":\"root\"}}";
        assertThat(
                        extract(
                                json,
                                "event.category",
                                "host.os.type",
                                "event.type",
                                "process.executable",
                                "file.name",
                                "file.extension",
                                "file.path"))
                .containsExactly(
                        List.of("file"),
                        List.of("linux"),
                        List.of("change"),
                        List.of("/usr/sbin/sshd"),
                        List.of(".sshd_auth.log"),
                        List.of("log"),
                        List.of("/var/log/.sshd_auth.log"));
    }

    @Test
    void auditbeatEventWithMultiValuedEventType() {
        String json =
                "{\"@timestamp\":\"2026-11-29T01:02:03Z\",\"event\":{\"module\":\"file_integrity\","
                    + "\"category\":[\"file\"],\"type\":[\"creation\",\"change\"],\"action\":[\"created\",\"updated\"]},"
                    + "\"file\":{\"path\":\"/usr/lib/libkeyutils.so.1.9\",\"name\":\"libkeyutils.so.1.9\","
                    + "\"extension\":\"9\",\"hash\":{\"sha256\":\"ab\"}},\"host\":{\"os\":{\"type\":\"linux\"}},"
                    + "\"process\":{\"executable\":\"/usr/bin/ssh\"}}";
        assertThat(
                        extract(
                                json,
                                "event.category",
                                "event.type",
                                "file.extension",
                                "process.executable"))
                .containsExactly(
                        List.of("file"),
                        List.of("creation", "change"),
                        List.of("9"),
                        List.of("/usr/bin/ssh"));
    }

    @Test
    void sentinelOneEventWithFlatDottedKeys() {
        String json =
                "{\"@timestamp\":\"2026-11-29T01:02:03.123456789+02:00\",\"event.category\":\"file\","
                    + "\"event.type\":\"change\",\"host.os.type\":\"linux\",\"host.name\":\"db-2\","
                    + "\"process.executable\":\"/usr/sbin/sshd\",\"file.name\":\"~backdoor\","
                    + "\"file.path\":\"/usr/share/~backdoor\",\"sentinel_one.agent.uuid\":\"x\"}";
        assertThat(extract(json, "event.category", "event.type", "host.os.type", "file.name"))
                .containsExactly(
                        List.of("file"), List.of("change"), List.of("linux"), List.of("~backdoor"));
    }

    @Test
    void endgameEventMixingDottedAndNestedKeys() {
        String json =
                "{\"endgame\":{\"event_type_full\":\"file_event\"},\"event\":{\"category\":\"file\","
                    + "\"type\":[\"change\"]},\"host.os\":{\"type\":\"linux\"},\"process\":{\"executable\":"
                    + "\"/usr/bin/ssh\"},\"file.path\":\"/etc/ssh/.keys\",\"file\":{\"name\":\".keys\"}}";
        assertThat(
                        extract(
                                json,
                                "event.category",
                                "host.os.type",
                                "file.path",
                                "file.name",
                                "process.executable"))
                .containsExactly(
                        List.of("file"),
                        List.of("linux"),
                        List.of("/etc/ssh/.keys"),
                        List.of(".keys"),
                        List.of("/usr/bin/ssh"));
    }

    @Test
    void readsOnlyTheGivenSliceOfTheArray() {
        byte[] buffer = bytes("garbage{\"a\":\"in\"}{\"a\":\"after\"}");
        FieldExtractor extractor = new FieldExtractor(List.of("a"), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        assertThat(extractor.extract(buffer, 7, 10, fields)).isNull();
        assertThat(valuesOf(fields)).containsExactly(List.of("in"));
        assertThat(extractor.extract(buffer, 17, 13, fields)).isNull();
        assertThat(valuesOf(fields)).containsExactly(List.of("after"));
    }

    @Test
    void aRangeOutsideTheArrayIsAProgrammingError() {
        FieldExtractor extractor = new FieldExtractor(List.of("a"), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        assertThatThrownBy(() -> extractor.extract(new byte[4], 2, 3, fields))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> extractor.extract(new byte[4], -1, 2, fields))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aHolderOfTheWrongSizeIsAProgrammingError() {
        FieldExtractor extractor = new FieldExtractor(List.of("a"), ParserLimits.defaults());
        assertThatThrownBy(() -> extractor.extract(bytes("{}"), new ExtractedFields(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fields holder has 2 slots, extractor 1");
    }

    @Test
    void eachExtractionStartsFromAnEmptyHolder() {
        FieldExtractor extractor = new FieldExtractor(List.of("a"), ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        assertThat(extractor.extract(bytes("{\"a\":[1,2,3]}"), fields)).isNull();
        assertThat(extractor.extract(bytes("{\"a\":4}"), fields)).isNull();
        assertThat(valuesOf(fields)).containsExactly(List.of("4"));
    }

    @Test
    void takesItsPathsFromAFieldTableInSlotOrder() {
        FieldTable table = new FieldTable();
        int b = table.slotOf("b");
        int a = table.slotOf("a.x");
        FieldExtractor extractor = new FieldExtractor(table, ParserLimits.defaults());
        ExtractedFields fields = extractor.newFields();
        assertThat(extractor.slotCount()).isEqualTo(2);
        assertThat(extractor.extract(bytes("{\"a\":{\"x\":\"ax\"},\"b\":\"bv\"}"), fields))
                .isNull();
        assertThat(fields.value(a, 0)).isEqualTo("ax");
        assertThat(fields.value(b, 0)).isEqualTo("bv");
    }

    @Test
    void rejectsInvalidPaths() {
        assertThatThrownBy(() -> new FieldExtractor(List.of("a..b"), ParserLimits.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid field path \"a..b\": empty segment");
        assertThatThrownBy(() -> new FieldExtractor(List.of(""), ParserLimits.defaults()))
                .hasMessage("invalid field path \"\": empty segment");
        assertThatThrownBy(() -> new FieldExtractor(List.of("a."), ParserLimits.defaults()))
                .hasMessage("invalid field path \"a.\": empty segment");
        assertThatThrownBy(() -> new FieldExtractor(List.of("a", "a"), ParserLimits.defaults()))
                .hasMessage("field path \"a\" given twice");
    }

    @Test
    void stringsAndKeysUpToTheRecordSizeAreAccepted() {
        String longValue = "v".repeat(900_000);
        String longKey = "k".repeat(60_000);
        String json = "{\"" + longKey + "\":1,\"a\":\"" + longValue + "\"}";
        assertThat(extract(json, "a", longKey)).containsExactly(List.of(longValue), List.of("1"));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
