package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.OptionalLong;

class EventTimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2026-11-29T01:02:03.456Z, 2026-11-29T01:02:03.456Z",
        "2026-11-29T01:02:03Z, 2026-11-29T01:02:03Z",
        "2026-11-29T01:02:03.123456789+02:00, 2026-11-28T23:02:03.123Z",
        "2026-11-29T01:02:03.1-0130, 2026-11-29T02:32:03.100Z",
        "2026-11-29T01:02:03.999999, 2026-11-29T01:02:03.999Z",
        "2026-11-29T01:02:03, 2026-11-29T01:02:03Z",
        "2026-11-29T01:02, 2026-11-29T01:02:00Z",
        "2026-11-29T01Z, 2026-11-29T01:00:00Z",
        "2026-11-29, 2026-11-29T00:00:00Z",
        "2026-11, 2026-11-01T00:00:00Z",
        "2026, 2026-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
        "2024-02-29T12:00:00Z, 2024-02-29T12:00:00Z",
        "-1000, -1000-01-01T00:00:00Z",
        "+12345-01-01T00:00:00Z, +12345-01-01T00:00:00Z",
    })
    void readsIsoDates(String text, String instant) {
        assertThat(EventTimestamps.toEpochMillis(text))
                .isEqualTo(OptionalLong.of(Instant.parse(instant).toEpochMilli()));
    }

    @ParameterizedTest
    @CsvSource({
        "1795914123456, 1795914123456",
        "0, 0",
        "-1795914123456, -1795914123456",
        "20261129, 20261129",
        "9223372036854775807, 9223372036854775807"
    })
    void readsEpochMillis(String text, long millis) {
        assertThat(EventTimestamps.toEpochMillis(text)).isEqualTo(OptionalLong.of(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "-",
                "now",
                "2026-11-29 01:02:03",
                "2026-11-29T01:02:03.456z",
                "2026-11-29T01:02:03.1234567891Z",
                "2026-02-30T00:00:00Z",
                "2026-11-29T24:00:00Z",
                "2026-11-29T01:02:60Z",
                " 2026-11-29T01:02:03Z",
                "2026-11-29T01:02:03Z ",
                "2026-11-29T01:02:03+25:00",
                "1.5",
                "1e3",
                "99999999999999999999",
                "+1000000000-01-01T00:00:00Z",
                "+292278994-08-17T07:12:55.808Z",
            })
    void rejectsAnythingElse(String text) {
        assertThat(EventTimestamps.toEpochMillis(text)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThat(EventTimestamps.toEpochMillis(null)).isEmpty();
    }
}
