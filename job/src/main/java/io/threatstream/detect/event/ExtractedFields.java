package io.threatstream.detect.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * The wanted fields of one event, filled by {@link FieldExtractor}. One instance is reused for
 * event after event: {@link #reset()} empties it, and its arrays grow as needed, so extracting
 * allocates only the value strings. Not thread-safe.
 */
public final class ExtractedFields implements EventFields {

    private static final int INITIAL_CAPACITY = 4;

    /** Arrays grown beyond this are dropped at reset, so one odd record does not pin memory. */
    private static final int RETAINED_CAPACITY = 256;

    private final String[][] values;
    private final boolean[][] numbers;
    private final int[] counts;

    /** An empty holder for {@code slotCount} fields. */
    public ExtractedFields(int slotCount) {
        if (slotCount < 0) {
            throw new IllegalArgumentException("slotCount must be >= 0, was " + slotCount);
        }
        values = new String[slotCount][INITIAL_CAPACITY];
        numbers = new boolean[slotCount][INITIAL_CAPACITY];
        counts = new int[slotCount];
    }

    /** Number of fields this holder has room for. */
    public int slotCount() {
        return counts.length;
    }

    /** Removes all values. */
    public void reset() {
        for (int slot = 0; slot < counts.length; slot++) {
            if (values[slot].length > RETAINED_CAPACITY) {
                values[slot] = new String[INITIAL_CAPACITY];
                numbers[slot] = new boolean[INITIAL_CAPACITY];
            } else {
                Arrays.fill(values[slot], 0, counts[slot], null);
            }
            counts[slot] = 0;
        }
    }

    /**
     * Appends a value to the field in {@code slot}.
     *
     * @param number whether the value was a JSON number (its text as written)
     */
    public void add(int slot, String value, boolean number) {
        Objects.requireNonNull(value, "value");
        int count = counts[slot];
        if (count == values[slot].length) {
            values[slot] = Arrays.copyOf(values[slot], count * 2);
            numbers[slot] = Arrays.copyOf(numbers[slot], count * 2);
        }
        values[slot][count] = value;
        numbers[slot][count] = number;
        counts[slot] = count + 1;
    }

    @Override
    public int valueCount(int slot) {
        return counts[slot];
    }

    @Override
    public String value(int slot, int i) {
        return values[slot][Objects.checkIndex(i, counts[slot])];
    }

    @Override
    public boolean isNumber(int slot, int i) {
        return numbers[slot][Objects.checkIndex(i, counts[slot])];
    }

    /** The values by slot, e.g. {@code [[linux], [change, creation]]}, for tests and logs. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int slot = 0; slot < counts.length; slot++) {
            if (slot > 0) {
                text.append(", ");
            }
            text.append(Arrays.toString(Arrays.copyOf(values[slot], counts[slot])));
        }
        return text.append(']').toString();
    }
}
