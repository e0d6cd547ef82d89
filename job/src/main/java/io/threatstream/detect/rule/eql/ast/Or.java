package io.threatstream.detect.rule.eql.ast;

/** {@code left or right}. */
public record Or(Position position, Expr left, Expr right) implements Expr {
    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
