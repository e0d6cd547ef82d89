package io.threatstream.detect.rule.eql.ast;

import java.util.List;

/**
 * {@code value in (v1, v2, ...)}, or {@code in~} when {@code caseInsensitive}: an OR of equality
 * tests against literals. {@code not in} is a {@link Not} around this node.
 */
public record InList(Position position, Expr value, boolean caseInsensitive, List<Literal> values)
        implements Expr {
    public InList {
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
