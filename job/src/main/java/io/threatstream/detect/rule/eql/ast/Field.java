package io.threatstream.detect.rule.eql.ast;

/**
 * A field reference by dotted path. {@code optional} records the {@code ?field} marker; without a
 * mapping every field is known, so it does not change evaluation.
 */
public record Field(Position position, String path, boolean optional) implements Expr {
    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
