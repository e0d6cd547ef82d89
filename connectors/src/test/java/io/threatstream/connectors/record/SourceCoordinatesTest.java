package io.threatstream.connectors.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceCoordinatesTest {

    @Test
    void describesFileAndKafkaPositions() {
        assertThat(SourceCoordinates.file("events.ndjson", 12)).hasToString("events.ndjson:12");
        assertThat(SourceCoordinates.kafka("events", 3, 1042, 7)).hasToString("events[3]@1042");
    }
}
