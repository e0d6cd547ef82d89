package io.threatstream.detect.rule.eql.ast;

/** {@code left and right}. */
public record And(Position position, Expr left, Expr right) implements Expr {
    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
