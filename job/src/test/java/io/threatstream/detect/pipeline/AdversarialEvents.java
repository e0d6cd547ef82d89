package io.threatstream.detect.pipeline;

import io.threatstream.detect.rule.eql.ast.And;
import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.Comparison;
import io.threatstream.detect.rule.eql.ast.Expr;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.InList;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.Not;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.Or;
import io.threatstream.detect.rule.eql.ast.PatternMatch;
import io.threatstream.detect.rule.eql.ast.Query;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates JSON events meant to find the corners where the streaming fast path and the reference
 * evaluator could disagree. Values start from the queries' own literals and patterns (so that many
 * events match) and are then mutated: ASCII case changes, Unicode lookalikes (Kelvin sign, dotless
 * and dotted i, long s, Cyrillic letters), prefixes and suffixes, literal {@code * ? \}
 * characters. Shapes vary per value: nested objects, dotted flat keys, several forms in one event,
 * arrays, nested arrays, arrays of objects along the path, nulls, numbers in many spellings,
 * booleans, objects where a value is expected, missing fields, near-miss keys ({@code Host},
 * {@code host..os}, ...) and deep unrelated junk. The JSON text uses escapes freely ({@code \/},
 * {@code \u0073}, escaped dots in keys, escaped surrogates) and random whitespace; half the events
 * escape only what JSON requires plus one character in some strings, so that the byte-level
 * readers, which leave escaped keys and wanted values to Jackson, get to decide most of them, and
 * a single escaped character can hide a text from a search of the raw bytes.
 *
 * <p>Deterministic for a given seed.
 */
final class AdversarialEvents {

    private static final String[] ALPHABET = {
        "a", "b", "x", "s", "k", "K", "i", "I", "/", ".", "~", "*", "?", "\\", "\"", "-", "_", "0", "1", "5", " ",
        "\u212A", "\u0131", "\u0130", "\u017F", "\u00E9", "\uD83D\uDE00", "\n", "\t", "\u0000", "\u2028"
    };

    private static final String[] NUMBERS = {
        "0", "-0", "0.0", "-0.0", "1", "1.0", "1.00", "1e0", "1E0", "10e-1", "0.1e1", "2", "3", "-1", "5", "9", "10",
        "100", "999", "1000", "1001", "1000.5", "1e3", "1E+3", "65535", "65536", "10.5", "10.50", "-1.5", "1e-7",
        "9007199254740993", "123456789012345678901234567890", "1e400", "-1e400", "0.30000000000000004"
    };

    /** Letters and the non-ASCII characters that look like them or fold to them under Unicode rules. */
    private static final String[][] LOOKALIKES = {
        {"k", "\u212A"}, {"K", "\u212A"}, {"i", "\u0131"}, {"I", "\u0130"}, {"s", "\u017F"}, {"S", "\u017F"},
        {"a", "\u0430"}, {"e", "\u0435"}, {"o", "\u043E"}, {"c", "\u0441"}, {"/", "\uFF0F"}, {".", "\u2024"},
        {"h", "\u04BB"}, {"l", "\u0406"}
    };

    private static final String[] JUNK_KEYS = {
        "message", "@timestamp", "tags", "labels.env", "x", "x.y.z", "data_stream", "agent", "ecs.version", "",
        ".", "..", "a.", ".a", "file", "host", "process", "event", "user.name"
    };

    private final SplittableRandom random;
    private final List<String> paths;
    private final Map<String, List<Seed>> seeds;
    private final List<Seed> allSeeds = new ArrayList<>();
    /** Whether the current event escapes at most one optional character per string. */
    private boolean rareEscapes;

    /** A starting value: a string, a JSON number's text, or a wildcard pattern to fill in. */
    private record Seed(String text, SeedKind kind) {}

    private enum SeedKind { STRING, NUMBER, PATTERN }

