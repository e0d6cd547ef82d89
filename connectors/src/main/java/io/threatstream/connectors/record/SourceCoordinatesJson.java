package io.threatstream.connectors.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@link SourceCoordinates} as a JSON object, named the way the source names things:
 *
 * <ul>
 *   <li>file: {@code {"type":"file","path":"/data/events.ndjson","line":12}}
 *   <li>Kafka: {@code {"type":"kafka","topic":"events","partition":3,"offset":1042,
 *       "timestamp":"2023-11-14T22:13:20.000Z"}}; the record timestamp in UTC with milliseconds,
 *       left out when the record has none
 *   <li>generator: {@code {"type":"generator","name":"demo","sequence":7}}
 *   <li>anything else: {@code {"type":…,"name":…,"partition":…,"position":…}}, {@code
 *       partition} only when there is one
 * </ul>
 *
 * Dead letters and alerts use the same shape; both methods produce it from one definition.
 */
public final class SourceCoordinatesJson {
    /** The alert documents' date format (ECS dates in UTC with milliseconds). */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private SourceCoordinatesJson() {}

    /** Writes {@code source} as one JSON object (or {@code null}) at the generator's position. */
    public static void write(JsonGenerator generator, SourceCoordinates source) throws IOException {
        if (source == null) {
            generator.writeNull();
            return;
        }
        generator.writeStartObject();
        describe(
                source,
                new Fields() {
                    @Override
                    public void text(String name, String value) throws IOException {
                        generator.writeStringField(name, value);
                    }

                    @Override
                    public void number(String name, long value) throws IOException {
                        generator.writeNumberField(name, value);
                    }
                });
        generator.writeEndObject();
    }

    /** {@code source} as a new JSON object node; {@code null} for {@code null}. */
    public static ObjectNode toJson(SourceCoordinates source) {
        if (source == null) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        try {
            describe(
                    source,
                    new Fields() {
                        @Override
                        public void text(String name, String value) {
                            node.put(name, value);
                        }

                        @Override
                        public void number(String name, long value) {
                            node.put(name, value);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("Building a JSON tree does no I/O", e);
        }
        return node;
    }

    private static void describe(SourceCoordinates source, Fields fields) throws IOException {
        fields.text("type", source.type);
        if (SourceCoordinates.FILE.equals(source.type)) {
            fields.text("path", source.name);
            fields.number("line", source.position);
        } else if (SourceCoordinates.KAFKA.equals(source.type)) {
            fields.text("topic", source.name);
            fields.number("partition", source.partition);
            fields.number("offset", source.position);
            if (source.timestamp >= 0) {
                fields.text("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(source.timestamp)));
            }
        } else if (SourceCoordinates.GENERATOR.equals(source.type)) {
            fields.text("name", source.name);
            fields.number("sequence", source.position);
        } else {
            fields.text("name", source.name);
            if (source.partition >= 0) {
                fields.number("partition", source.partition);
            }
            fields.number("position", source.position);
        }
    }

    /** Where {@link #describe} puts the fields: a generator or a tree. */
    private interface Fields {
        void text(String name, String value) throws IOException;

        void number(String name, long value) throws IOException;
    }
}
