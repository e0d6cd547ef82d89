package io.threatstream.benchmarks;

/**
 * A dotted field name with every run of its segments joined in advance, so a lookup can try
 * {@code "host.os.type"}, then {@code "host"} followed by {@code "os.type"}, and so on, without
 * building strings per event.
 */
final class FieldPath {

    private final String name;
    private final int length;
    /** {@code keys[from][to]}: segments {@code from} (inclusive) to {@code to} (exclusive), dotted. */
    private final String[][] keys;

    FieldPath(String name) {
        String[] segments = name.split("\\.", -1);
        this.name = name;
        this.length = segments.length;
        this.keys = new String[length][length + 1];
        for (int from = 0; from < length; from++) {
            StringBuilder key = new StringBuilder(segments[from]);
            keys[from][from + 1] = key.toString();
            for (int to = from + 2; to <= length; to++) {
                keys[from][to] = key.append('.').append(segments[to - 1]).toString();
            }
        }
    }

    int length() {
        return length;
    }

    /** The key naming segments {@code from} to {@code to} (exclusive) in one object. */
    String key(int from, int to) {
        return keys[from][to];
    }

    @Override
    public String toString() {
        return name;
    }
}
