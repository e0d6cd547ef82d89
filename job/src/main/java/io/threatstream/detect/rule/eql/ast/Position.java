package io.threatstream.detect.rule.eql.ast;

import java.io.Serializable;

/** Where a token or AST node starts in the query text: 1-based line and column. */
public record Position(int line, int column) implements Serializable {
    @Override
    public String toString() {
        return "line " + line + ":" + column;
    }
}
