package io.threatstream.detect.rule.eql.ast;

/** {@code true} or {@code false}. */
public record BooleanLiteral(Position position, boolean value) implements Literal {
    @Override
    public String text() {
        return Boolean.toString(value);
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
