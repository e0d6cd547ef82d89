package io.threatstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/** {@link FieldValues} over a Jackson tree ({@code ObjectMapper.readTree}). */
final class JsonTreeFields implements FieldValues {

    private final JsonNode root;

    JsonTreeFields(JsonNode root) {
        this.root = root;
    }

    @Override
    public boolean anyValue(FieldPath path, Predicate<String> test) {
        return anyValue(root, path, 0, test);
    }

    private static boolean anyValue(JsonNode node, FieldPath path, int at, Predicate<String> test) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (anyValue(element, path, at, test)) {
                    return true;
                }
            }
            return false;
        }
        if (at == path.length()) {
            return node.isValueNode() && !node.isNull() && test.test(node.asText());
        }
        if (!node.isObject()) {
            return false;
        }
        for (int to = at + 1; to <= path.length(); to++) {
            JsonNode child = node.get(path.key(at, to));
            if (child != null && anyValue(child, path, to, test)) {
                return true;
            }
        }
        return false;
    }
}
