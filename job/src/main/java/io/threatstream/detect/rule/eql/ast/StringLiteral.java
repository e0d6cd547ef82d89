package io.threatstream.detect.rule.eql.ast;

/** A string literal, escapes already decoded. */
public record StringLiteral(Position position, String value) implements Literal {
    @Override
    public String text() {
        return value;
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
