package io.threatstream.detect.rule.eql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.detect.rule.eql.ast.AstPrinter;
import io.threatstream.detect.rule.eql.ast.Comparison;
import io.threatstream.detect.rule.eql.ast.ComparisonOp;
import io.threatstream.detect.rule.eql.ast.EqlFunction;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.InList;
import io.threatstream.detect.rule.eql.ast.Not;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.PatternKind;
import io.threatstream.detect.rule.eql.ast.PatternMatch;
import io.threatstream.detect.rule.eql.ast.Position;
import io.threatstream.detect.rule.eql.ast.Query;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParserTest {

    /** The canonical, fully parenthesized form of the parsed query. */
    private static String parsed(String eql) throws EqlException {
        return AstPrinter.print(EqlParser.parse(eql));
    }

    private static String condition(String condition) throws EqlException {
        String printed = parsed("any where " + condition);
        assertThat(printed).startsWith("any where ");
        return printed.substring("any where ".length());
    }

    private static void assertError(String eql, String message) {
        assertThatThrownBy(() -> EqlParser.parse(eql)).isInstanceOf(EqlException.class).hasMessage(message);
    }

    // ---- structure and precedence ----

    @Test
    void categoryAndAny() throws EqlException {
        Query file = EqlParser.parse("file where true");
        assertThat(file.category()).isEqualTo("file");
        assertThat(file.anyCategory()).isFalse();
        Query any = EqlParser.parse("any where true");
        assertThat(any.category()).isNull();
        assertThat(any.anyCategory()).isTrue();
        assertThat(EqlParser.parse("\"my-category\" where true").category()).isEqualTo("my-category");
        assertThat(EqlParser.parse("\"\"\"my.category\"\"\" where true").category()).isEqualTo("my.category");
        assertThat(parsed("\"my-category\" where true")).isEqualTo("\"my-category\" where true");
    }

    @Test
    void orBindsLooserThanAndWhichBindsLooserThanNot() throws EqlException {
        assertThat(condition("a == 1 or b == 2 and not c == 3"))
                .isEqualTo("((a == 1) or ((b == 2) and (not (c == 3))))");
        assertThat(condition("not a == 1 and b == 2")).isEqualTo("((not (a == 1)) and (b == 2))");
        assertThat(condition("a == 1 and b == 2 or c == 3")).isEqualTo("(((a == 1) and (b == 2)) or (c == 3))");
        assertThat(condition("not not a == 1")).isEqualTo("(not (not (a == 1)))");
    }

    @Test
    void andAndOrAreLeftAssociative() throws EqlException {
        assertThat(condition("a == 1 and b == 2 and c == 3")).isEqualTo("(((a == 1) and (b == 2)) and (c == 3))");
        assertThat(condition("a == 1 or b == 2 or c == 3")).isEqualTo("(((a == 1) or (b == 2)) or (c == 3))");
    }

    @Test
    void parenthesesGroup() throws EqlException {
        assertThat(condition("(a == 1 or b == 2) and c == 3")).isEqualTo("(((a == 1) or (b == 2)) and (c == 3))");
        assertThat(condition("not (a == 1 or b == 2)")).isEqualTo("(not ((a == 1) or (b == 2)))");
        assertThat(condition("((a == 1))")).isEqualTo("(a == 1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a == \"x\"|(a == \"x\")",
        "a != \"x\"|(a != \"x\")",
        "a < 5|(a < 5)",
        "a <= 5|(a <= 5)",
        "a > 5|(a > 5)",
        "a >= 5|(a >= 5)",
        "a > -5|(a > -5)",
        "a > +5|(a > 5)",
        "a < 2.5|(a < 2.5)",
        "a == .5|(a == 0.5)",
        "a == 1e3|(a == 1000.0)",
        "5 < a|(5 < a)",
        "a == true|(a == true)",
        "a == false|(a == false)",
        "a == null|(a == null)",
        "a != null|(a != null)",
        "?a == null|(?a == null)",
        "a in (\"x\", \"y\")|(a in (\"x\", \"y\"))",
        "a in (1, \"y\", null)|(a in (1, \"y\", null))",
        "a not in (\"x\")|(not (a in (\"x\")))",
        "a in~ (\"x\")|(a in~ (\"x\"))",
        "a not in~ (\"x\", \"y\")|(not (a in~ (\"x\", \"y\")))",
        "a : \"x*\"|(a : (\"x*\"))",
        "a : (\"x*\", \"?y\")|(a : (\"x*\", \"?y\"))",
        "a : 1|(a : (1))",
        "a like \"x*\"|(a like (\"x*\"))",
        "a like~ (\"x*\", \"y\")|(a like~ (\"x*\", \"y\"))",
        "a regex \"x.*\"|(a regex (\"x.*\"))",
        "a regex~ (\"x.*\", \"[a-z]+\")|(a regex~ (\"x.*\", \"[a-z]+\"))",
        "not a : \"x\"|(not (a : (\"x\")))",
        "true|true",
        "false|false",
        "startsWith(a, \"x\")|startsWith(a, \"x\")",
        "startsWith~(a, \"x\")|startsWith~(a, \"x\")",
        "STARTSWITH(a, \"x\")|startsWith(a, \"x\")",
        "endsWith~(a, \"x\")|endsWith~(a, \"x\")",
        "stringContains~(a, \"x\")|stringContains~(a, \"x\")",
        "cidrMatch(source.ip, \"10.0.0.0/8\", \"::1\")|cidrMatch(source.ip, \"10.0.0.0/8\", \"::1\")",
        "length(file.name) > 5|(length(file.name) > 5)",
        "substring(file.name, 0, 1) == \".\"|(substring(file.name, 0, 1) == \".\")",
        "substring(file.name, -4) : \".EXE\"|(substring(file.name, -4) : (\".EXE\"))",
        "concat(a, \"-\", 1, true) == \"x\"|(concat(a, \"-\", 1, true) == \"x\")",
        "indexOf~(a, \"x\", 2) == 3|(indexOf~(a, \"x\", 2) == 3)",
        "between(a, \"x\", \"y\", true) == \"z\"|(between(a, \"x\", \"y\", true) == \"z\")",
        "number(a, 16) > 10|(number(a, 16) > 10)",
        "string(a) in (\"1\")|(string(a) in (\"1\"))",
        "add(a, 1) == 2|(add(a, 1) == 2)",
        "length(substring(a, 1)) == 2|(length(substring(a, 1)) == 2)",
        "startsWith(\"regsvr32.exe\", process.name)|startsWith(\"regsvr32.exe\", process.name)",
        "`my field` == 1|(`my field` == 1)",
        "a.`b c`.d == 1|(a.`b c`.d == 1)",
    })
    void constructs(String condition, String printed) throws EqlException {
        assertThat(condition(condition)).isEqualTo(printed);
        // The printed form parses back to itself.
        assertThat(condition(printed)).isEqualTo(printed);
    }

    @Test
    void nodesCarryPositions() throws EqlException {
        Query query = EqlParser.parse("file where\n  process.name not in~ (\"ssh\")");
        assertThat(query.position()).isEqualTo(new Position(1, 1));
        Not not = (Not) query.condition();
        assertThat(not.position()).isEqualTo(new Position(2, 16));
        InList in = (InList) not.operand();
        assertThat(in.caseInsensitive()).isTrue();
        assertThat(in.position()).isEqualTo(new Position(2, 20));
        assertThat(in.value()).isEqualTo(new Field(new Position(2, 3), "process.name", false));
        assertThat(in.values()).containsExactly(new StringLiteral(new Position(2, 25), "ssh"));
    }

    @Test
    void comparisonNodes() throws EqlException {
        Comparison c = (Comparison) EqlParser.parse("any where ?a.b >= -3").condition();
        assertThat(c.op()).isEqualTo(ComparisonOp.GTE);
        assertThat(c.left()).isEqualTo(new Field(new Position(1, 11), "a.b", true));
        assertThat(c.right()).isEqualTo(new NumberLiteral(new Position(1, 19), -3L));
    }

    @Test
    void patternAndFunctionNodes() throws EqlException {
        PatternMatch m = (PatternMatch) EqlParser.parse("any where a : \"x\"").condition();
        assertThat(m.kind()).isEqualTo(PatternKind.COLON);
        assertThat(m.kind().caseInsensitive()).isTrue();
        FunctionCall call = (FunctionCall) EqlParser.parse("any where stringContains~(a, \"x\")").condition();
        assertThat(call.function()).isEqualTo(EqlFunction.STRING_CONTAINS);
        assertThat(call.caseInsensitive()).isTrue();
        assertThat(call.arguments()).hasSize(2);
    }

    @Test
    void numberLiterals() throws EqlException {
        Comparison big = (Comparison) EqlParser.parse("any where a == 99999999999999999999").condition();
        assertThat(((NumberLiteral) big.right()).value()).isEqualTo(1.0E20);
        Comparison min = (Comparison) EqlParser.parse("any where a == -9223372036854775808").condition();
        assertThat(((NumberLiteral) min.right()).value()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void commentsAndLayout() throws EqlException {
        assertThat(parsed("file where // the category\n  a == 1 /* and */ and\n  b == 2"))
                .isEqualTo("file where ((a == 1) and (b == 2))");
    }

    // ---- rejections ----

    @Test
    void sequencesSamplesAndJoinsAreRejected() {
        assertError("sequence [file where true] [process where true]",
                "line 1:1: sequence queries are not supported; only single-event queries are");
        assertError("\n  sequence by host.id with maxspan=5m\n  [file where true] [process where true]",
                "line 2:3: sequence queries are not supported; only single-event queries are");
        assertError("join [file where true] [process where true]",
                "line 1:1: join queries are not supported; only single-event queries are");
        assertError("sample by host.id [file where true] [process where true]",
                "line 1:1: sample queries are not supported; only single-event queries are");
    }

    @ParameterizedTest
    @ValueSource(strings = {"head 5", "tail 3", "unique process.name", "filter a == 1", "count", "sort a"})
    void pipesAreRejected(String pipe) {
        String name = pipe.split(" ")[0];
        assertError("process where true | " + pipe,
                "line 1:20: Pipe [| " + name + "] is not supported; only single-event queries are");
    }

    @Test
    void pipesOnLaterLinesAreRejected() {
        assertError("process where\n  a == 1\n| head 5", "line 3:1: Pipe [| head] is not supported; only single-event queries are");
        assertError("process where a == 1 |", "line 1:22: Pipe [|] is not supported; only single-event queries are");
    }

    @Test
    void leftoverInput() {
        assertError("process where a == 1 b", "line 1:22: Unexpected [b] after the end of the query");
        assertError("process where a == 1\n  )", "line 2:3: Unexpected [)] after the end of the query");
        assertError("process where a == 1 \"x\"", "line 1:22: Unexpected [\"x\"] after the end of the query");
        assertError("process where true true", "line 1:20: Unexpected [true] after the end of the query");
    }

    @Test
    void eventFilterErrors() {
        assertError("process a == 1", "line 1:9: Expected [where] after the event category, found [a]");
        assertError("where a == 1", "line 1:1: Expected an event category or [any], found [where]");
        assertError("", "line 1:1: Expected an event category or [any], found <end of input>");
        assertError("process.x where true",
                "line 1:1: Event category [process.x] must be written as a string, e.g. [\"process.x\"]");
        assertError("any where", "line 1:10: Expected a condition, found <end of input>");
        assertError("any where )", "line 1:11: Expected a condition, found [)]");
    }

    @Test
    void functionErrors() {
        assertError("any where foo(a)", "line 1:11: Unknown function [foo]");
        assertError("any where foo~(a)", "line 1:11: Unknown function [foo]");
        assertError("any where length~(a) > 1", "line 1:11: Function [length] has no case-insensitive form [length~]");
        assertError("any where cidrMatch~(a, \"::1\")",
                "line 1:11: Function [cidrMatch] has no case-insensitive form [cidrMatch~]");
        assertError("any where startsWith(a)", "line 1:11: Function [startsWith] expects 2 arguments, found 1");
        assertError("any where length(a, b) > 1", "line 1:11: Function [length] expects 1 argument, found 2");
        assertError("any where length() > 1", "line 1:11: Function [length] expects 1 argument, found 0");
        assertError("any where substring(a) == \"\"", "line 1:11: Function [substring] expects 2 or 3 arguments, found 1");
        assertError("any where between(a) == \"\"", "line 1:11: Function [between] expects 3 or 4 arguments, found 1");
        assertError("any where cidrMatch(a)", "line 1:11: Function [cidrMatch] expects at least 2 arguments, found 1");
        assertError("any where concat() == \"\"", "line 1:11: Function [concat] expects at least 1 argument, found 0");
    }

    @Test
    void functionArgumentTypeErrors() {
        assertError("any where startsWith(a, 5)", "line 1:25: Argument 2 of [startsWith] must be a string, found [5]");
        assertError("any where\n  substring(a, \"1\") == \"\"",
                "line 2:16: Argument 2 of [substring] must be an integer, found [\"1\"]");
        assertError("any where substring(a, 1.5) == \"\"",
                "line 1:24: Argument 2 of [substring] must be an integer, found [1.5]");
        assertError("any where cidrMatch(a, b)", "line 1:24: Argument 2 of [cidrMatch] must be a literal, found [b]");
        assertError("any where number(a, b) == 1", "line 1:21: Argument 2 of [number] must be a literal, found [b]");
        assertError("any where between(a, \"x\", \"y\", \"no\") == \"\"",
                "line 1:32: Argument 4 of [between] must be a boolean, found [\"no\"]");
        assertError("any where add(a, \"x\") == 1", "line 1:18: Argument 2 of [add] must be a number, found [\"x\"]");
        assertError("any where length(startsWith(a, \"b\")) > 1",
                "line 1:18: Argument 1 of [length] must be a string, found [startsWith(...)], which returns a boolean");
        assertError("any where length(length(a)) > 1",
                "line 1:18: Argument 1 of [length] must be a string, found [length(...)], which returns a number");
    }

    @Test
    void operandsThatAreNotConditions() {
        assertError("any where a", "line 1:11: Field [a] is not a condition; compare it with an operator such as [==] or [:]");
        assertError("any where a and b == 1",
                "line 1:11: Field [a] is not a condition; compare it with an operator such as [==] or [:]");
        assertError("any where length(a)", "line 1:11: Function [length] returns a number, not a condition; compare its result");
        assertError("any where \"x\"", "line 1:11: [\"x\"] is not a condition");
        assertError("any where 5", "line 1:11: [5] is not a condition");
        assertError("any where null", "line 1:11: [null] is not a condition");
    }

    @Test
    void comparisonErrors() {
        assertError("any where startsWith(a, \"x\") == true",
                "line 1:11: Function [startsWith] is a condition and cannot be tested with [==]");
        assertError("any where startsWith(a, \"x\") : \"y\"",
                "line 1:11: Function [startsWith] is a condition and cannot be tested with [:]");
        assertError("any where a == b", "line 1:13: Comparing [a] with [b] is not supported; one side of [==] must be a literal");
        assertError("any where length(a) < length(b)",
                "line 1:21: Comparing [length(a)] with [length(b)] is not supported; one side of [<] must be a literal");
        assertError("any where a ==", "line 1:15: Expected a value after [==], found <end of input>");
        assertError("any where (a == 1) == true",
                "line 1:20: [==] cannot test a parenthesized condition; put a field or function on its left");
        assertError("any where (a == 1", "line 1:18: Expected [)] to close the [(] at line 1:11, found <end of input>");
        assertError("any where a == 1)", "line 1:17: Unexpected [)] after the end of the query");
    }

    @Test
    void listAndPatternErrors() {
        assertError("any where a in (b)", "line 1:17: [in] accepts only literals, found [b]");
        assertError("any where a in \"x\"", "line 1:16: Expected [(] after [in], found [\"x\"]");
        assertError("any where a in ()", "line 1:17: Expected a literal after [in], found [)]");
        assertError("any where a in (\"x\" \"y\")", "line 1:21: Expected [,] or [)] in the [in] list, found [\"y\"]");
        assertError("any where a not like \"x\"", "line 1:17: Expected [in] or [in~] after [not], found [like]");
        assertError("any where a : null", "line 1:15: [:] needs a pattern, found [null]");
        assertError("any where a like (\"x\", null)", "line 1:24: [like] needs a pattern, found [null]");
        assertError("any where a : b", "line 1:15: [:] accepts only literals, found [b]");
        assertError("any where a regex~ length(b)", "line 1:20: [regex~] accepts only literals, found [length(b)]");
        assertError("any where a : (\"x\",)", "line 1:20: Expected a literal after [:], found [)]");
    }

    @Test
    void unsupportedExpressions() {
        assertError("any where a + 1 == 2",
                "line 1:13: Arithmetic operator [+] is not supported; use the functions add, subtract, multiply, divide and modulo");
        assertError("any where a == 1 * 2",
                "line 1:18: Arithmetic operator [*] is not supported; use the functions add, subtract, multiply, divide and modulo");
        assertError("any where a == -b", "line 1:16: Unary [-] is only supported before a number, found [b]");
        assertError("any where a[0] == 1",
                "line 1:12: Array indexes such as [a[0]] are not supported; multi-valued fields match when any value does");
        assertError("any where a.b(1)", "line 1:11: [a.b] is not a function name");
        assertError("any where ?length(a) > 1",
                "line 1:12: [?] marks an optional field and cannot precede the function call [length]");
        assertError("any where ? \"x\" == 1", "line 1:13: Expected a field name after [?], found [\"x\"]");
        assertError("any where a == 1e999", "line 1:16: Number [1e999] is out of range");
    }

    @Test
    void lexerErrorsSurfaceInReadingOrder() {
        assertError("process where a = 1", "line 1:17: Use [==] for equality or [:] for case-insensitive matching, not [=]");
        assertError("process where\n    name == 'hello'",
                "line 2:13: Use double quotes [\"] to define string literals, not single quotes [']");
        // The sequence is reported before the '=' of maxspan further on.
        assertError("sequence with maxspan=5m [a where true]",
                "line 1:1: sequence queries are not supported; only single-event queries are");
    }
}
