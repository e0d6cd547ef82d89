package io.threatstream.detect.alert;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a field of a parsed event by its dotted path the way Elasticsearch indexes it: {@code
 * {"host":{"name":"a"}}}, {@code {"host.name":"a"}} and {@code {"host":{"name":["a"]}}} all give
 * {@code host.name = a}. Arrays are multi-valued and flattened; nulls and objects give no value;
 * numbers and booleans give their JSON text.
 */
final class EventFieldValues {

    private EventFieldValues() {}

    /** All values of {@code path} in {@code event}, in document order; empty when missing. */
    static List<String> of(JsonNode event, String path) {
        List<String> values = new ArrayList<>();
        collect(event, path, values);
        return values;
    }

    private static void collect(JsonNode node, String path, List<String> values) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, path, values);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        // every split of the path into a (possibly dotted) key and the rest of the path
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (key.equals(path)) {
                addScalars(field.getValue(), values);
            } else if (path.startsWith(key) && path.charAt(key.length()) == '.') {
                collect(field.getValue(), path.substring(key.length() + 1), values);
            }
        }
    }

    private static void addScalars(JsonNode value, List<String> values) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                addScalars(element, values);
            }
        } else if (value.isTextual()) {
            values.add(value.textValue());
        } else if (value.isNumber() || value.isBoolean()) {
            values.add(value.asText());
        }
    }
}
