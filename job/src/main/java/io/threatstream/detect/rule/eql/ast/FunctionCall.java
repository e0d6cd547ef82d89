package io.threatstream.detect.rule.eql.ast;

import java.util.List;

/**
 * A call of a built-in function, e.g. {@code startsWith~(process.name, "ssh")}. The parser has
 * checked the name, the {@code ~} form, the argument count and the types of literal arguments.
 */
public record FunctionCall(Position position, EqlFunction function, boolean caseInsensitive, List<Expr> arguments)
        implements Expr {
    public FunctionCall {
        arguments = List.copyOf(arguments);
    }

    @Override
    public String toString() {
        return AstPrinter.print(this);
    }
}
