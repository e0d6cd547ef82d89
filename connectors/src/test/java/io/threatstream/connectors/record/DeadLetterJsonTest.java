package io.threatstream.connectors.record;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {

    @Test
    void writesReasonSourceTextAndBase64ForUtf8Input() {
        DeadLetter deadLetter =
                new DeadLetter(
                        "not parseable: Unexpected end-of-input at 1:6",
                        SourceCoordinates.file("/data/events.ndjson", 7),
                        "{\"h\":\"\u00e9\"".getBytes(UTF_8));

        assertThat(json(deadLetter))
                .isEqualTo(
                        "{\"reason\":\"not parseable: Unexpected end-of-input at 1:6\","
                                + "\"source\":{\"type\":\"file\",\"path\":\"/data/events.ndjson\","
                                + "\"line\":7},"
                                + "\"original\":\"{\\\"h\\\":\\\"\u00e9\\\"\","
                                + "\"original_base64\":\"eyJoIjoiw6ki\"}");
    }

    @Test
    void leavesTheTextOutForInvalidUtf8AndKeepsTheBytesInBase64() {
        byte[] invalid = {'{', (byte) 0xC3, 0x28, (byte) 0xFF, '}'};
        DeadLetter deadLetter =
                new DeadLetter(
                        "not parseable: Invalid UTF-8",
                        SourceCoordinates.kafka("events", 3, 1042, 1700000000000L),
                        invalid);

        assertThat(json(deadLetter))
                .isEqualTo(
                        "{\"reason\":\"not parseable: Invalid UTF-8\","
                                + "\"source\":{\"type\":\"kafka\",\"topic\":\"events\","
                                + "\"partition\":3,\"offset\":1042,"
                                + "\"timestamp\":\"2023-11-14T22:13:20.000Z\"},"
                                + "\"original_base64\":\"e8Mo/30=\"}");
        assertThat(Base64.getDecoder().decode("e8Mo/30=")).containsExactly(invalid);
    }

    @Test
    void keepsEmptyRecords() {
        DeadLetter empty =
                new DeadLetter("empty record", SourceCoordinates.file("a.ndjson", 2), new byte[0]);

        assertThat(json(empty))
                .isEqualTo(
                        "{\"reason\":\"empty record\","
                                + "\"source\":{\"type\":\"file\",\"path\":\"a.ndjson\",\"line\":2},"
                                + "\"original\":\"\",\"original_base64\":\"\"}");
    }

    @Test
    void escapesControlCharactersAndWritesAMissingSourceAsNull() {
        DeadLetter deadLetter = new DeadLetter("nul", null, new byte[] {'a', 0, '\t', '"'});
        String escapedNul = "\\" + "u0000";

        assertThat(json(deadLetter))
                .isEqualTo(
                        "{\"reason\":\"nul\",\"source\":null,\"original\":\"a"
                                + escapedNul
                                + "\\t\\\"\",\"original_base64\":\"YQAJIg==\"}");
    }

    private static String json(DeadLetter deadLetter) {
        return new String(DeadLetterJson.encode(deadLetter), UTF_8);
    }
}
