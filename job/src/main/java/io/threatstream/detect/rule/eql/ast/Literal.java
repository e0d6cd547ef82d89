package io.threatstream.detect.rule.eql.ast;

/** A constant: string, number, boolean or {@code null}. */
public sealed interface Literal extends Expr permits StringLiteral, NumberLiteral, BooleanLiteral, NullLiteral {

    /**
     * The value as text, the way a keyword field holds it: strings as is, numbers in canonical
     * form, booleans as {@code true}/{@code false}; {@code null} for the null literal.
     */
    String text();
}
