package io.threatstream.detect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.connectors.kafka.KafkaBrokerExtension;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.generator.FleetSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Records for a Kafka topic, each labelled with what the job must make of it: an alert (with the
 * id, host and time the job must give it) or a dead letter (with the reason it must give). {@link
 * #writeTo} spreads them round-robin over the partitions and returns the expectations with the
 * coordinates the records landed at.
 */
final class TopicFeed {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record and its label: {@code alert} for a match, else the dead letter's reason label. */
    private static final class Entry {
        final byte[] value;
        final boolean alert;
        final String reasonLabel;

        Entry(byte[] value, boolean alert, String reasonLabel) {
            this.value = value;
            this.alert = alert;
            this.reasonLabel = reasonLabel;
        }
    }

    /** An alert the job must write for one event. */
    record ExpectedAlert(String id, String hostName, String originalTime, Coordinates source) {}

    /** A dead letter the job must write for one record; {@code value} is null for a tombstone. */
    record ExpectedDeadLetter(String reasonLabel, byte[] value, Coordinates source) {}

    /** Where a record landed. */
    record Coordinates(String topic, int partition, long offset) {
        static Coordinates of(RecordMetadata metadata) {
            return new Coordinates(metadata.topic(), metadata.partition(), metadata.offset());
        }
    }

    /** What was written, and what the job must make of it. */
    record Written(int records, List<ExpectedAlert> alerts, List<ExpectedDeadLetter> deadLetters) {}

    private final String ruleId;
    private final List<Entry> entries = new ArrayList<>();

    TopicFeed(String ruleId) {
        this.ruleId = ruleId;
    }

    /** Events {@code from} to {@code from + count - 1} of the simulated fleet, labelled by it. */
    TopicFeed fleet(FleetSimulator fleet, int from, int count) {
        for (int i = from; i < from + count; i++) {
            entries.add(new Entry(fleet.event(i), fleet.isBackdoorWrite(i), null));
        }
        return this;
    }

    /** An event the rule matches. */
    TopicFeed match(byte[] event) {
        entries.add(new Entry(event, true, null));
        return this;
    }

    /** A record the job cannot read, with the label its dead letter's reason starts with. */
    TopicFeed unreadable(byte[] value, String reasonLabel) {
        entries.add(new Entry(value, false, reasonLabel));
        return this;
    }

    Written writeTo(KafkaBrokerExtension kafka, String topic, int partitions) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            records.add(new ProducerRecord<>(topic, i % partitions, null, entries.get(i).value));
        }
        List<RecordMetadata> landed = kafka.produce(records);
        List<ExpectedAlert> alerts = new ArrayList<>();
        List<ExpectedDeadLetter> deadLetters = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Coordinates source = Coordinates.of(landed.get(i));
            if (entry.alert) {
                JsonNode event = parse(entry.value);
                alerts.add(
                        new ExpectedAlert(
                                AlertIds.forMatch(ruleId, entry.value),
                                AlertFields.hostName(event),
                                event.path("@timestamp").asText(),
                                source));
            } else if (entry.reasonLabel != null) {
                deadLetters.add(new ExpectedDeadLetter(entry.reasonLabel, entry.value, source));
            }
        }
        return new Written(entries.size(), alerts, deadLetters);
    }

    private static JsonNode parse(byte[] event) {
        try {
            return JSON.readTree(event);
        } catch (IOException e) {
            throw new UncheckedIOException("a matching event must be JSON", e);
        }
    }
}
