package io.threatstream.detect.rule.eql;

import java.io.Serializable;

/**
 * Receives the values of an operand one at a time and answers whether the value satisfies what
 * follows: a test ({@link ValueTests}) or a function ({@link FunctionStages}) that transforms the
 * value and passes the result on. Chains are built once at compile time, so evaluating them
 * allocates nothing for the common operators.
 *
 * <p>Text values arrive as a region of a string so that functions such as {@code substring} can
 * pass on a part of a value without copying it. Numbers computed by functions arrive as {@code
 * long} or {@code double}; sinks that do not care see them as text.
 */
abstract class ValueSink implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A text value {@code s[from, to)}. {@code jsonNumber} says that the text is a number's JSON
     * text from the event (or a computed number), which lets {@code ==} with a number literal
     * compare numerically.
     */
    abstract boolean text(String s, int from, int to, boolean jsonNumber);

    /** An integer computed by a function. */
    boolean integer(long value) {
        String text = Long.toString(value);
        return text(text, 0, text.length(), true);
    }

    /** A floating-point number computed by a function. */
    boolean decimal(double value) {
        String text = NumericText.format(value);
        return text(text, 0, text.length(), true);
    }
}
