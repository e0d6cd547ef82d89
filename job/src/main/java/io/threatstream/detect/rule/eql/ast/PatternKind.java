package io.threatstream.detect.rule.eql.ast;

/** The pattern operators: {@code :}, {@code like}, {@code like~}, {@code regex}, {@code regex~}. */
public enum PatternKind {
    /** {@code :} — case-insensitive wildcard match, the same as {@code like~}. */
    COLON(":", false, true),
    LIKE("like", false, false),
    LIKE_INSENSITIVE("like~", false, true),
    REGEX("regex", true, false),
    REGEX_INSENSITIVE("regex~", true, true);

    private final String symbol;
    private final boolean regex;
    private final boolean caseInsensitive;

    PatternKind(String symbol, boolean regex, boolean caseInsensitive) {
        this.symbol = symbol;
        this.regex = regex;
        this.caseInsensitive = caseInsensitive;
    }

    /** The operator as written in a query. */
    public String symbol() {
        return symbol;
    }

    /** Whether patterns are Lucene regular expressions (otherwise wildcard patterns). */
    public boolean regex() {
        return regex;
    }

    /** Whether matching folds ASCII case. */
    public boolean caseInsensitive() {
        return caseInsensitive;
    }
}
