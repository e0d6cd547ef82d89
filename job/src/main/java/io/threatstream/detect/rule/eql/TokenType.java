package io.threatstream.detect.rule.eql;

/** The kinds of token the {@link Lexer} produces. */
public enum TokenType {
    /** A single plain word such as {@code file} or {@code startsWith}: a field, category or function name. */
    IDENTIFIER,
    /** A dotted and/or backquoted field name such as {@code host.os.type} or {@code `my field`}. */
    FIELD_NAME,
    /** A function name with the case-insensitive marker, e.g. {@code endsWith~}; the value has no {@code ~}. */
    TILDE_IDENTIFIER,
    STRING,
    INTEGER,
    DECIMAL,

    AND,
    OR,
    NOT,
    IN,
    IN_INSENSITIVE,
    LIKE,
    LIKE_INSENSITIVE,
    REGEX,
    REGEX_INSENSITIVE,
    WHERE,
    ANY,
    TRUE,
    FALSE,
    NULL,
    SEQUENCE,
    JOIN,
    SAMPLE,

    COLON,
    EQ,
    NEQ,
    LT,
    LTE,
    GT,
    GTE,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    PIPE,
    QUESTION,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    PERCENT,
    EOF
}
