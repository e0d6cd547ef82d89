package io.threatstream.connectors.kafka;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.SourceCoordinates;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DeadLetterRecordSerializerTest {

    private final DeadLetterRecordSerializer serializer = new DeadLetterRecordSerializer("events.dead-letter");

    @Test
    void writesTheOriginalBytesKeyedByCoordinatesWithReasonAndSourceHeaders() {
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF};
        DeadLetter letter = new DeadLetter(
                "not parseable: Unexpected end-of-input at 1:17",
                SourceCoordinates.kafka("events", 3, 1042, 1_700_000_000_123L),
                invalidUtf8);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, 99L);

        assertThat(record.topic()).isEqualTo("events.dead-letter");
        assertThat(record.partition()).isNull();
        assertThat(record.timestamp()).isNull();
        assertThat(record.value()).isEqualTo(invalidUtf8);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("events[3]@1042");
        assertThat(headers(record)).containsExactly(
                entry("reason", "not parseable: Unexpected end-of-input at 1:17"),
                entry("source.topic", "events"),
                entry("source.partition", "3"),
                entry("source.offset", "1042"),
                entry("source.timestamp", "1700000000123"));
    }

    @Test
    void omitsAMissingTimestampAndWritesEmptyForANullValue() {
        DeadLetter letter = new DeadLetter("empty record", SourceCoordinates.kafka("events", 0, 7, -1), null);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, null);

        assertThat(record.value()).isEmpty();
        assertThat(headers(record)).containsOnlyKeys("reason", "source.topic", "source.partition", "source.offset");
    }

    @Test
    void describesOtherSourcesByTypeNameAndPosition() {
        DeadLetter letter = new DeadLetter("zu lang: ü", SourceCoordinates.file("/data/events.ndjson", 12), new byte[] {'x'});

        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, null);

        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("/data/events.ndjson:12");
        assertThat(headers(record)).containsExactly(
                entry("reason", "zu lang: ü"),
                entry("source.type", "file"),
                entry("source.name", "/data/events.ndjson"),
                entry("source.position", "12"));
    }

    @Test
    void withoutCoordinatesHasNoKeyAndOnlyTheReason() {
        ProducerRecord<byte[], byte[]> record = serializer.serialize(new DeadLetter("lost", null, new byte[] {1}), null, null);

        assertThat(record.key()).isNull();
        assertThat(headers(record)).containsExactly(entry("reason", "lost"));
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
