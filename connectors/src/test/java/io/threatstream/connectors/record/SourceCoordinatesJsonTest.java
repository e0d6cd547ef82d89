package io.threatstream.connectors.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourceCoordinatesJsonTest {

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(
                        SourceCoordinates.file("/data/events.ndjson", 12),
                        "{\"type\":\"file\",\"path\":\"/data/events.ndjson\",\"line\":12}"),
                Arguments.of(
                        SourceCoordinates.kafka("events", 3, 1042, 1700000000000L),
                        "{\"type\":\"kafka\",\"topic\":\"events\",\"partition\":3,"
                                + "\"offset\":1042,\"timestamp\":\"2023-11-14T22:13:20.000Z\"}"),
                Arguments.of(
                        SourceCoordinates.kafka("events", 0, 5, -1),
                        "{\"type\":\"kafka\",\"topic\":\"events\",\"partition\":0,\"offset\":5}"),
                Arguments.of(
                        SourceCoordinates.generator("demo", 7),
                        "{\"type\":\"generator\",\"name\":\"demo\",\"sequence\":7}"),
                Arguments.of(
                        new SourceCoordinates("socket", "in", -1, 9, -1),
                        "{\"type\":\"socket\",\"name\":\"in\",\"position\":9}"),
                Arguments.of(
                        new SourceCoordinates("queue", "in", 2, 9, 1L),
                        "{\"type\":\"queue\",\"name\":\"in\",\"partition\":2,\"position\":9}"));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void writesTheSameObjectToAGeneratorAndAsATree(SourceCoordinates source, String expected)
            throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(text)) {
            SourceCoordinatesJson.write(generator, source);
        }

        assertThat(text.toString()).isEqualTo(expected);
        assertThat(SourceCoordinatesJson.toJson(source).toString()).isEqualTo(expected);
    }
}
