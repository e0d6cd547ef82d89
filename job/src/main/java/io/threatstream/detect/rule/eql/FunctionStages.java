package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.EqlFunction;
import java.util.List;

/**
 * The built-in functions as {@link ValueSink}s over the values of their first argument, with the
 * other arguments fixed when the stage is created. Boolean functions are tests; the others compute
 * a value and pass it to the next sink. A function of a multi-valued field is applied to each value
 * in turn (see {@link QueryCompiler}).
 *
 * <p>Semantics follow Elasticsearch's EQL function reference: a {@code null} argument makes the
 * result {@code null}; {@code substring} takes Python-like (negative) positions; {@code
 * stringContains} with an empty substring is false; {@code indexOf} and {@code between} search
 * case-sensitively unless called with {@code ~}; case folding is ASCII only. Lengths and positions
 * count UTF-16 characters, like Java's (and Elasticsearch's) {@code String}.
 */
final class FunctionStages {

    private FunctionStages() {}

    /** A constant argument that does not fit the function; no stack trace, it may be thrown per event. */
    static final class InvalidArgument extends Exception {
        private static final long serialVersionUID = 1L;
        private final int argumentIndex;

        InvalidArgument(int argumentIndex, String reason) {
            super(reason, null, false, false);
            this.argumentIndex = argumentIndex;
        }

        /** 0-based index of the offending argument in the call. */
        int argumentIndex() {
            return argumentIndex;
        }
    }

