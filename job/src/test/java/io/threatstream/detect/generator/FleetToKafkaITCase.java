package io.threatstream.detect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local stack's feed against a real broker. */
class FleetToKafkaITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesTheRequestedNumberOfFleetEventsInEventTimeOrder() throws Exception {
        String topic = KAFKA.createTopic("fleet-feed", 1);
        FleetToKafka feed =
                FleetToKafka.fromArgs(
                        new String[] {
                            "--bootstrap-servers", KAFKA.bootstrapServers(),
                            "--topic", topic,
                            "--generator.count", "500",
                            "--generator.rate", "0",
                            "--generator.hosts", "20"
                        });

        assertThat(feed.run()).isEqualTo(500);

        List<ConsumerRecord<byte[], byte[]>> records = KAFKA.consume(topic, 500, Duration.ofSeconds(30));
        assertThat(records).hasSize(500);
        List<Instant> times = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode event = JSON.readTree(record.value());
            times.add(Instant.parse(event.path("@timestamp").asText()));
        }
        assertThat(times).isSorted();
        assertThat(times.get(0)).isBetween(Instant.now().minusSeconds(60), Instant.now());
    }
}
