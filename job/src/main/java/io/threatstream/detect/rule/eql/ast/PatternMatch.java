package io.threatstream.detect.rule.eql.ast;

import java.util.List;

/** {@code value : "p"}, {@code value like ("p1", "p2")}, {@code value regex~ "re"}: an OR over the patterns. */
public record PatternMatch(Position position, Expr value, PatternKind kind, List<Literal> patterns)
        implements Expr {
    public PatternMatch {
        patterns = List.copyOf(patterns);
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