    private AdversarialEvents(Map<String, List<Seed>> seeds, long seed) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds;
        this.paths = new ArrayList<>(seeds.keySet());
        seeds.values().forEach(allSeeds::addAll);
    }

    /**
     * Events for the fields of {@code queries}, seeded with their literals and with {@code hints}
     * (extra example values by path, e.g. strings a regex matches).
     */
    static AdversarialEvents forQueries(List<Query> queries, Map<String, List<String>> hints, long seed) {
        Map<String, List<Seed>> seeds = new LinkedHashMap<>();
        for (Query query : queries) {
            if (!query.anyCategory()) {
                seeds.computeIfAbsent("event.category", k -> new ArrayList<>())
                        .add(new Seed(query.category(), SeedKind.STRING));
            }
            collect(query.condition(), seeds);
        }
        hints.forEach((path, values) -> values.forEach(v ->
                seeds.computeIfAbsent(path, k -> new ArrayList<>()).add(new Seed(v, SeedKind.STRING))));
        return new AdversarialEvents(seeds, seed);
    }

    private static void collect(Expr expr, Map<String, List<Seed>> seeds) {
        if (expr instanceof And and) {
            collect(and.left(), seeds);
            collect(and.right(), seeds);
        } else if (expr instanceof Or or) {
            collect(or.left(), seeds);
            collect(or.right(), seeds);
        } else if (expr instanceof Not not) {
            collect(not.operand(), seeds);
        } else if (expr instanceof Comparison c) {
            attach(c.left(), c.right(), SeedKind.STRING, seeds);
            attach(c.right(), c.left(), SeedKind.STRING, seeds);
        } else if (expr instanceof InList in) {
            in.values().forEach(v -> attach(in.value(), v, SeedKind.STRING, seeds));
        } else if (expr instanceof PatternMatch m) {
            // Regex patterns are not values; tests pass hints for them.
            if (!m.kind().regex()) {
                m.patterns().forEach(p -> attach(m.value(), p, SeedKind.PATTERN, seeds));
            }
        } else if (expr instanceof FunctionCall call) {
            List<Expr> args = call.arguments();
            for (Expr arg : args) {
                if (arg instanceof Field field) {
                    seeds.computeIfAbsent(field.path(), p -> new ArrayList<>());
                }
            }
            for (int i = 1; i < args.size(); i++) {
                if (args.get(i) instanceof StringLiteral needle) {
                    String pattern = switch (call.function()) {
                        case STARTS_WITH -> needle.value() + "*";
                        case ENDS_WITH -> "*" + needle.value();
                        default -> "*" + needle.value() + "*";
                    };
                    attach(args.get(0), new StringLiteral(needle.position(), pattern), SeedKind.PATTERN, seeds);
                }
            }
        }
    }

    /**
     * Registers the field(s) of {@code operand} and makes {@code literal} one of their seeds; a
     * {@code length()} comparison seeds strings of that length.
     */
    private static void attach(Expr operand, Expr literal, SeedKind kind, Map<String, List<Seed>> seeds) {
        Field field = operand instanceof Field f ? f
                : operand instanceof FunctionCall call && call.arguments().get(0) instanceof Field f ? f
                : null;
        if (field == null) {
            return;
        }
        List<Seed> own = seeds.computeIfAbsent(field.path(), p -> new ArrayList<>());
        if (!(literal instanceof Literal lit) || lit.text() == null) {
            return;
        }
        if (operand instanceof FunctionCall) {
            String text = lit.text();
            if (lit instanceof NumberLiteral number && number.integral()) {
                text = "?".repeat((int) Math.min(40, Math.max(0, number.value().longValue())));
            }
            own.add(new Seed(text, SeedKind.PATTERN));
            return;
        }
        own.add(new Seed(lit.text(), lit instanceof NumberLiteral ? SeedKind.NUMBER : kind));
        if (lit instanceof BooleanLiteral) {
            own.add(new Seed(lit.text(), SeedKind.NUMBER));
        }
    }

    /** The next event as UTF-8 JSON. */
    byte[] next() {
        double exactness = random.nextDouble();
        rareEscapes = random.nextBoolean();
        GObject root = new GObject();
        for (String path : paths) {
            int placements = pick(new int[] {12, 70, 12, 6}); // 0 (missing), 1, 2 or 3 placements
            for (int i = 0; i < placements; i++) {
                place(root, split(path), 0, leaf(path, exactness));
            }
        }
        int junk = random.nextInt(6);
        for (int i = 0; i < junk; i++) {
            addJunk(root);
        }
        shuffle(root);
        StringBuilder out = new StringBuilder();
        write(out, root);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- values ----

    /** What goes at the end of a path: a value, null, an array, or an object where a value is expected. */
    private Gen leaf(String path, double exactness) {
        return switch (pick(new int[] {60, 7, 15, 8, 5, 5})) {
            case 0 -> scalar(path, exactness);
            case 1 -> new GRaw("null");
            case 2 -> {
                GArray array = new GArray();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.elements.add(element(path, exactness, 2));
                }
                yield array;
            }
            case 3 -> {
                GObject object = new GObject();
                String[] segments = path.split("\\.");
                object.members.add(new GMember(
                        random.nextBoolean() ? "value" : segments[segments.length - 1], scalar(path, exactness)));
                yield object;
            }
            case 4 -> new GArray();
            default -> {
                GArray outer = new GArray();
                GArray inner = new GArray();
                inner.elements.add(scalar(path, exactness));
                inner.elements.add(new GArray(List.of(new GRaw("null"), scalar(path, exactness))));
                outer.elements.add(inner);
                yield outer;
            }
        };
    }

    private Gen element(String path, double exactness, int depth) {
        int kind = pick(new int[] {70, 10, 10, 10});
        if (kind == 1) {
            return new GRaw("null");
        }
        if (kind == 2 && depth > 0) {
            GArray nested = new GArray();
            nested.elements.add(element(path, exactness, depth - 1));
            if (random.nextBoolean()) {
                nested.elements.add(element(path, exactness, depth - 1));
            }
            return nested;
        }
        if (kind == 3) {
            GObject object = new GObject();
            object.members.add(new GMember("v", scalar(path, exactness)));
            return object;
        }
        return scalar(path, exactness);
    }

    private Gen scalar(String path, double exactness) {
        List<Seed> own = seeds.getOrDefault(path, List.of());
        if (own.isEmpty()) {
            own = allSeeds;
        }
        double r = random.nextDouble();
        if (own.isEmpty()) {
            r = 1;
        }
        if (r < exactness) {
            return fromSeed(own.get(random.nextInt(own.size())), false);
        }
        if (r < exactness + (1 - exactness) * 0.6) {
            List<Seed> pool = random.nextInt(5) == 0 && !allSeeds.isEmpty() ? allSeeds : own;
            return fromSeed(pool.get(random.nextInt(pool.size())), true);
        }
        return switch (random.nextInt(6)) {
            case 0 -> new GRaw(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 1 -> new GString(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 2 -> new GRaw(random.nextBoolean() ? "true" : "false");
            case 3 -> new GString("");
            default -> new GString(randomText(1 + random.nextInt(8)));
        };
    }

    /** A value not derived from any particular field's seeds. */
    private Gen unrelatedScalar() {
        return scalar("", 0);
    }

    private Gen fromSeed(Seed seed, boolean mutate) {
        switch (seed.kind()) {
            case NUMBER -> {
                String text = mutate ? numberVariant(seed.text()) : seed.text();
                boolean isJsonNumber = text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
                // A number literal's text also arrives as a string (keyword-style), or as true/false.
                return isJsonNumber && random.nextInt(3) > 0 ? new GRaw(text)
                        : (text.equals("true") || text.equals("false")) && random.nextBoolean() ? new GRaw(text)
                        : new GString(text);
            }
            case PATTERN -> {
                String text = fill(seed.text(), 2);
                return new GString(mutate ? mutate(text) : text);
            }
            default -> {
                return new GString(mutate ? mutate(seed.text()) : seed.text());
            }
        }
    }

    private String numberVariant(String text) {
        if (!text.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return mutate(text);
        }
        return switch (random.nextInt(8)) {
            case 0 -> text.contains(".") ? text + "0" : text + ".0";
            case 1 -> text + "e0";
            case 2 -> text.contains(".") ? text : text + "0e-1";
            case 3 -> text.startsWith("-") ? text.substring(1) : "-" + text;
            case 4 -> text + "1";
            case 5 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 6 -> "0" + text;
            default -> mutate(text);
        };
    }

    /** A wildcard pattern with its {@code *} and {@code ?} replaced by text. */
    private String fill(String pattern, int depth) {
        StringBuilder out = new StringBuilder();
        pattern.codePoints().forEach(c -> {
            if (c == '*') {
                int how = random.nextInt(10);
                if (how < 3) {
                    return;
                }
                out.append(how < 8 || depth == 0
                        ? randomText(1 + random.nextInt(6))
                        : fill(allSeeds.get(random.nextInt(allSeeds.size())).text(), depth - 1));
            } else if (c == '?') {
                out.append(oneCodePoint());
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private String oneCodePoint() {
        int r = random.nextInt(20);
        if (r == 0) {
            return "\uD83D\uDE00"; // one code point, two UTF-16 units
        }
        if (r == 1) {
            return "\uD800"; // a lone surrogate, reachable through a JSON escape
        }
        return ALPHABET[random.nextInt(ALPHABET.length - 6)];
    }

    private String mutate(String s) {
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            s = mutateOnce(s);
        }
        return s;
    }

    private String mutateOnce(String s) {
        switch (random.nextInt(11)) {
            case 0 -> {
                return changeCase(s, 2);
            }
            case 1 -> {
                return changeCase(s, random.nextBoolean() ? 0 : 1);
            }
            case 2 -> {
                for (int attempt = 0; attempt < 4; attempt++) {
                    String[] pair = LOOKALIKES[random.nextInt(LOOKALIKES.length)];
                    int at = s.indexOf(pair[0]);
                    if (at >= 0) {
                        return s.substring(0, at) + pair[1] + s.substring(at + pair[0].length());
                    }
                }
                return s + "\u212A";
            }
            case 3 -> {
                return randomText(1 + random.nextInt(2)) + s;
            }
            case 4 -> {
                return s + randomText(1 + random.nextInt(2));
            }
            case 5 -> {
                if (s.isEmpty()) {
                    return s;
                }
                int at = random.nextInt(s.length());
                return s.substring(0, at) + s.substring(at + 1);
            }
            case 6 -> {
                int at = random.nextInt(s.length() + 1);
                return s.substring(0, at) + ALPHABET[random.nextInt(ALPHABET.length)] + s.substring(at);
            }
            case 7 -> {
                if (s.isEmpty()) {
                    return "*";
                }
                int at = random.nextInt(s.length());
                String[] wild = {"*", "?", "\\", "\\*"};
                return s.substring(0, at) + wild[random.nextInt(wild.length)] + s.substring(at + 1);
            }
            case 8 -> {
                return s + s;
            }
            case 9 -> {
                return s.isEmpty() ? s : s.substring(random.nextInt(s.length()));
            }
            default -> {
                return s.isEmpty() ? s : s.substring(0, random.nextInt(s.length()));
            }
        }
    }

    /** mode 0: ASCII upper case, 1: ASCII lower case, 2: each ASCII letter flipped at random. */
    private String changeCase(String s, int mode) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lower = c >= 'a' && c <= 'z';
            boolean upper = c >= 'A' && c <= 'Z';
            boolean flip = mode == 2 ? random.nextBoolean() : mode == 0 ? lower : upper;
            out.append(flip && (lower || upper) ? (char) (c ^ 0x20) : c);
        }
        return out.toString();
    }

    private String randomText(int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    // ---- shapes ----

    /** The path's segments grouped into keys, e.g. [host.os, type] or [host, os, type]. */
    private List<String> split(String path) {
        String[] segments = path.split("\\.");
        List<String> keys = new ArrayList<>();
        StringBuilder key = new StringBuilder(segments[0]);
        for (int i = 1; i < segments.length; i++) {
            if (random.nextBoolean()) {
                key.append('.').append(segments[i]);
            } else {
                keys.add(key.toString());
                key = new StringBuilder(segments[i]);
            }
        }
        keys.add(key.toString());
        return keys;
    }

    /** Puts {@code leaf} at {@code keys}, usually merging with objects already there. */
    private void place(GObject object, List<String> keys, int index, Gen leaf) {
        String key = keys.get(index);
        if (index == keys.size() - 1) {
            object.members.add(new GMember(key, leaf));
            return;
        }
        GMember existing = object.find(key);
        if (existing != null && random.nextInt(10) < 9) {
            if (existing.value instanceof GObject child) {
                place(child, keys, index + 1, leaf);
                return;
            }
            if (existing.value instanceof GArray array) {
                GObject child = new GObject();
                array.elements.add(child);
                place(child, keys, index + 1, leaf);
                return;
            }
        }
        GObject child = new GObject();
        Gen wrapped = switch (pick(new int[] {80, 10, 10})) {
            case 0 -> child;
            case 1 -> new GArray(List.of(child));
            default -> new GArray(List.of(unrelatedScalar(), new GArray(List.of(child)), new GRaw("null")));
        };
        object.members.add(new GMember(key, wrapped));
        place(child, keys, index + 1, leaf);
    }

    /** Unrelated members: near-miss keys holding likely values, or deep junk, somewhere in the tree. */
    private void addJunk(GObject root) {
        GObject target = randomObject(root, 3);
        if (random.nextBoolean() && !paths.isEmpty()) {
            String path = paths.get(random.nextInt(paths.size()));
            String nearMiss = nearMissKey(path);
            Gen value = random.nextBoolean() ? scalar(path, 1) : deepJunk(4 + random.nextInt(10), path);
            target.members.add(new GMember(nearMiss, value));
        } else {
            target.members.add(new GMember(JUNK_KEYS[random.nextInt(JUNK_KEYS.length)], deepJunk(1 + random.nextInt(12), null)));
        }
    }

    private String nearMissKey(String path) {
        return switch (random.nextInt(9)) {
            case 0 -> Character.toUpperCase(path.charAt(0)) + path.substring(1);
            case 1 -> path + "s";
            case 2 -> "." + path;
            case 3 -> path + ".";
            case 4 -> path.replaceFirst("\\.", "..");
            case 5 -> path.replace('.', '_');
            case 6 -> path + " ";
            case 7 -> path + ".extra";
            default -> path.replaceFirst("\\.", ".\u200B");
        };
    }

    private Gen deepJunk(int depth, String likelyPath) {
        if (depth == 0) {
            return likelyPath != null ? scalar(likelyPath, 0.5) : unrelatedScalar();
        }
        if (random.nextInt(3) == 0) {
            GArray array = new GArray();
            array.elements.add(deepJunk(depth - 1, likelyPath));
            array.elements.add(new GRaw(NUMBERS[random.nextInt(NUMBERS.length)]));
            return array;
        }
        GObject object = new GObject();
        String key = likelyPath != null && random.nextBoolean()
                ? likelyPath.substring(likelyPath.lastIndexOf('.') + 1)
                : JUNK_KEYS[random.nextInt(JUNK_KEYS.length)];
        object.members.add(new GMember(key, deepJunk(depth - 1, likelyPath)));
        return object;
    }

    private GObject randomObject(GObject from, int depth) {
        if (depth == 0 || from.members.isEmpty() || random.nextBoolean()) {
            return from;
        }
        Gen value = from.members.get(random.nextInt(from.members.size())).value;
        return value instanceof GObject child ? randomObject(child, depth - 1) : from;
    }

    private void shuffle(Gen gen) {
        if (gen instanceof GObject object) {
            for (int i = object.members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                GMember tmp = object.members.get(i);
                object.members.set(i, object.members.get(j));
                object.members.set(j, tmp);
            }
            object.members.forEach(m -> shuffle(m.value));
        } else if (gen instanceof GArray array) {
            array.elements.forEach(this::shuffle);
        }
    }

    /** An index drawn with the given relative weights. */
    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    // ---- JSON text ----

    private void write(StringBuilder out, Gen gen) {
        space(out);
        if (gen instanceof GObject object) {
            out.append('{');
            for (int i = 0; i < object.members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                space(out);
                string(out, object.members.get(i).key);
                space(out);
                out.append(':');
                write(out, object.members.get(i).value);
            }
            space(out);
            out.append('}');
        } else if (gen instanceof GArray array) {
            out.append('[');
            for (int i = 0; i < array.elements.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, array.elements.get(i));
            }
            space(out);
            out.append(']');
        } else if (gen instanceof GString s) {
            string(out, s.value);
        } else {
            out.append(((GRaw) gen).text);
        }
        space(out);
    }

    private void space(StringBuilder out) {
        if (random.nextInt(8) == 0) {
            out.append(new String[] {" ", "\n", "\t", "\r\n  "}[random.nextInt(4)]);
        }
    }

    /**
     * A JSON string with escapes chosen at random wherever JSON allows them, or, for rare escapes,
     * with at most one optional escape.
     */
    private void string(StringBuilder out, String s) {
        int onlyOptional = rareEscapes && random.nextInt(4) == 0 && !s.isEmpty() ? random.nextInt(s.length()) : -1;
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean optional = rareEscapes ? i == onlyOptional : random.nextInt(12) == 0;
            if (pair && (rareEscapes ? !optional : random.nextInt(3) > 0)) {
                out.append(c).append(s.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '/' && (rareEscapes ? optional : random.nextInt(3) == 0)) {
                out.append(random.nextBoolean() ? "\\/" : "\\u002f");
            } else if (c < 0x20 || Character.isSurrogate(c) || optional) {
                String hex = Integer.toHexString(0x10000 | c).substring(1);
                out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    // ---- the generated tree ----

    private sealed interface Gen permits GObject, GArray, GString, GRaw {}

    private static final class GObject implements Gen {
        final List<GMember> members = new ArrayList<>();

        GMember find(String key) {
            for (GMember member : members) {
                if (member.key.equals(key)) {
                    return member;
                }
            }
            return null;
        }
    }

    private record GMember(String key, Gen value) {}

    private static final class GArray implements Gen {
        final List<Gen> elements = new ArrayList<>();

        GArray() {}

        GArray(List<Gen> elements) {
            this.elements.addAll(elements);
        }
    }

    private record GString(String value) implements Gen {}

    /** A number, boolean or null exactly as written. */
    private record GRaw(String text) implements Gen {}
}
