package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.Position;

/**
 * A query that cannot be lexed, parsed or compiled. Carries the 1-based line and column of the
 * offending input; {@link #getMessage()} reads {@code line L:C: <reason>} like Elasticsearch's EQL
 * parsing errors, {@link #reason()} is the bare reason.
 */
public final class EqlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public EqlException(int line, int column, String reason) {
        super("line " + line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public EqlException(Position position, String reason) {
        this(position.line(), position.column(), reason);
    }

    /** 1-based line of the offending input. */
    public int line() {
        return line;
    }

    /** 1-based column (in UTF-16 characters) of the offending input. */
    public int column() {
        return column;
    }

    /** The message without its {@code line L:C: } prefix. */
    public String reason() {
        return reason;
    }
}
