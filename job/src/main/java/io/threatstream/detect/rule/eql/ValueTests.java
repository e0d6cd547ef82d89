package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.ComparisonOp;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The tests at the end of a value chain: equality, set membership, order, wildcards, regexes. */
final class ValueTests {

    private ValueTests() {}

    /** Accepts every value: "the operand has a value". */
    static final class AnyValue extends ValueSink {
        private static final long serialVersionUID = 1L;

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return true;
        }

        @Override
        boolean integer(long value) {
            return true;
        }

        @Override
        boolean decimal(double value) {
            return true;
        }
    }

    /** Case-sensitive equality with a string (or boolean) literal. */
    static final class TextEquals extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String expected;

        TextEquals(String expected) {
            this.expected = expected;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return Text.regionEquals(s, from, to, expected, false);
        }
    }

    /**
     * Equality with any of several texts, optionally ASCII case-insensitive. Whole values (the
     * usual case) are looked up in a hash set when the list is long.
     */
    static final class TextIn extends ValueSink {
        private static final long serialVersionUID = 1L;
        private static final int HASH_THRESHOLD = 8;

        private final String[] values;
        private final boolean caseInsensitive;
        private final Set<String> set;

        TextIn(String[] values, boolean caseInsensitive) {
            this.caseInsensitive = caseInsensitive;
            this.values = caseInsensitive ? Arrays.stream(values).map(Text::lower).toArray(String[]::new) : values.clone();
            this.set = !caseInsensitive && values.length >= HASH_THRESHOLD ? new HashSet<>(Arrays.asList(values)) : null;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            if (set != null && from == 0 && to == s.length()) {
                return set.contains(s);
            }
            for (String value : values) {
                if (Text.regionEquals(s, from, to, value, caseInsensitive)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Equality with a number literal. A value matches when its text is the literal's canonical text
     * (keyword semantics: {@code "1"} matches {@code 1}), or when it is a JSON number or a computed
     * number that is numerically equal ({@code 1.0} matches {@code 1}). Numeric strings such as
     * {@code "1.0"} do not match {@code 1}: a keyword field holding them would not either.
     */
    static final class NumberEquals extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final String canonical;
        private final double value;

        NumberEquals(String canonical, double value) {
            this.canonical = canonical;
            this.value = value;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return Text.regionEquals(s, from, to, canonical, false)
                    || (jsonNumber && NumericText.parseDouble(s, from, to) == value);
        }

        @Override
        boolean integer(long v) {
            return v == value;
        }

        @Override
        boolean decimal(double v) {
            return v == value;
        }
    }

    /**
     * {@code < <= > >=} against a number literal: JSON numbers and numeric strings compare
     * numerically, any other value does not satisfy the comparison.
     */
    static final class NumericOrder extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final ComparisonOp op;
        private final double bound;

        NumericOrder(ComparisonOp op, double bound) {
            this.op = op;
            this.bound = bound;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            double v = NumericText.parseDouble(s, from, to);
            return !Double.isNaN(v) && holds(v);
        }

        @Override
        boolean integer(long v) {
            return holds(v);
        }

        @Override
        boolean decimal(double v) {
            return !Double.isNaN(v) && holds(v);
        }

        // Numeric order, not Double.compare's total order: -0.0 is 0, as it is for ==.
        private boolean holds(double v) {
            return ordered(op, v < bound ? -1 : v > bound ? 1 : 0);
        }
    }

    /** {@code < <= > >=} against a string literal: case-sensitive order by code point, like keyword terms. */
    static final class TextOrder extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final ComparisonOp op;
        private final String bound;

        TextOrder(ComparisonOp op, String bound) {
            this.op = op;
            this.bound = bound;
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            return ordered(op, Text.compareCodePoints(s, from, to, bound));
        }
    }

    private static boolean ordered(ComparisonOp op, int cmp) {
        return switch (op) {
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case EQ -> cmp == 0;
            case NEQ -> cmp != 0;
        };
    }

    /** Any of several tests: an {@code in} list mixing numbers with strings. */
    static final class AnyOf extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final ValueSink[] tests;

        AnyOf(ValueSink[] tests) {
            this.tests = tests.clone();
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            for (ValueSink test : tests) {
                if (test.text(s, from, to, jsonNumber)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean integer(long value) {
            for (ValueSink test : tests) {
                if (test.integer(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean decimal(double value) {
            for (ValueSink test : tests) {
                if (test.decimal(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code :}, {@code like}, {@code like~}: any of the wildcard patterns matches. */
    static final class Wildcards extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final WildcardMatcher[] patterns;

        Wildcards(WildcardMatcher[] patterns) {
            this.patterns = patterns.clone();
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            for (WildcardMatcher pattern : patterns) {
                if (pattern.matches(s, from, to)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code regex}, {@code regex~}: any of the patterns matches the whole value. */
    static final class Regexes extends ValueSink {
        private static final long serialVersionUID = 1L;
        private final Pattern[] patterns;

        Regexes(Pattern[] patterns) {
            this.patterns = patterns.clone();
        }

        @Override
        boolean text(String s, int from, int to, boolean jsonNumber) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(s).region(from, to).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
