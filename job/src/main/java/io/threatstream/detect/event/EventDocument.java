package io.threatstream.detect.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * Reads fields from an event tree ({@link EventDocumentParser}) with the rules of {@link
 * EventFields}: dotted keys and nested objects are the same field, arrays are flattened, nulls and
 * objects give no value, numbers and booleans are their JSON text.
 */
public final class EventDocument {

    private EventDocument() {}

    /**
     * The first value of the field at {@code dottedPath} in document order, e.g. the host key from
     * {@code host.id}, or the event time from {@code event.ingested}.
     */
    public static Optional<String> firstValue(JsonNode event, String dottedPath) {
        if (dottedPath.isEmpty()) {
            throw new IllegalArgumentException("empty field path");
        }
        return Optional.ofNullable(firstIn(event, dottedPath, 0));
    }

    /** The first value of the rest of {@code path} from {@code from}, below {@code node}. */
    private static String firstIn(JsonNode node, String path, int from) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                String value = firstIn(element, path, from);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            int end = from + key.length();
            if (key.isEmpty() || !path.startsWith(key, from)) {
                continue;
            }
            String value = null;
            if (end == path.length()) {
                value = firstScalar(field.getValue());
            } else if (path.charAt(end) == '.') {
                value = firstIn(field.getValue(), path, end + 1);
            }
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The first scalar of {@code node} and, for an array, its elements; null if none. */
    private static String firstScalar(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                String value = firstScalar(element);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        return node.isTextual() || node.isNumber() || node.isBoolean() ? node.asText() : null;
    }
}
