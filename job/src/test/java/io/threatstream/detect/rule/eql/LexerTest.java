package io.threatstream.detect.rule.eql;

import static io.threatstream.detect.rule.eql.TokenType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    private static List<Token> tokens(String input) throws EqlException {
        return Lexer.tokenize(input);
    }

    private static List<TokenType> types(String input) throws EqlException {
        return tokens(input).stream().map(Token::type).toList();
    }

    private static Token single(String input) throws EqlException {
        List<Token> tokens = tokens(input);
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1).type()).isEqualTo(EOF);
        return tokens.get(0);
    }

    @Test
    void simpleQueryWithPositions() throws EqlException {
        List<Token> tokens = tokens("process where process.name == \"sshd\"");
        assertThat(tokens).containsExactly(
                new Token(IDENTIFIER, "process", "process", 1, 1),
                new Token(WHERE, "where", "where", 1, 9),
                new Token(FIELD_NAME, "process.name", "process.name", 1, 15),
                new Token(EQ, "==", "==", 1, 28),
                new Token(STRING, "\"sshd\"", "sshd", 1, 31),
                new Token(EOF, "", "", 1, 37));
    }

    @Test
    void positionsOnLaterLines() throws EqlException {
        List<Token> tokens = tokens("file where\n  a == 1 and\n\tb : \"x\"");
        assertThat(tokens).extracting(Token::text, Token::line, Token::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("file", 1, 1),
                org.assertj.core.groups.Tuple.tuple("where", 1, 6),
                org.assertj.core.groups.Tuple.tuple("a", 2, 3),
                org.assertj.core.groups.Tuple.tuple("==", 2, 5),
                org.assertj.core.groups.Tuple.tuple("1", 2, 8),
                org.assertj.core.groups.Tuple.tuple("and", 2, 10),
                org.assertj.core.groups.Tuple.tuple("b", 3, 2),
                org.assertj.core.groups.Tuple.tuple(":", 3, 4),
                org.assertj.core.groups.Tuple.tuple("\"x\"", 3, 6),
                org.assertj.core.groups.Tuple.tuple("", 3, 9));
    }

    @Test
    void fieldNames() throws EqlException {
        assertThat(single("host.os.type")).isEqualTo(new Token(FIELD_NAME, "host.os.type", "host.os.type", 1, 1));
        assertThat(single("@timestamp").type()).isEqualTo(IDENTIFIER);
        assertThat(single("_id").type()).isEqualTo(IDENTIFIER);
        assertThat(single("process.pe.original_file_name").value()).isEqualTo("process.pe.original_file_name");
        assertThat(single("x509.v3").value()).isEqualTo("x509.v3");
    }

    @Test
    void backquotedFieldNames() throws EqlException {
        assertThat(single("`field with space`")).isEqualTo(
                new Token(FIELD_NAME, "`field with space`", "field with space", 1, 1));
        assertThat(single("process.`pe name`.x").value()).isEqualTo("process.pe name.x");
        assertThat(single("`my``field`").value()).isEqualTo("my`field");
        assertThat(single("`6field`").value()).isEqualTo("6field");
        assertThat(single("`and`").type()).isEqualTo(FIELD_NAME);
    }

    @Test
    void optionalFieldMarker() throws EqlException {
        assertThat(types("?process.name")).containsExactly(QUESTION, FIELD_NAME, EOF);
        assertThat(types("? x")).containsExactly(QUESTION, IDENTIFIER, EOF);
    }

    @Test
    void keywordsAreLowerCase() throws EqlException {
        assertThat(types("and or not in in~ like like~ regex regex~ where any true false null sequence join sample"))
                .containsExactly(AND, OR, NOT, IN, IN_INSENSITIVE, LIKE, LIKE_INSENSITIVE, REGEX, REGEX_INSENSITIVE,
                        WHERE, ANY, TRUE, FALSE, NULL, SEQUENCE, JOIN, SAMPLE, EOF);
        assertThat(types("AND Where")).containsExactly(IDENTIFIER, IDENTIFIER, EOF);
        assertThat(single("in~").text()).isEqualTo("in~");
    }

    @Test
    void tildeFunctionNames() throws EqlException {
        assertThat(types("startsWith~(x)")).containsExactly(TILDE_IDENTIFIER, LPAREN, IDENTIFIER, RPAREN, EOF);
        Token token = tokens("endsWith~(").get(0);
        assertThat(token.text()).isEqualTo("endsWith~");
        assertThat(token.value()).isEqualTo("endsWith");
    }

    @Test
    void operatorsAndPunctuation() throws EqlException {
        assertThat(types(": == != < <= > >= ( ) [ ] , | ? + - * / %")).containsExactly(
                COLON, EQ, NEQ, LT, LTE, GT, GTE, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, PIPE, QUESTION,
                PLUS, MINUS, STAR, SLASH, PERCENT, EOF);
        assertThat(types("a<=1")).containsExactly(IDENTIFIER, LTE, INTEGER, EOF);
        assertThat(types("a:\"x\"")).containsExactly(IDENTIFIER, COLON, STRING, EOF);
    }

    @ParameterizedTest
    @CsvSource({"42, INTEGER", "0, INTEGER", "4.5, DECIMAL", ".5, DECIMAL", "5., DECIMAL", "1e3, DECIMAL",
        "1.5E-2, DECIMAL", "2e+10, DECIMAL"})
    void numbers(String text, TokenType type) throws EqlException {
        assertThat(single(text)).isEqualTo(new Token(type, text, text, 1, 1));
    }

    @Test
    void negativeNumbersAreUnaryMinus() throws EqlException {
        assertThat(types("-5")).containsExactly(MINUS, INTEGER, EOF);
        assertThat(types("a > -1.5")).containsExactly(IDENTIFIER, GT, MINUS, DECIMAL, EOF);
    }

    @Test
    void stringEscapes() throws EqlException {
        assertThat(single("\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\'\"").value()).isEqualTo("a\"b\\c\n\t\r\b\f'");
        assertThat(single("\"C:\\\\Windows\"").value()).isEqualTo("C:\\Windows");
    }

    @Test
    void unicodeEscapes() throws EqlException {
        assertThat(single("\"\\u{41}\\u{200f}\\u{0000200F}\"").value()).isEqualTo("A\u200f\u200f");
        assertThat(single("\"\\u{1F600}\"").value()).isEqualTo(new String(Character.toChars(0x1F600)));
    }

    @Test
    void rawStrings() throws EqlException {
        assertThat(single("\"\"\"C:\\path\\n \"quoted\" \"\"\"").value()).isEqualTo("C:\\path\\n \"quoted\" ");
        assertThat(single("\"\"\"\"\"\"").value()).isEmpty();
        // A run of up to five closing quotes ends with its last three.
        assertThat(single("\"\"\"a\"\"\"\"").value()).isEqualTo("a\"");
        assertThat(single("\"\"\"\"\"\"\"\"").value()).isEqualTo("\"\"");
        assertThat(single("\"\"\"\"\"\\\"\"\"\"").value()).isEqualTo("\"\"\\\"");
    }

    @Test
    void emptyString() throws EqlException {
        assertThat(single("\"\"").value()).isEmpty();
    }

    @Test
    void comments() throws EqlException {
        assertThat(types("a // comment == 1\n== /* block\n */ 1")).containsExactly(IDENTIFIER, EQ, INTEGER, EOF);
        assertThat(types("/* outer /* nested */ still comment */ x")).containsExactly(IDENTIFIER, EOF);
        List<Token> tokens = tokens("/* one\ntwo */ x");
        assertThat(tokens.get(0).line()).isEqualTo(2);
        assertThat(tokens.get(0).column()).isEqualTo(8);
        assertThat(types("x // trailing")).containsExactly(IDENTIFIER, EOF);
        assertThat(types("a / b")).containsExactly(IDENTIFIER, SLASH, IDENTIFIER, EOF);
    }

    private static void assertError(String input, String message) {
        assertThatThrownBy(() -> Lexer.tokenize(input))
                .isInstanceOf(EqlException.class)
                .hasMessage(message);
    }

    @Test
    void singleQuotedStringsAreRejected() {
        assertError("process where name == 'hello'",
                "line 1:23: Use double quotes [\"] to define string literals, not single quotes [']");
        assertError("'x'", "line 1:1: Use double quotes [\"] to define string literals, not single quotes [']");
    }

    @Test
    void oldRawStringsAreRejected() {
        assertError("x == ?'a'", "line 1:6: Use triple double quotes [\"\"\"] to define unescaped string literals, not [?']");
        assertError("x == ?\"a\"", "line 1:6: Use triple double quotes [\"\"\"] to define unescaped string literals, not [?\"]");
    }

    @Test
    void exceptionExposesPositionAndReason() {
        assertThatThrownBy(() -> Lexer.tokenize("a ==\n  'x'"))
                .isInstanceOfSatisfying(EqlException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("Use double quotes [\"] to define string literals, not single quotes [']");
                    assertThat(e.getMessage()).isEqualTo("line 2:3: " + e.reason());
                });
    }

    @Test
    void unterminatedStrings() {
        assertError("a == \"abc", "line 1:6: Unterminated string literal: [\"] has no closing [\"]");
        assertError("a == \"abc\n\"", "line 1:6: Unterminated string literal: [\"] has no closing [\"]");
        assertError("a == \"abc\\\"", "line 1:6: Unterminated string literal: [\"] has no closing [\"]");
        assertError("x\n  \"\"\"abc\"\"",
                "line 2:3: Unterminated raw string literal: [\"\"\"] has no closing [\"\"\"] on the same line");
        assertError("\"\"\"a\nb\"\"\"",
                "line 1:1: Unterminated raw string literal: [\"\"\"] has no closing [\"\"\"] on the same line");
    }

    @Test
    void unterminatedCommentsAndQuotedNames() {
        assertError("a /* b", "line 1:3: Unterminated comment: [/*] has no closing [*/]");
        assertError("a /* /* b */", "line 1:3: Unterminated comment: [/*] has no closing [*/]");
        assertError("x == `abc", "line 1:6: Unterminated quoted field name: [`] has no closing [`]");
        assertError("``", "line 1:1: Empty quoted field name [``]");
    }

    @Test
    void badEscapes() {
        assertError("a == \"\\w\"",
                "line 1:7: Invalid escape sequence [\\w]; valid escapes are \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\u{XXXX}");
        assertError("\"\\u41\"", "line 1:2: Invalid unicode escape [\\u]; write it as \\u{XXXX} with 2 to 8 hex digits");
        assertError("\"\\u{4g}\"",
                "line 1:2: Invalid unicode escape [\\u{4]; write it as \\u{XXXX} with 2 to 8 hex digits");
        assertError("\"\\u{4}\"", "line 1:2: Unicode escape [\\u{4}] must have 2 to 8 hex digits, it has 1");
        assertError("\"\\u{123456789}\"", "line 1:2: Unicode escape [\\u{123456789}] must have 2 to 8 hex digits, it has 9");
        assertError("\"\\u{D800}\"", "line 1:2: Unicode escape [\\u{D800}] is a surrogate code, not a character");
        assertError("\"\\u{110000}\"", "line 1:2: Unicode escape [\\u{110000}] is beyond the last code point U+10FFFF");
    }

    @Test
    void unknownOperators() {
        assertError("a = 1", "line 1:3: Use [==] for equality or [:] for case-insensitive matching, not [=]");
        assertError("a === 1", "line 1:3: Unknown operator [===]; use [==] for equality or [:] for case-insensitive matching");
        assertError("a && b", "line 1:3: Use [and] to combine conditions, not [&&]");
        assertError("a & b", "line 1:3: Unexpected character [&]");
        assertError("a || b", "line 1:3: Use [or] to combine conditions, not [||]");
        assertError("!a", "line 1:1: Unknown operator [!]; use [not] to negate a condition or [!=] for inequality");
        assertError("a !== 1", "line 1:3: Unknown operator [!==]; use [!=] for inequality");
        assertError("a # b", "line 1:3: Unexpected character [#]");
        assertError("a ~ b", "line 1:3: Unexpected character [~]");
        assertError("a\u00a0== 1", "line 1:2: Unexpected character [\\u{00a0}]");
    }
}
