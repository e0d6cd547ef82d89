package io.threatstream.detect.event;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A point in the tree of wanted dotted paths, at a segment boundary: the root, {@code host}, {@code
 * host.os}, {@code host.os.type}, ...
 *
 * <p>Dotted keys and nested objects are the same field, so from each node a JSON key may consume
 * one or several segments at once: from the root, {@code "host"}, {@code "host.os"} and {@code
 * "host.os.type"} all lead somewhere. Each node maps every such key to where it leads, so matching
 * a key costs one hash lookup on the (cached) name string, whatever form the record uses.
 */
final class PathNode {

    /** The slot of the path ending here, or -1 when this is only a prefix of wanted paths. */
    final int slot;

    /** Key (one or more dot-joined segments) to the node it leads to; empty at leaves. */
    private final Map<String, PathNode> next;

    private PathNode(int slot, Map<String, PathNode> next) {
        this.slot = slot;
        this.next = next;
    }

    /** Where key {@code name} leads from here, or null when it is on no wanted path. */
    PathNode next(String name) {
        return next.get(name);
    }

    /** Whether some wanted path continues below this node. */
    boolean hasNext() {
        return !next.isEmpty();
    }

    /**
     * The root for {@code paths}, path {@code i} getting slot {@code i}.
     *
     * @throws IllegalArgumentException for an empty path, an empty segment ({@code "a..b"}) or a
     *     repeated path
     */
    static PathNode root(List<String> paths) {
        Segment root = new Segment();
        for (int slot = 0; slot < paths.size(); slot++) {
            String path = paths.get(slot);
            Segment at = root;
            for (String segment : path.split("\\.", -1)) {
                if (segment.isEmpty()) {
                    throw new IllegalArgumentException(
                            "invalid field path \"" + path + "\": empty segment");
                }
                at = at.children.computeIfAbsent(segment, s -> new Segment());
            }
            if (at.slot >= 0) {
                throw new IllegalArgumentException("field path \"" + path + "\" given twice");
            }
            at.slot = slot;
        }
        return freeze(root);
    }

    private static PathNode freeze(Segment segment) {
        Map<String, PathNode> next = new HashMap<>();
        for (Map.Entry<String, Segment> child : segment.children.entrySet()) {
            PathNode target = freeze(child.getValue());
            next.put(child.getKey(), target);
            for (Map.Entry<String, PathNode> deeper : target.next.entrySet()) {
                next.put(child.getKey() + "." + deeper.getKey(), deeper.getValue());
            }
        }
        return new PathNode(segment.slot, next);
    }

    /** One segment of the wanted paths while the tree is built. */
    private static final class Segment {
        int slot = -1;
        final Map<String, Segment> children = new LinkedHashMap<>();
    }
}