    /**
     * The stage applying {@code function} to its first argument.
     *
     * @param rest the values of arguments 2..n ({@code null} entries for {@code null})
     * @param down where computed values go; unused for boolean functions
     * @return the stage, or {@code null} when the result is {@code null} whatever the first argument is
     */
    static ValueSink create(EqlFunction function, boolean ci, List<Value> rest, ValueSink down)
            throws InvalidArgument {
        switch (function) {
            case STARTS_WITH, ENDS_WITH, STRING_CONTAINS -> {
                if (rest.get(0) == null) {
                    return null;
                }
                String needle = ci ? Text.lower(rest.get(0).asText()) : rest.get(0).asText();
                return switch (function) {
                    case STARTS_WITH -> new StartsWith(needle, ci);
                    case ENDS_WITH -> new EndsWith(needle, ci);
                    default -> new StringContains(needle, ci);
                };
            }
            case CIDR_MATCH -> {
                CidrBlock[] blocks = new CidrBlock[rest.size()];
                for (int i = 0; i < blocks.length; i++) {
                    if (rest.get(i) == null) {
                        return null;
                    }
                    try {
                        blocks[i] = CidrBlock.parse(rest.get(i).asText());
                    } catch (IllegalArgumentException e) {
                        throw new InvalidArgument(i + 1, e.getMessage());
                    }
                }
                return new CidrMatch(blocks);
            }
            case LENGTH -> {
                return new Length(down);
            }
            case STRING -> {
                return new ToText(down);
            }
            case SUBSTRING -> {
                if (rest.get(0) == null || (rest.size() > 1 && rest.get(1) == null)) {
                    return null;
                }
                int start = position(function, 1, rest.get(0));
                boolean hasEnd = rest.size() > 1;
                int end = hasEnd ? position(function, 2, rest.get(1)) : 0;
                return new Substring(start, end, hasEnd, down);
            }
            case CONCAT -> {
                StringBuilder suffix = new StringBuilder();
                for (Value value : rest) {
                    if (value == null) {
                        return null;
                    }
                    suffix.append(value.asText());
                }
                return new Concat(suffix.toString(), down);
            }
            case BETWEEN -> {
                if (rest.get(0) == null || rest.get(1) == null || (rest.size() > 2 && rest.get(2) == null)) {
                    return null;
                }
                boolean greedy = rest.size() > 2 && rest.get(2).asText().equals("true");
                String left = rest.get(0).asText();
                String right = rest.get(1).asText();
                return new Between(ci ? Text.lower(left) : left, ci ? Text.lower(right) : right, greedy, ci, down);
            }
            case INDEX_OF -> {
                if (rest.get(0) == null || (rest.size() > 1 && rest.get(1) == null)) {
                    return null;
                }
                int start = rest.size() > 1 ? position(function, 2, rest.get(1)) : 0;
                String needle = rest.get(0).asText();
                return new IndexOf(ci ? Text.lower(needle) : needle, start, ci, down);
            }
            case NUMBER -> {
                int base = 0;
                if (rest.size() > 0 && rest.get(0) != null) {
                    Value b = rest.get(0);
                    if (!b.isLong() || b.asLong() < Character.MIN_RADIX || b.asLong() > Character.MAX_RADIX) {
                        throw new InvalidArgument(1, "Argument 2 of [number] must be a base from "
                                + Character.MIN_RADIX + " to " + Character.MAX_RADIX + ", found [" + b.asText() + "]");
                    }
                    base = (int) b.asLong();
                }
                return new ToNumber(base, down);
            }
            case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
                Value other = rest.get(0);
                if (other == null) {
                    return null;
                }
                if (Double.isNaN(other.asDouble())) {
                    throw new InvalidArgument(1, "Argument 2 of [" + function.eqlName() + "] must be a number, found ["
                            + other.asText() + "]");
                }
                return new Arithmetic(function, other, down);
            }
            default -> throw new IllegalStateException("no stage for " + function);
        }
    }

    private static int position(EqlFunction function, int index, Value value) throws InvalidArgument {
        if (!value.isLong()) {
            throw new InvalidArgument(index, "Argument " + (index + 1) + " of [" + function.eqlName()
                    + "] must be an integer, found [" + value.asText() + "]");
        }
        long v = value.asLong();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    static final class StartsWith extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String prefix;
        private final boolean ci;

        StartsWith(String prefix, boolean ci) {
            this.prefix = prefix;
            this.ci = ci;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return to - from >= prefix.length() && Text.matchesAt(s, from, prefix, ci);
        }
    }

    static final class EndsWith extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String suffix;
        private final boolean ci;

        EndsWith(String suffix, boolean ci) {
            this.suffix = suffix;
            this.ci = ci;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return to - from >= suffix.length() && Text.matchesAt(s, to - suffix.length(), suffix, ci);
        }
    }

    static final class StringContains extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String needle;
        private final boolean ci;

        StringContains(String needle, boolean ci) {
            this.needle = needle;
            this.ci = ci;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return !needle.isEmpty() && Text.indexOf(s, from, to, needle, ci) >= 0;
        }
    }

    static final class CidrMatch extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final CidrBlock[] blocks;

        CidrMatch(CidrBlock[] blocks) {
            this.blocks = blocks;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            byte[] address = IpAddress.parse(s, from, to);
            if (address == null) {
                return false;
            }
            for (CidrBlock block : blocks) {
                if (block.contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Length extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final ValueSink down;

        Length(ValueSink down) {
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return down.integer(to - from);
        }
    }

    static final class ToText extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final ValueSink down;

        ToText(ValueSink down) {
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return down.text(s, from, to, false);
        }
    }

    /** Python-like slice: negative positions count from the end, out-of-range positions are clamped. */
    static final class Substring extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final int start;
        private final int end;
        private final boolean hasEnd;
        private final ValueSink down;

        Substring(int start, int end, boolean hasEnd, ValueSink down) {
            this.start = start;
            this.end = end;
            this.hasEnd = hasEnd;
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            int length = to - from;
            long a = start < 0 ? (long) start + length : start;
            long b = hasEnd ? (end < 0 ? (long) end + length : end) : length;
            a = Math.max(a, 0);
            b = Math.max(0, Math.min(b, length));
            if (a >= b) {
                return down.text(s, from, from, false);
            }
            return down.text(s, from + (int) a, from + (int) b, false);
        }
    }

    static final class Concat extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String suffix;
        private final ValueSink down;

        Concat(String suffix, ValueSink down) {
            this.suffix = suffix;
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            if (suffix.isEmpty()) {
                return down.text(s, from, to, false);
            }
            String joined = new StringBuilder(to - from + suffix.length()).append(s, from, to).append(suffix).toString();
            return down.text(joined, 0, joined.length(), false);
        }
    }

    /** The text after the first {@code left} and before the next (greedy: the last) {@code right}; empty if absent. */
    static final class Between extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String left;
        private final String right;
        private final boolean greedy;
        private final boolean ci;
        private final ValueSink down;

        Between(String left, String right, boolean greedy, boolean ci, ValueSink down) {
            this.left = left;
            this.right = right;
            this.greedy = greedy;
            this.ci = ci;
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            int l = Text.indexOf(s, from, to, left, ci);
            if (l < 0) {
                return down.text(s, from, from, false);
            }
            int start = l + left.length();
            int r = greedy ? Text.lastIndexOf(s, start, to, right, ci) : Text.indexOf(s, start, to, right, ci);
            if (r < 0) {
                return down.text(s, from, from, false);
            }
            return down.text(s, start, r, false);
        }
    }

    /** First position of the substring at or after {@code start}; no value when absent or when start is past the end. */
    static final class IndexOf extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String needle;
        private final int start;
        private final boolean ci;
        private final ValueSink down;

        IndexOf(String needle, int start, boolean ci, ValueSink down) {
            this.needle = needle;
            this.start = start;
            this.ci = ci;
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            if (start > to - from) {
                return false;
            }
            int at = Text.indexOf(s, from + Math.max(start, 0), to, needle, ci);
            return at >= 0 && down.integer(at - from);
        }
    }

    /**
     * {@code number(s[, base])}: surrounding whitespace ignored, {@code +}/{@code -} accepted,
     * {@code 0x} means base 16; decimal text may be a float. Text that is not a number has no value.
     */
    static final class ToNumber extends ValueSink {
        private static final long serialVersionUID = 1L;
        /** 0 when no base was given. */
        private final int base;
        private final ValueSink down;

        ToNumber(int base, ValueSink down) {
            this.base = base;
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            while (from < to && Character.isWhitespace(s.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
                to--;
            }
            if (from == to) {
                return false;
            }
            int digits = from;
            boolean negative = false;
            if (s.charAt(digits) == '+' || s.charAt(digits) == '-') {
                negative = s.charAt(digits) == '-';
                digits++;
            }
            int radix = base == 0 ? 10 : base;
            if ((base == 0 || base == 16) && to - digits > 2 && s.charAt(digits) == '0'
                    && (s.charAt(digits + 1) == 'x' || s.charAt(digits + 1) == 'X')) {
                radix = 16;
                digits += 2;
            }
            if (radix == 10) {
                if (NumericText.isLong(s, from, to)) {
                    return down.integer(NumericText.parseLong(s, from, to));
                }
                double value = NumericText.parseDouble(s, from, to);
                return !Double.isNaN(value) && down.decimal(value);
            }
            try {
                long magnitude = Long.parseLong(s.substring(digits, to), radix);
                return down.integer(negative ? -magnitude : magnitude);
            } catch (NumberFormatException e) {
                return false;
            }
        }

        @Override
        boolean integer(long value) {
            return down.integer(value);
        }

        @Override
        boolean decimal(double value) {
            return down.decimal(value);
        }
    }

    /**
     * {@code add}, {@code subtract}, {@code multiply}, {@code divide}, {@code modulo} with the first
     * argument flowing in. Integers stay integers (division truncates, as in Elasticsearch); a
     * float on either side makes a float. Non-numeric values, overflow and division by zero give
     * no value.
     */
    static final class Arithmetic extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final EqlFunction op;
        private final boolean otherIsLong;
        private final long otherLong;
        private final double otherDouble;
        private final ValueSink down;

        Arithmetic(EqlFunction op, Value other, ValueSink down) {
            this.op = op;
            this.otherIsLong = other.isLong();
            this.otherLong = otherIsLong ? other.asLong() : 0;
            this.otherDouble = other.asDouble();
            this.down = down;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            if (NumericText.isLong(s, from, to)) {
                return integer(NumericText.parseLong(s, from, to));
            }
            double value = NumericText.parseDouble(s, from, to);
            return !Double.isNaN(value) && decimal(value);
        }

        @Override
        boolean integer(long value) {
            if (!otherIsLong) {
                return decimal((double) value);
            }
            long b = otherLong;
            try {
                long result = switch (op) {
                    case ADD -> Math.addExact(value, b);
                    case SUBTRACT -> Math.subtractExact(value, b);
                    case MULTIPLY -> Math.multiplyExact(value, b);
                    case DIVIDE -> value / b;
                    case MODULO -> value % b;
                    default -> throw new IllegalStateException(op.toString());
                };
                return down.integer(result);
            } catch (ArithmeticException overflowOrDivisionByZero) {
                return false;
            }
        }

        @Override
        boolean decimal(double value) {
            double b = otherDouble;
            double result = switch (op) {
                case ADD -> value + b;
                case SUBTRACT -> value - b;
                case MULTIPLY -> value * b;
                case DIVIDE -> value / b;
                case MODULO -> value % b;
                default -> throw new IllegalStateException(op.toString());
            };
            return !Double.isNaN(result) && !Double.isInfinite(result) && down.decimal(result);
        }
    }
}
