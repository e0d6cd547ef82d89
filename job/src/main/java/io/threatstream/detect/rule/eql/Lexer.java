package io.threatstream.detect.rule.eql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits EQL text into {@link Token}s on demand, skipping whitespace, {@code //} line comments
 * and (nestable) block comments. The lexical rules follow Elasticsearch's EQL grammar: keywords
 * are lower case, strings are double-quoted with backslash escapes ({@code \b \t \n \f \r \" \'
 * \\} and <code>&#92;u{XXXX}</code> with 2 to 8 hex digits) or triple-quoted raw strings, field names may
 * be dotted and backquoted. Errors carry the 1-based line and column of the offending input.
 *
 * <p>Tokens are produced lazily so that the parser reports the first problem in reading order,
 * e.g. an unsupported {@code sequence} before a {@code maxspan=} further on.
 */
public final class Lexer {

    private final String input;
    private int pos;
    private int line = 1;
    private int lineStart;

    public Lexer(String input) {
        this.input = input;
    }

    /** All tokens of {@code input}, ending with {@link TokenType#EOF}. */
    public static List<Token> tokenize(String input) throws EqlException {
        Lexer lexer = new Lexer(input);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.type() != TokenType.EOF);
        return tokens;
    }

    /** The next token; {@link TokenType#EOF} at the end, repeatedly. */
    public Token next() throws EqlException {
        skipWhitespaceAndComments();
        int start = pos;
        int startLine = line;
        int startColumn = column(start);
        if (pos >= input.length()) {
            return new Token(TokenType.EOF, "", "", startLine, startColumn);
        }
        char c = input.charAt(pos);
        if (isIdentifierStart(c) || c == '`') {
            return name(start, startLine, startColumn);
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            return number(start, startLine, startColumn);
        }
        if (c == '"') {
            return string(start, startLine, startColumn);
        }
        if (c == '\'') {
            throw new EqlException(startLine, startColumn,
                    "Use double quotes [\"] to define string literals, not single quotes [']");
        }
        return operator(c, start, startLine, startColumn);
    }

    private void skipWhitespaceAndComments() throws EqlException {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                while (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else {
                return;
            }
        }
    }

    // Block comments nest, as in Elasticsearch's grammar.
    private void blockComment() throws EqlException {
        int startLine = line;
        int startColumn = column(pos);
        int depth = 0;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                }
                pos++;
            }
        }
        throw new EqlException(startLine, startColumn, "Unterminated comment: [/*] has no closing [*/]");
    }

    // identifier | identifier~ | keyword | keyword~ | segment ( '.' segment )*
    private Token name(int start, int startLine, int startColumn) throws EqlException {
        StringBuilder path = new StringBuilder();
        boolean plain = segment(path);
        while (peek(0) == '.' && (isSegmentChar(peek(1)) || peek(1) == '`')) {
            pos++;
            path.append('.');
            segment(path);
            plain = false;
        }
        String text = input.substring(start, pos);
        if (!plain) {
            return new Token(TokenType.FIELD_NAME, text, path.toString(), startLine, startColumn);
        }
        if (peek(0) == '~') {
            pos++;
            String tilde = input.substring(start, pos);
            TokenType type = switch (text) {
                case "in" -> TokenType.IN_INSENSITIVE;
                case "like" -> TokenType.LIKE_INSENSITIVE;
                case "regex" -> TokenType.REGEX_INSENSITIVE;
                default -> TokenType.TILDE_IDENTIFIER;
            };
            return new Token(type, tilde, type == TokenType.TILDE_IDENTIFIER ? text : tilde, startLine, startColumn);
        }
        TokenType keyword = keyword(text);
        return new Token(keyword == null ? TokenType.IDENTIFIER : keyword, text, text, startLine, startColumn);
    }

    /**
     * Reads one path segment into {@code path}; returns whether it was a plain (unquoted) word. The
     * caller has checked the first character: an identifier start for the first segment, any word
     * character (ECS has no segment starting with a digit, but leniency costs nothing) after a dot.
     */
    private boolean segment(StringBuilder path) throws EqlException {
        if (peek(0) == '`') {
            quotedSegment(path);
            return false;
        }
        int from = pos;
        pos++;
        while (isIdentifierPart(peek(0))) {
            pos++;
        }
        path.append(input, from, pos);
        return true;
    }

    // '`' ( ~'`' | '``' )* '`'
    private void quotedSegment(StringBuilder path) throws EqlException {
        int startLine = line;
        int startColumn = column(pos);
        pos++;
        int contentStart = path.length();
        while (true) {
            if (pos >= input.length()) {
                throw new EqlException(startLine, startColumn, "Unterminated quoted field name: [`] has no closing [`]");
            }
            char c = input.charAt(pos);
            if (c == '`') {
                if (peek(1) == '`') {
                    path.append('`');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            path.append(c);
            pos++;
        }
        if (path.length() == contentStart) {
            throw new EqlException(startLine, startColumn, "Empty quoted field name [``]");
        }
    }

    private static TokenType keyword(String word) {
        return switch (word) {
            case "and" -> TokenType.AND;
            case "or" -> TokenType.OR;
            case "not" -> TokenType.NOT;
            case "in" -> TokenType.IN;
            case "like" -> TokenType.LIKE;
            case "regex" -> TokenType.REGEX;
            case "where" -> TokenType.WHERE;
            case "any" -> TokenType.ANY;
            case "true" -> TokenType.TRUE;
            case "false" -> TokenType.FALSE;
            case "null" -> TokenType.NULL;
            case "sequence" -> TokenType.SEQUENCE;
            case "join" -> TokenType.JOIN;
            case "sample" -> TokenType.SAMPLE;
            default -> null;
        };
    }

    // DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT?
    private Token number(int start, int startLine, int startColumn) {
        boolean decimal = false;
        while (isDigit(peek(0))) {
            pos++;
        }
        if (peek(0) == '.') {
            decimal = true;
            pos++;
            while (isDigit(peek(0))) {
                pos++;
            }
        }
        char e = peek(0);
        if ((e == 'e' || e == 'E')
                && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
            decimal = true;
            pos += 2;
            while (isDigit(peek(0))) {
                pos++;
            }
        }
        String text = input.substring(start, pos);
        return new Token(decimal ? TokenType.DECIMAL : TokenType.INTEGER, text, text, startLine, startColumn);
    }

    private Token string(int start, int startLine, int startColumn) throws EqlException {
        if (input.startsWith("\"\"\"", pos)) {
            return rawString(start, startLine, startColumn);
        }
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n' || input.charAt(pos) == '\r') {
                throw new EqlException(startLine, startColumn, "Unterminated string literal: [\"] has no closing [\"]");
            }
            char c = input.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
                pos++;
            }
        }
        return new Token(TokenType.STRING, input.substring(start, pos), value.toString(), startLine, startColumn);
    }

    private void escape(StringBuilder value) throws EqlException {
        int column = column(pos);
        char next = peek(1);
        switch (next) {
            case 'b' -> value.append('\b');
            case 't' -> value.append('\t');
            case 'n' -> value.append('\n');
            case 'f' -> value.append('\f');
            case 'r' -> value.append('\r');
            case '"' -> value.append('"');
            case '\'' -> value.append('\'');
            case '\\' -> value.append('\\');
            case 'u' -> {
                unicodeEscape(value, column);
                return;
            }
            default -> {
                String shown = pos + 1 < input.length() && next != '\n' ? "\\" + next : "\\";
                throw new EqlException(line, column, "Invalid escape sequence [" + shown
                        + "]; valid escapes are \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\u{XXXX}");
            }
        }
        pos += 2;
    }

    // '\\u{' HEX{2,8} '}'
    private void unicodeEscape(StringBuilder value, int column) throws EqlException {
        int start = pos;
        pos += 2;
        if (peek(0) != '{') {
            throw new EqlException(line, column, "Invalid unicode escape [\\u]; write it as \\u{XXXX} with 2 to 8 hex digits");
        }
        pos++;
        int digitsStart = pos;
        while (isHexDigit(peek(0))) {
            pos++;
        }
        String hex = input.substring(digitsStart, pos);
        if (peek(0) != '}') {
            throw new EqlException(line, column, "Invalid unicode escape [" + input.substring(start, pos)
                    + "]; write it as \\u{XXXX} with 2 to 8 hex digits");
        }
        pos++;
        String escape = input.substring(start, pos);
        if (hex.length() < 2 || hex.length() > 8) {
            throw new EqlException(line, column, "Unicode escape [" + escape + "] must have 2 to 8 hex digits, it has "
                    + hex.length());
        }
        long code = Long.parseLong(hex, 16);
        if (code >= 0xD800 && code <= 0xDFFF) {
            throw new EqlException(line, column, "Unicode escape [" + escape + "] is a surrogate code, not a character");
        }
        if (code > Character.MAX_CODE_POINT) {
            throw new EqlException(line, column, "Unicode escape [" + escape + "] is beyond the last code point U+10FFFF");
        }
        value.appendCodePoint((int) code);
    }

    // '"""' (~[\r\n])*? '"""' '"'? '"'? — a run of up to five closing quotes ends with its last three,
    // so """a"""" is the string a".
    private Token rawString(int start, int startLine, int startColumn) throws EqlException {
        pos += 3;
        int contentStart = pos;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n' || input.charAt(pos) == '\r') {
                throw new EqlException(startLine, startColumn,
                        "Unterminated raw string literal: [\"\"\"] has no closing [\"\"\"] on the same line");
            }
            if (input.startsWith("\"\"\"", pos)) {
                int end = pos + 3;
                for (int extra = 0; extra < 2 && end < input.length() && input.charAt(end) == '"'; extra++) {
                    end++;
                }
                pos = end;
                String value = input.substring(contentStart, end - 3);
                return new Token(TokenType.STRING, input.substring(start, pos), value, startLine, startColumn);
            }
            pos++;
        }
    }

    private Token operator(char c, int start, int startLine, int startColumn) throws EqlException {
        TokenType type;
        int length = 1;
        switch (c) {
            case ':' -> type = TokenType.COLON;
            case '(' -> type = TokenType.LPAREN;
            case ')' -> type = TokenType.RPAREN;
            case '[' -> type = TokenType.LBRACKET;
            case ']' -> type = TokenType.RBRACKET;
            case ',' -> type = TokenType.COMMA;
            case '+' -> type = TokenType.PLUS;
            case '-' -> type = TokenType.MINUS;
            case '*' -> type = TokenType.STAR;
            case '/' -> type = TokenType.SLASH;
            case '%' -> type = TokenType.PERCENT;
            case '<' -> {
                boolean eq = peek(1) == '=';
                type = eq ? TokenType.LTE : TokenType.LT;
                length = eq ? 2 : 1;
            }
            case '>' -> {
                boolean eq = peek(1) == '=';
                type = eq ? TokenType.GTE : TokenType.GT;
                length = eq ? 2 : 1;
            }
            case '=' -> {
                int run = 1;
                while (peek(run) == '=') {
                    run++;
                }
                if (run == 1) {
                    throw new EqlException(startLine, startColumn,
                            "Use [==] for equality or [:] for case-insensitive matching, not [=]");
                }
                if (run > 2) {
                    throw new EqlException(startLine, startColumn, "Unknown operator [" + "=".repeat(run)
                            + "]; use [==] for equality or [:] for case-insensitive matching");
                }
                type = TokenType.EQ;
                length = 2;
            }
            case '!' -> {
                if (peek(1) != '=') {
                    throw new EqlException(startLine, startColumn,
                            "Unknown operator [!]; use [not] to negate a condition or [!=] for inequality");
                }
                if (peek(2) == '=') {
                    throw new EqlException(startLine, startColumn, "Unknown operator [!==]; use [!=] for inequality");
                }
                type = TokenType.NEQ;
                length = 2;
            }
            case '|' -> {
                if (peek(1) == '|') {
                    throw new EqlException(startLine, startColumn, "Use [or] to combine conditions, not [||]");
                }
                type = TokenType.PIPE;
            }
            case '&' -> throw new EqlException(startLine, startColumn,
                    peek(1) == '&' ? "Use [and] to combine conditions, not [&&]" : "Unexpected character [&]");
            case '?' -> {
                char next = peek(1);
                if (next == '"' || next == '\'') {
                    throw new EqlException(startLine, startColumn,
                            "Use triple double quotes [\"\"\"] to define unescaped string literals, not [?" + next + "]");
                }
                type = TokenType.QUESTION;
            }
            default -> throw new EqlException(startLine, startColumn, "Unexpected character [" + shown(c) + "]");
        }
        pos += length;
        String text = input.substring(start, pos);
        return new Token(type, text, text, startLine, startColumn);
    }

    private static String shown(char c) {
        if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT) {
            return String.format("\\u{%04x}", (int) c);
        }
        return String.valueOf(c);
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < input.length() ? input.charAt(at) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return isLetter(c) || c == '_' || c == '@';
    }

    private static boolean isSegmentChar(char c) {
        return isIdentifierPart(c) || c == '@';
    }

    private static boolean isIdentifierPart(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
