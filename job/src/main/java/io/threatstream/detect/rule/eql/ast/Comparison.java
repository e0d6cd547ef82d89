package io.threatstream.detect.rule.eql.ast;

/** {@code left OP right} with one of {@code == != < <= > >=}. */
public record Comparison(Position position, Expr left, ComparisonOp op, Expr right) implements Expr {
    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
