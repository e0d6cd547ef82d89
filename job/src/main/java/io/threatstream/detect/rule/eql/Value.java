package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import java.io.Serializable;

/**
 * One constant value: a literal at compile time, or a field value in the (rare) evaluation of a
 * function whose non-first arguments are fields. Text values remember whether they were JSON
 * numbers.
 */
final class Value implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind { TEXT, INTEGER, DECIMAL }

    private final Kind kind;
    private final String text;
    private final boolean jsonNumber;
    private final long integer;
    private final double decimal;

    private Value(Kind kind, String text, boolean jsonNumber, long integer, double decimal) {
        this.kind = kind;
        this.text = text;
        this.jsonNumber = jsonNumber;
        this.integer = integer;
        this.decimal = decimal;
    }

    static Value text(String text, boolean jsonNumber) {
        return new Value(Kind.TEXT, text, jsonNumber, 0, 0);
    }

    static Value integer(long value) {
        return new Value(Kind.INTEGER, Long.toString(value), true, value, value);
    }

    static Value decimal(double value) {
        return new Value(Kind.DECIMAL, NumericText.format(value), true, 0, value);
    }

    /** The literal's value; {@code null} for the null literal. */
    static Value of(Literal literal) {
        if (literal instanceof NumberLiteral number) {
            return number.integral() ? integer(number.value().longValue()) : decimal(number.value().doubleValue());
        }
        if (literal instanceof BooleanLiteral b) {
            return text(Boolean.toString(b.value()), false);
        }
        String text = literal.text();
        return text == null ? null : text(text, false);
    }

    /** Passes this value to {@code sink}. */
    boolean feed(ValueSink sink) {
        return switch (kind) {
            case TEXT -> sink.text(text, 0, text.length(), jsonNumber);
            case INTEGER -> sink.integer(integer);
            case DECIMAL -> sink.decimal(decimal);
        };
    }

    /** The value as text: strings as is, numbers in canonical form. */
    String asText() {
        return text;
    }

    /** Whether the value is an integer, as a number or as integer text. */
    boolean isLong() {
        return kind == Kind.INTEGER || (kind == Kind.TEXT && NumericText.isLong(text, 0, text.length()));
    }

    /** The integer value; only valid when {@link #isLong()}. */
    long asLong() {
        return kind == Kind.INTEGER ? integer : NumericText.parseLong(text, 0, text.length());
    }

    /** The numeric value, or NaN when the value is text that is not a number. */
    double asDouble() {
        return switch (kind) {
            case TEXT -> NumericText.parseDouble(text, 0, text.length());
            case INTEGER -> integer;
            case DECIMAL -> decimal;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.TEXT ? '"' + text + '"' : text;
    }
}
