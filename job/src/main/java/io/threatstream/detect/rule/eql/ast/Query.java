package io.threatstream.detect.rule.eql.ast;

/**
 * A single-event query: {@code <category> where <condition>}. A {@code null} category stands for
 * {@code any}, which does not test {@code event.category}.
 */
public record Query(Position position, String category, Expr condition) {

    /** Whether the query is {@code any where ...}. */
    public boolean anyCategory() {
        return category == null;
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
