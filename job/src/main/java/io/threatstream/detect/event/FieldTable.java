package io.threatstream.detect.event;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each dotted field path a rule reads a slot number. One table is shared by a rule's query
 * and its exceptions so that one pass over the event extracts everything they need.
 */
public final class FieldTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> paths = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();

    /** The slot of {@code path}, adding it if it is new. */
    public int slotOf(String path) {
        Integer slot = slots.get(path);
        if (slot == null) {
            slot = paths.size();
            paths.add(path);
            slots.put(path, slot);
        }
        return slot;
    }

    /** The paths in slot order. */
    public List<String> paths() {
        return Collections.unmodifiableList(paths);
    }

    public int size() {
        return paths.size();
    }
}
