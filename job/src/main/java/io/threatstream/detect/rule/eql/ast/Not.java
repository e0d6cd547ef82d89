package io.threatstream.detect.rule.eql.ast;

/** {@code not operand}; also the shape of {@code x not in (...)} and {@code x not in~ (...)}. */
public record Not(Position position, Expr operand) implements Expr {
    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
