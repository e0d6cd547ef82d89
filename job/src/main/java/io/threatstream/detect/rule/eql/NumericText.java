package io.threatstream.detect.rule.eql;

/**
 * Reads numbers from keyword text without allocating for the common cases. Accepted: an optional
 * sign, digits with an optional fraction, an optional exponent ({@code -12}, {@code +3.5}, {@code
 * .5}, {@code 1e3}). Not accepted: whitespace, hex, {@code NaN}, {@code Infinity}.
 */
final class NumericText {

    /** Integers with at most this many digits fit in a long without overflow checks. */
    private static final int SAFE_LONG_DIGITS = 18;

    private NumericText() {}

    /** The value of {@code s[from, to)}, or {@link Double#NaN} when it is not a number. */
    static double parseDouble(String s, int from, int to) {
        int shape = shape(s, from, to);
        if (shape == NOT_A_NUMBER) {
            return Double.NaN;
        }
        if (shape == SHORT_INTEGER) {
            return parseLongUnchecked(s, from, to);
        }
        return Double.parseDouble(s.substring(from, to));
    }

    /** Whether {@code s[from, to)} is an integer that fits a long. */
    static boolean isLong(String s, int from, int to) {
        int shape = shape(s, from, to);
        if (shape == SHORT_INTEGER) {
            return true;
        }
        if (shape != LONG_INTEGER) {
            return false;
        }
        try {
            Long.parseLong(s.substring(from, to));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The long value of {@code s[from, to)}; only valid when {@link #isLong} said so. */
    static long parseLong(String s, int from, int to) {
        return shape(s, from, to) == SHORT_INTEGER
                ? parseLongUnchecked(s, from, to)
                : Long.parseLong(s.substring(from, to));
    }

    /** A number's text as Elasticsearch's functions print it: {@code 42}, {@code 42.5}, {@code 1.0E20}. */
    static String format(double value) {
        return Double.toString(value);
    }

    private static final int NOT_A_NUMBER = 0;
    private static final int SHORT_INTEGER = 1;
    private static final int LONG_INTEGER = 2;
    private static final int DECIMAL = 3;

    // [+-]? (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) ([eE] [+-]? DIGIT+)?
    private static int shape(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        boolean decimal = false;
        int fractionDigits = 0;
        if (i < to && s.charAt(i) == '.') {
            decimal = true;
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                fractionDigits++;
            }
        }
        if (intDigits + fractionDigits == 0) {
            return NOT_A_NUMBER;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            decimal = true;
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return NOT_A_NUMBER;
            }
        }
        if (i != to) {
            return NOT_A_NUMBER;
        }
        if (decimal) {
            return DECIMAL;
        }
        return intDigits <= SAFE_LONG_DIGITS ? SHORT_INTEGER : LONG_INTEGER;
    }

    private static long parseLongUnchecked(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < to; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
