package io.threatstream.detect.rule.eql.ast;

/**
 * A numeric literal. {@code value} is a {@link Long} for integers that fit, otherwise a {@link
 * Double} (as in Elasticsearch, too-large integers quietly become doubles).
 */
public record NumberLiteral(Position position, Number value) implements Literal {
    public NumberLiteral {
        if (!(value instanceof Long) && !(value instanceof Double)) {
            throw new IllegalArgumentException("number literal must be a Long or a Double: " + value);
        }
    }

    /** Whether the literal is an integer (a {@link Long}). */
    public boolean integral() {
        return value instanceof Long;
    }

    /** Canonical text: {@code 42}, {@code 42.5}, {@code 1.0E20}. */
    @Override
    public String text() {
        return value.toString();
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
