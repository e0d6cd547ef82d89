package io.threatstream.detect.rule.eql.ast;

/** {@code null}. */
public record NullLiteral(Position position) implements Literal {
    @Override
    public String text() {
        return null;
    }

    @Override
    public String toString() {
        return "null";
    }
}
