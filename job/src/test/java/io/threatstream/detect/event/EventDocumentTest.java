package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

class EventDocumentTest {

    private static JsonNode tree(String json) throws RecordRejectedException {
        return new EventDocumentParser(ParserLimits.defaults())
                .parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"host.id\":\"h1\"}",
                "{\"host\":{\"id\":\"h1\"}}",
                "{\"host\":[{\"id\":[null,[\"h1\"]]}]}",
                "{\"host\":{\"id\":{\"x\":1}},\"host.id\":\"h1\"}",
                "{\"hos\":{\"t.id\":\"no\"},\"host.i\":\"no\",\"host.idx\":\"no\",\"host.id\":\"h1\"}",
            })
    void readsADottedPathInAnyForm(String json) throws Exception {
        assertThat(EventDocument.firstValue(tree(json), "host.id")).contains("h1");
    }

    @Test
    void theFirstValueInDocumentOrderWins() throws Exception {
        JsonNode event =
                tree(
                        "{\"host\":{\"name\":[\"a\",\"b\"]},\"host.name\":\"c\",\"@timestamp\":\"t\"}");
        assertThat(EventDocument.firstValue(event, "host.name")).contains("a");
        assertThat(EventDocument.firstValue(event, "@timestamp")).contains("t");
    }

    @Test
    void numbersAndBooleansAreTheirText() throws Exception {
        JsonNode event = tree("{\"event\":{\"ingested\":1795914123456,\"ok\":true,\"r\":1.5}}");
        assertThat(EventDocument.firstValue(event, "event.ingested")).contains("1795914123456");
        assertThat(EventDocument.firstValue(event, "event.ok")).contains("true");
        assertThat(EventDocument.firstValue(event, "event.r")).contains("1.5");
    }

    @Test
    void missingNullAndObjectValuesAreEmpty() throws Exception {
        JsonNode event = tree("{\"a\":null,\"b\":[],\"c\":{\"d\":1},\"e\":[null]}");
        for (String path : new String[] {"a", "b", "c", "e", "x", "c.d.e", "a.b"}) {
            assertThat(EventDocument.firstValue(event, path)).as(path).isEqualTo(Optional.empty());
        }
    }

    @Test
    void anEmptyPathIsAProgrammingError() throws Exception {
        JsonNode event = tree("{}");
        assertThatThrownBy(() -> EventDocument.firstValue(event, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty field path");
    }
}
