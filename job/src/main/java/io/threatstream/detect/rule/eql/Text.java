package io.threatstream.detect.rule.eql;

/**
 * Allocation-free operations on a region {@code [from, to)} of a string, optionally folding ASCII
 * case. Case folding is ASCII only ({@code A-Z} to {@code a-z}), as in the project's semantics:
 * the Kelvin sign, dotless i and long s do not fold to ASCII letters. Needles passed with {@code
 * ci = true} must already be lower-cased with {@link #lower(String)}.
 */
final class Text {

    private Text() {}

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** {@code s} with ASCII upper-case letters lowered; other characters unchanged. */
    static String lower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = lower(chars[i]);
        }
        return new String(chars);
    }

    /** Whether {@code s[from, to)} equals {@code other}. */
    static boolean regionEquals(String s, int from, int to, String other, boolean ci) {
        return to - from == other.length() && matchesAt(s, from, other, ci);
    }

    /** Whether {@code other} occurs in {@code s} at {@code at}; the caller checked the length. */
    static boolean matchesAt(String s, int at, String other, boolean ci) {
        int n = other.length();
        if (!ci) {
            return s.regionMatches(at, other, 0, n);
        }
        for (int i = 0; i < n; i++) {
            if (lower(s.charAt(at + i)) != other.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** First index {@code >= from} where {@code needle} occurs within {@code s[from, to)}, or -1. */
    static int indexOf(String s, int from, int to, String needle, boolean ci) {
        int last = to - needle.length();
        for (int i = from; i <= last; i++) {
            if (matchesAt(s, i, needle, ci)) {
                return i;
            }
        }
        return -1;
    }

    /** Last index where {@code needle} occurs within {@code s[from, to)}, or -1. */
    static int lastIndexOf(String s, int from, int to, String needle, boolean ci) {
        for (int i = to - needle.length(); i >= from; i--) {
            if (matchesAt(s, i, needle, ci)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Compares {@code s[from, to)} with {@code other} by Unicode code point, the order of
     * Elasticsearch's UTF-8 keyword terms (plain {@link String#compareTo} orders by UTF-16 unit,
     * which differs for supplementary characters).
     */
    static int compareCodePoints(String s, int from, int to, String other) {
        int i = from;
        int j = 0;
        while (i < to && j < other.length()) {
            int a = s.codePointAt(i);
            int b = other.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(to - i, other.length() - j);
    }

    /** The number of chars of the code point starting at {@code at} (1 or 2), not reading past {@code to}. */
    static int codePointLength(String s, int at, int to) {
        return Character.isHighSurrogate(s.charAt(at)) && at + 1 < to && Character.isLowSurrogate(s.charAt(at + 1))
                ? 2
                : 1;
    }
}
