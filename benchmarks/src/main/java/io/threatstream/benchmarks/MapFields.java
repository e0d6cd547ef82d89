package io.threatstream.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** {@link FieldValues} over Jackson's data binding into maps and lists ({@code readValue(bytes, Map.class)}). */
final class MapFields implements FieldValues {

    private final Map<?, ?> root;

    MapFields(Map<?, ?> root) {
        this.root = root;
    }

    @Override
    public boolean anyValue(FieldPath path, Predicate<String> test) {
        return anyValue(root, path, 0, test);
    }

    private static boolean anyValue(Object node, FieldPath path, int at, Predicate<String> test) {
        if (node instanceof List) {
            for (Object element : (List<?>) node) {
                if (anyValue(element, path, at, test)) {
                    return true;
                }
            }
            return false;
        }
        if (at == path.length()) {
            return (node instanceof String || node instanceof Number || node instanceof Boolean)
                    && test.test(node.toString());
        }
        if (!(node instanceof Map)) {
            return false;
        }
        Map<?, ?> object = (Map<?, ?>) node;
        for (int to = at + 1; to <= path.length(); to++) {
            Object child = object.get(path.key(at, to));
            if (child != null && anyValue(child, path, to, test)) {
                return true;
            }
        }
        return false;
    }
}
