package io.threatstream.connectors.kafka;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaDeadLetterSinkTest {

    @Test
    void derivesTheTopicFromTheFirstSourceTopic() {
        assertThat(topic(Map.of("source.kafka.topics", "events, audit"))).isEqualTo("events.dead-letter");
        assertThat(topic(Map.of("source.kafka.topics", "events", "dead-letter.kafka.topic", "rejected")))
                .isEqualTo("rejected");
    }

    @Test
    void needsATopicWhenThereIsNoSourceTopicToDeriveItFrom() {
        assertError(Map.of("source.kafka.bootstrap-servers", "h:1", "source.kafka.topic-pattern", "events-.*"),
                "Option 'dead-letter.kafka.topic' is required when the source reads 'source.kafka.topic-pattern'");
        assertError(Map.of("source.kafka.bootstrap-servers", "h:1"),
                "Option 'dead-letter.kafka.topic' is required when 'source.kafka.topics' is not set");
    }

    @Test
    void fallsBackToTheSourceBrokersAndOtherwiseNeedsItsOwn() {
        Map<String, String> options = new HashMap<>(Map.of("dead-letter.kafka.topic", "rejected"));
        assertError(options,
                "Option 'dead-letter.kafka.bootstrap-servers' is required when 'source.kafka.bootstrap-servers' is not set");

        options.put("dead-letter.kafka.bootstrap-servers", "dlq:9092");
        assertThat(KafkaDeadLetterSink.fromConfiguration(Configuration.fromMap(options))).isNotNull();
    }

    @Test
    void exactlyOnceNeedsATransactionalIdPrefix() {
        Map<String, String> options = new HashMap<>(Map.of(
                "source.kafka.bootstrap-servers", "h:1",
                "source.kafka.topics", "events",
                "dead-letter.kafka.delivery-guarantee", "exactly-once"));
        assertError(options, "Option 'dead-letter.kafka.transactional-id-prefix' is required with"
                + " 'dead-letter.kafka.delivery-guarantee' = exactly-once");

        options.put("dead-letter.kafka.transactional-id-prefix", "detect-dlq");
        assertThat(KafkaDeadLetterSink.fromConfiguration(Configuration.fromMap(options))).isNotNull();

        options.put("dead-letter.kafka.delivery-guarantee", "at-least-once");
        assertError(options, "Option 'dead-letter.kafka.transactional-id-prefix' is only used with"
                + " 'dead-letter.kafka.delivery-guarantee' = exactly-once, not at-least-once");

        options.put("dead-letter.kafka.delivery-guarantee", "twice");
        assertError(options, "Option 'dead-letter.kafka.delivery-guarantee' must be one of exactly-once, at-least-once, none,"
                + " not 'twice'");
    }

    private static String topic(Map<String, String> options) {
        return KafkaDeadLetterSink.topic(new OptionReader(Configuration.fromMap(options)));
    }

    private static void assertError(Map<String, String> options, String message) {
        assertThatThrownBy(() -> KafkaDeadLetterSink.fromConfiguration(Configuration.fromMap(options)))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage(message);
    }
}
