package io.threatstream.detect.rule.eql;

import java.io.Serializable;

/**
 * A precompiled EQL wildcard pattern as used by {@code :}, {@code like} and {@code like~}: {@code
 * *} matches any run of characters (also none), {@code ?} exactly one character (a Unicode code
 * point, as in Lucene's wildcard query), and there is no escape character — a backslash is a
 * literal backslash. Case-insensitive matchers fold ASCII letters only.
 *
 * <p>Common shapes ({@code "abc"}, {@code "abc*"}, {@code "*abc"}, {@code "*abc*"}, {@code
 * "ab*c"}, {@code "*"}) get dedicated checks; other patterns use a backtracking-free two-pointer
 * match. Matching allocates nothing.
 */
public final class WildcardMatcher implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Shape { EXACT, PREFIX, SUFFIX, CONTAINS, PREFIX_SUFFIX, ANYTHING, GENERAL }

    private final String pattern;
    private final boolean caseInsensitive;
    private final Shape shape;
    /** The pattern with runs of {@code *} collapsed, lower-cased when case-insensitive. */
    private final String compiled;
    /** For PREFIX_SUFFIX: the parts before and after the star; for other shapes the literal part. */
    private final String head;
    private final String tail;

    private WildcardMatcher(String pattern, boolean caseInsensitive) {
        this.pattern = pattern;
        this.caseInsensitive = caseInsensitive;
        this.compiled = collapseStars(caseInsensitive ? Text.lower(pattern) : pattern);
        String c = compiled;
        int stars = count(c, '*');
        boolean question = c.indexOf('?') >= 0;
        if (question) {
            shape = Shape.GENERAL;
            head = "";
            tail = "";
        } else if (stars == 0) {
            shape = Shape.EXACT;
            head = c;
            tail = "";
        } else if (c.equals("*")) {
            shape = Shape.ANYTHING;
            head = "";
            tail = "";
        } else if (stars == 1 && c.endsWith("*")) {
            shape = Shape.PREFIX;
            head = c.substring(0, c.length() - 1);
            tail = "";
        } else if (stars == 1 && c.startsWith("*")) {
            shape = Shape.SUFFIX;
            head = c.substring(1);
            tail = "";
        } else if (stars == 2 && c.startsWith("*") && c.endsWith("*")) {
            shape = Shape.CONTAINS;
            head = c.substring(1, c.length() - 1);
            tail = "";
        } else if (stars == 1) {
            int star = c.indexOf('*');
            shape = Shape.PREFIX_SUFFIX;
            head = c.substring(0, star);
            tail = c.substring(star + 1);
        } else {
            shape = Shape.GENERAL;
            head = "";
            tail = "";
        }
    }

    /** Compiles {@code pattern}; {@code caseInsensitive} folds ASCII case on both sides. */
    public static WildcardMatcher compile(String pattern, boolean caseInsensitive) {
        return new WildcardMatcher(pattern, caseInsensitive);
    }

    public String pattern() {
        return pattern;
    }

    public boolean caseInsensitive() {
        return caseInsensitive;
    }

    /** Whether the pattern has no wildcard, i.e. it is an (optionally case-insensitive) equality test. */
    public boolean isExact() {
        return shape == Shape.EXACT;
    }

    public boolean matches(String s) {
        return matches(s, 0, s.length());
    }

    /** Whether the whole of {@code s[from, to)} matches. */
    public boolean matches(String s, int from, int to) {
        int length = to - from;
        boolean ci = caseInsensitive;
        return switch (shape) {
            case EXACT -> Text.regionEquals(s, from, to, head, ci);
            case ANYTHING -> true;
            case PREFIX -> length >= head.length() && Text.matchesAt(s, from, head, ci);
            case SUFFIX -> length >= head.length() && Text.matchesAt(s, to - head.length(), head, ci);
            case CONTAINS -> Text.indexOf(s, from, to, head, ci) >= 0;
            case PREFIX_SUFFIX -> length >= head.length() + tail.length()
                    && Text.matchesAt(s, from, head, ci)
                    && Text.matchesAt(s, to - tail.length(), tail, ci);
            case GENERAL -> general(s, from, to);
        };
    }

    // Two pointers with a single backtrack point: on a mismatch, let the last star absorb one more
    // code point. Positions stay on code point boundaries, so '?' consumes a whole surrogate pair.
    private boolean general(String s, int from, int to) {
        String p = compiled;
        int plen = p.length();
        int pi = 0;
        int ti = from;
        int starP = -1;
        int starT = -1;
        while (ti < to) {
            if (pi < plen) {
                char pc = p.charAt(pi);
                if (pc == '*') {
                    starP = ++pi;
                    starT = ti;
                    continue;
                }
                if (pc == '?') {
                    ti += Text.codePointLength(s, ti, to);
                    pi++;
                    continue;
                }
                char tc = caseInsensitive ? Text.lower(s.charAt(ti)) : s.charAt(ti);
                if (tc == pc) {
                    pi++;
                    ti++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            starT += Text.codePointLength(s, starT, to);
            ti = starT;
            pi = starP;
        }
        while (pi < plen && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == plen;
    }

    private static String collapseStars(String p) {
        StringBuilder out = new StringBuilder(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '*' || out.length() == 0 || out.charAt(out.length() - 1) != '*') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return (caseInsensitive ? "like~ " : "like ") + pattern;
    }
}
