package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.Position;

/**
 * One token of an EQL query.
 *
 * @param type what kind of token
 * @param text the token exactly as written in the query
 * @param value the decoded value: the unescaped string for {@link TokenType#STRING}, the dotted
 *     path for field names (backquotes removed), the name without {@code ~} for {@link
 *     TokenType#TILDE_IDENTIFIER}; otherwise the same as {@code text}
 * @param line 1-based line where the token starts
 * @param column 1-based column where the token starts
 */
public record Token(TokenType type, String text, String value, int line, int column) {

    public Position position() {
        return new Position(line, column);
    }

    /** How messages quote the token: its text, or {@code <end of input>}. */
    public String describe() {
        return type == TokenType.EOF ? "<end of input>" : "[" + text + "]";
    }
}
