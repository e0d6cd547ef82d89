package io.threatstream.detect.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /**
     * The same keys as UTF-8 by their length in bytes, and where they lead, for lookups on raw
     * bytes: most keys of an event have no wanted key of their length, and the rest few.
     */
    private final byte[][][] keysByLength;
    private final PathNode[][] targetsByLength;

    private PathNode(int slot, Map<String, PathNode> next) {
        this.slot = slot;
        this.next = next;
        int longest = -1;
        for (String key : next.keySet()) {
            longest = Math.max(longest, key.getBytes(StandardCharsets.UTF_8).length);
        }
        List<List<byte[]>> keys = new ArrayList<>();
        List<List<PathNode>> targets = new ArrayList<>();
        for (int length = 0; length <= longest; length++) {
            keys.add(new ArrayList<>());
            targets.add(new ArrayList<>());
        }
        for (Map.Entry<String, PathNode> entry : next.entrySet()) {
            // A key with an unpaired surrogate has no UTF-8 form: only an escaped key can name it.
            if (hasUtf8Form(entry.getKey())) {
                byte[] bytes = entry.getKey().getBytes(StandardCharsets.UTF_8);
                keys.get(bytes.length).add(bytes);
                targets.get(bytes.length).add(entry.getValue());
            }
        }
        this.keysByLength = new byte[longest + 1][][];
        this.targetsByLength = new PathNode[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            keysByLength[length] = keys.get(length).toArray(new byte[0][]);
            targetsByLength[length] = targets.get(length).toArray(new PathNode[0]);
        }
    }

    private static boolean hasUtf8Form(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Where key {@code name} leads from here, or null when it is on no wanted path. */
    PathNode next(String name) {
        return next.get(name);
    }

    /**
     * Where the key written as {@code json[from, to)} (well-formed UTF-8, no escapes) leads from
     * here, or null.
     */
    PathNode next(byte[] json, int from, int to) {
        int length = to - from;
        if (length >= keysByLength.length) {
            return null;
        }
        byte[][] keys = keysByLength[length];
        for (int i = 0; i < keys.length; i++) {
            if (sameBytes(keys[i], json, from)) {
                return targetsByLength[length][i];
            }
        }
        return null;
    }

    // Keys are short: a plain loop beats the call into Arrays.equals' vectorized mismatch.
    private static boolean sameBytes(byte[] key, byte[] json, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != json[from + i]) {
                return false;
            }
        }
        return true;
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
