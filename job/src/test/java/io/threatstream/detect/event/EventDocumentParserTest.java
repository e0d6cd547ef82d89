package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.threatstream.detect.event.RecordRejection.Kind;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** Rejections shared with the extractor are tested in {@link FieldExtractorRejectionTest}. */
class EventDocumentParserTest {

    private final EventDocumentParser parser = new EventDocumentParser(ParserLimits.defaults());

    @Test
    void parsesTheWholeEvent() throws Exception {
        ObjectNode event =
                parser.parse(
                        bytes(
                                "{\"host\":{\"name\":\"h\",\"ip\":[\"10.0.0.1\"]},\"n\":1.0,"
                                    + "\"big\":123456789012345678901234567890,\"host.id\":\"x\"}"));
        assertThat(event.toString())
                .isEqualTo(
                        "{\"host\":{\"name\":\"h\",\"ip\":[\"10.0.0.1\"]},\"n\":1.0,"
                                + "\"big\":123456789012345678901234567890,\"host.id\":\"x\"}");
    }

    @Test
    void readsOnlyTheSliceAndSkipsAByteOrderMark() throws Exception {
        byte[] buffer = bytes("xx\uFEFF{\"a\":1}yy");
        assertThat(parser.parse(buffer, 2, buffer.length - 4).toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() throws Exception {
        assertThat(parser.parse(bytes("{\"a\":1,\"a\":2}")).toString()).isEqualTo("{\"a\":2}");
    }

    @Test
    void aNumberBeyondDoubleRangeDoesNotRejectTheRecord() throws Exception {
        assertThat(parser.parse(bytes("{\"a\":1.0e9999999999}")).get("a").doubleValue())
                .isInfinite();
    }

    @Test
    void rejectsWithTheSameReasonsAsTheExtractor() {
        assertThatThrownBy(() -> parser.parse(bytes("{\"a\":1} []")))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessage("not parseable JSON: content after the JSON object at 1:9")
                .extracting(e -> ((RecordRejectedException) e).rejection().kind())
                .isEqualTo(Kind.NOT_PARSEABLE);
        EventDocumentParser small = new EventDocumentParser(ParserLimits.of(10, 2));
        assertThatThrownBy(() -> small.parse(bytes("{\"a\":{\"b\":[1]}}")))
                .hasMessage("record too large: 15 bytes > limit 10");
        assertThatThrownBy(() -> small.parse(bytes("{\"a\":[[]]}")))
                .hasMessage("nesting too deep: more than 2 levels at 1:8");
    }

    @Test
    void aRangeOutsideTheArrayIsAProgrammingError() {
        assertThatThrownBy(() -> parser.parse(new byte[2], 1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
