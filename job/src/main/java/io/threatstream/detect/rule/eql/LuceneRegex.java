package io.threatstream.detect.rule.eql;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the Lucene regular-expression syntax that Elasticsearch's {@code regex} operators use
 * into a {@link Pattern} that must match the whole value.
 *
 * <p>Supported: literals, {@code \} escaping any character, {@code .} (any character, newlines
 * included), {@code [...]} and {@code [^...]} classes with ranges, {@code \d \D \s \S \w \W}
 * (ASCII, as java.util.regex defines them), {@code ( )} groups, {@code |}, {@code * + ?}, {@code
 * {n}}, {@code {n,}}, {@code {n,m}}, {@code "..."} quoted literals, {@code @} (any string) and
 * {@code #} (the empty language). {@code ^} and {@code $} are literal characters in Lucene and
 * stay literal. Rejected with a message: intersection {@code &}, complement {@code ~}, numeric
 * intervals and named automata {@code <...>}, and a repetition operator directly after another
 * one (Lucene nests them, Java would read them as possessive or fail).
 *
 * <p>Unlike Lucene's automata, java.util.regex backtracks: a pathological pattern on a long value
 * can be slow. Case-insensitive patterns fold ASCII letters only.
 */
final class LuceneRegex {

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private int pos;

    private LuceneRegex(String source) {
        this.source = source;
    }

    /**
     * Compiles a Lucene regular expression.
     *
     * @throws IllegalArgumentException with a reason when the pattern is invalid or unsupported
     */
    static Pattern compile(String lucene, boolean caseInsensitive) {
        String java = new LuceneRegex(lucene).translate();
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
        try {
            return Pattern.compile(java, flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression [" + lucene + "]: " + e.getDescription());
        }
    }

    private String translate() {
        boolean afterRepeat = false;
        boolean canRepeat = false;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            switch (c) {
                case '*', '+', '?' -> {
                    // "a*?" is (a*)? in Lucene: the same strings as Java's lazy a*?, so it is allowed.
                    if (afterRepeat && c != '?') {
                        throw fail("repetition operator [" + c + "] directly after another one is not supported");
                    }
                    if (!afterRepeat && !canRepeat) {
                        throw fail("repetition operator [" + c + "] has nothing to repeat");
                    }
                    out.append(c);
                    pos++;
                    afterRepeat = true;
                    canRepeat = false;
                    continue;
                }
                case '{' -> {
                    if (!canRepeat) {
                        throw fail(afterRepeat ? "repetition [{...}] directly after another one is not supported"
                                : "repetition [{...}] has nothing to repeat");
                    }
                    repetition();
                    afterRepeat = true;
                    canRepeat = false;
                    continue;
                }
                case '|' -> {
                    out.append('|');
                    pos++;
                    afterRepeat = false;
                    canRepeat = false;
                    continue;
                }
                case '(' -> {
                    out.append("(?:");
                    pos++;
                    afterRepeat = false;
                    canRepeat = false;
                    continue;
                }
                case ')' -> {
                    out.append(')');
                    pos++;
                }
                case '[' -> characterClass();
                case '\\' -> escape();
                case '.' -> {
                    out.append('.');
                    pos++;
                }
                case '"' -> quoted();
                case '@' -> {
                    out.append("(?:.*)");
                    pos++;
                }
                case '#' -> {
                    out.append("(?!)");
                    pos++;
                }
                case '&' -> throw fail("intersection [&] is not supported");
                case '~' -> throw fail("complement [~] is not supported");
                case '<' -> throw fail("numeric intervals and named automata [<...>] are not supported");
                default -> {
                    literal(c);
                    pos++;
                }
            }
            afterRepeat = false;
            canRepeat = true;
        }
        return out.toString();
    }

    // '{' DIGIT+ (',' DIGIT*)? '}'
    private void repetition() {
        int start = pos;
        int close = source.indexOf('}', pos);
        if (close < 0) {
            throw fail("unterminated repetition [" + source.substring(start) + "]");
        }
        String body = source.substring(pos + 1, close);
        if (!body.matches("[0-9]+(,[0-9]*)?")) {
            throw fail("invalid repetition [" + source.substring(start, close + 1) + "]");
        }
        out.append('{').append(body).append('}');
        pos = close + 1;
    }

    // '[' '^'? (charexp ('-' charexp)?)+ ']'
    private void characterClass() {
        int start = pos;
        pos++;
        out.append('[');
        if (pos < source.length() && source.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        boolean empty = true;
        while (true) {
            if (pos >= source.length()) {
                throw fail("unterminated character class [" + source.substring(start) + "]");
            }
            char c = source.charAt(pos);
            if (c == ']' && !empty) {
                out.append(']');
                pos++;
                return;
            }
            empty = false;
            if (c == '\\') {
                if (pos + 1 >= source.length()) {
                    throw fail("dangling backslash at the end");
                }
                char escaped = source.charAt(pos + 1);
                if ("dDsSwW".indexOf(escaped) >= 0) {
                    out.append('\\').append(escaped);
                } else {
                    literal(escaped);
                }
                pos += 2;
            } else if (c == '-' && out.charAt(out.length() - 1) != '[' && out.charAt(out.length() - 1) != '^'
                    && pos + 1 < source.length() && source.charAt(pos + 1) != ']') {
                out.append('-');
                pos++;
            } else {
                literal(c);
                pos++;
            }
        }
    }

    private void escape() {
        if (pos + 1 >= source.length()) {
            throw fail("dangling backslash at the end");
        }
        char escaped = source.charAt(pos + 1);
        if ("dDsSwW".indexOf(escaped) >= 0) {
            out.append('\\').append(escaped);
        } else {
            literal(escaped);
        }
        pos += 2;
    }

    // '"' <characters other than '"'> '"' — a literal string
    private void quoted() {
        int close = source.indexOf('"', pos + 1);
        if (close < 0) {
            throw fail("unterminated quoted string [" + source.substring(pos) + "]");
        }
        String literal = source.substring(pos + 1, close);
        out.append("(?:");
        for (int i = 0; i < literal.length(); i++) {
            literal(literal.charAt(i));
        }
        out.append(')');
        pos = close + 1;
    }

    /** A character that must match itself; Java metacharacters are escaped. */
    private void literal(char c) {
        boolean punctuation = c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c) && c != '_';
        if (punctuation) {
            out.append('\\');
        }
        out.append(c);
    }

    private IllegalArgumentException fail(String reason) {
        return new IllegalArgumentException("invalid regular expression [" + source + "]: " + reason);
    }
}
