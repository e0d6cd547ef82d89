package io.threatstream.detect.rule.eql.ast;

/** The comparison operators of EQL. */
public enum ComparisonOp {
    EQ("=="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">=");

    private final String symbol;

    ComparisonOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a query. */
    public String symbol() {
        return symbol;
    }

    /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
    public ComparisonOp mirrored() {
        return switch (this) {
            case EQ, NEQ -> this;
            case LT -> GT;
            case LTE -> GTE;
            case GT -> LT;
            case GTE -> LTE;
        };
    }
}
