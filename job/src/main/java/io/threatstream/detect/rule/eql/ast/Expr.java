package io.threatstream.detect.rule.eql.ast;

/**
 * A node of a single-event EQL condition. Boolean structure ({@link And}, {@link Or}, {@link Not}),
 * tests ({@link Comparison}, {@link InList}, {@link PatternMatch}), and the operands they test
 * ({@link Field}, {@link FunctionCall}, {@link Literal}). Boolean literals and boolean-valued
 * function calls are also conditions on their own.
 */
public sealed interface Expr
        permits And, Or, Not, Comparison, InList, PatternMatch, FunctionCall, Field, Literal {

    /** Where the node starts in the query text. */
    Position position();
}
