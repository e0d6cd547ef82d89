package io.threatstream.detect.event;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Test-only {@link EventFields} built from a map of dotted path to values, in place of the JSON
 * extractor. Values follow the extractor's contract: strings as is; numbers as their JSON text
 * (use {@link BigDecimal} to choose the text, e.g. {@code new BigDecimal("1.50")}) and flagged as
 * numbers; booleans as {@code true}/{@code false}; {@code null} elements dropped; nested lists
 * flattened. A map value may be a single value or a collection.
 */
public final class MapEventFields implements EventFields {

    private final String[][] values;
    private final boolean[][] numbers;

    private MapEventFields(String[][] values, boolean[][] numbers) {
        this.values = values;
        this.numbers = numbers;
    }

    /** The fields of {@code table} taken from {@code event}; paths not in the table are ignored. */
    public static MapEventFields of(FieldTable table, Map<String, ?> event) {
        List<String> paths = table.paths();
        String[][] values = new String[paths.size()][];
        boolean[][] numbers = new boolean[paths.size()][];
        for (int slot = 0; slot < paths.size(); slot++) {
            List<Object> flat = new ArrayList<>();
            flatten(event.get(paths.get(slot)), flat);
            values[slot] = new String[flat.size()];
            numbers[slot] = new boolean[flat.size()];
            for (int i = 0; i < flat.size(); i++) {
                Object value = flat.get(i);
                values[slot][i] = value.toString();
                numbers[slot][i] = value instanceof Number;
            }
        }
        return new MapEventFields(values, numbers);
    }

    private static void flatten(Object value, List<Object> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            collection.forEach(v -> flatten(v, out));
        } else if (value instanceof Object[] array) {
            Arrays.stream(array).forEach(v -> flatten(v, out));
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            out.add(value);
        } else {
            throw new IllegalArgumentException("unsupported test value " + value.getClass() + ": " + value);
        }
    }

    @Override
    public int valueCount(int slot) {
        return slot < values.length ? values[slot].length : 0;
    }

    @Override
    public String value(int slot, int i) {
        return values[slot][i];
    }

    @Override
    public boolean isNumber(int slot, int i) {
        return numbers[slot][i];
    }
}
