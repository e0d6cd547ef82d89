package io.threatstream.detect.rule.eql;

import static io.threatstream.detect.rule.eql.EqlTesting.event;
import static io.threatstream.detect.rule.eql.EqlTesting.holds;
import static io.threatstream.detect.rule.eql.EqlTesting.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.event.MapEventFields;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Evaluation of each operator and of each semantic rule of shared/docs/semantics.md. */
class EvaluationTest {

    private static final String KELVIN = "\u212A";
    private static final String DOTLESS_I = "\u0131";
    private static final String LONG_S = "\u017F";

    @Nested
    class Category {
        @Test
        void categoryIsCaseSensitiveEqualityOnEventCategory() throws EqlException {
            assertThat(matches("file where true", event("event.category", "file"))).isTrue();
            assertThat(matches("file where true", event("event.category", "File"))).isFalse();
            assertThat(matches("file where true", event("event.category", "process"))).isFalse();
            assertThat(matches("file where true", event())).isFalse();
            assertThat(matches("\"my-cat\" where true", event("event.category", "my-cat"))).isTrue();
        }

        @Test
        void categoryMatchesAnyValueOfTheArray() throws EqlException {
            assertThat(matches("file where true", event("event.category", List.of("process", "file")))).isTrue();
        }

        @Test
        void categoryIsAndedWithTheCondition() throws EqlException {
            String q = "file where a == \"x\"";
            assertThat(matches(q, event("event.category", "file", "a", "x"))).isTrue();
            assertThat(matches(q, event("event.category", "file", "a", "y"))).isFalse();
            assertThat(matches(q, event("event.category", "process", "a", "x"))).isFalse();
            // not Q does not negate the category test
            assertThat(matches("file where not a == \"x\"", event("event.category", "process", "a", "y"))).isFalse();
        }

        @Test
        void anyHasNoCategoryTest() throws EqlException {
            assertThat(matches("any where true", event())).isTrue();
            assertThat(matches("any where a == \"x\"", event("event.category", "whatever", "a", "x"))).isTrue();
        }

        @Test
        void fieldsReadIncludeTheCategory() throws EqlException {
            FieldTable table = new FieldTable();
            table.slotOf("already.there");
            CompiledQuery q = QueryCompiler.compile("file where b == 1 and a : \"x\" and not b == 2", table);
            assertThat(q.fields()).containsExactly("event.category", "b", "a");
            assertThat(table.paths()).containsExactly("already.there", "event.category", "b", "a");
            assertThat(QueryCompiler.compile("any where a == 1", new FieldTable()).fields()).containsExactly("a");
        }
    }

    @Nested
    class Equality {
        @Test
        void caseSensitiveExactWithoutWildcards() throws EqlException {
            assertThat(holds("a == \"abc\"", "a", "abc")).isTrue();
            assertThat(holds("a == \"abc\"", "a", "ABC")).isFalse();
            assertThat(holds("a == \"abc\"", "a", "abcd")).isFalse();
            assertThat(holds("a == \"x*\"", "a", "xyz")).isFalse();
            assertThat(holds("a == \"x*\"", "a", "x*")).isTrue();
            assertThat(holds("a == \"\"", "a", "")).isTrue();
        }

        @Test
        void anyValueOfAMultiValuedField() throws EqlException {
            assertThat(holds("event.type == \"change\"", "event.type", List.of("creation", "change"))).isTrue();
            assertThat(holds("event.type == \"deletion\"", "event.type", List.of("creation", "change"))).isFalse();
        }

        @Test
        void notEqualIsNotOfEqual() throws EqlException {
            assertThat(holds("a != \"x\"", "a", "y")).isTrue();
            assertThat(holds("a != \"x\"", "a", "x")).isFalse();
            // some value equals "x", so "not (a == x)" is false even though "y" differs
            assertThat(holds("a != \"x\"", "a", List.of("x", "y"))).isFalse();
            assertThat(holds("a != \"x\"", "a", List.of("y", "z"))).isTrue();
            assertThat(holds("a != \"x\"")).isTrue();
        }

        @Test
        void numberLiteralMatchesTextOrNumericallyEqualJsonNumber() throws EqlException {
            assertThat(holds("a == 1", "a", "1")).isTrue();
            assertThat(holds("a == 1", "a", 1)).isTrue();
            assertThat(holds("a == 1", "a", new BigDecimal("1.0"))).isTrue();
            assertThat(holds("a == 1", "a", new BigDecimal("1e0"))).isTrue();
            assertThat(holds("a == 1", "a", 2)).isFalse();
            // a numeric string is keyword text: "1.0" is not the text "1"
            assertThat(holds("a == 1", "a", "1.0")).isFalse();
            assertThat(holds("a == 1.5", "a", new BigDecimal("1.50"))).isTrue();
            assertThat(holds("a == 1.5", "a", "1.5")).isTrue();
            assertThat(holds("a == -3", "a", -3)).isTrue();
            assertThat(holds("a != 1", "a", 1)).isFalse();
        }

        @Test
        void stringLiteralMatchesNumberAndBooleanJsonText() throws EqlException {
            assertThat(holds("a == \"1\"", "a", 1)).isTrue();
            assertThat(holds("a == \"1\"", "a", new BigDecimal("1.0"))).isFalse();
            assertThat(holds("a == \"true\"", "a", true)).isTrue();
            assertThat(holds("a == true", "a", true)).isTrue();
            assertThat(holds("a == true", "a", "true")).isTrue();
            assertThat(holds("a == false", "a", true)).isFalse();
            assertThat(holds("a == true", "a", "TRUE")).isFalse();
        }

        @Test
        void literalOnTheLeft() throws EqlException {
            assertThat(holds("\"x\" == a", "a", "x")).isTrue();
            assertThat(holds("\"x\" != a", "a", "x")).isFalse();
        }

        @Test
        void constantComparisons() throws EqlException {
            assertThat(holds("1 == 1")).isTrue();
            assertThat(holds("\"a\" == \"b\"")).isFalse();
            assertThat(holds("\"abc\" : \"A*\"")).isTrue();
        }
    }

    @Nested
    class MissingAndNull {
        @Test
        void everyPositiveTestOnAMissingFieldIsFalse() throws EqlException {
            for (String test : List.of("a == \"x\"", "a in (\"x\")", "a in~ (\"x\")", "a : \"*\"", "a like \"*\"",
                    "a like~ \"*\"", "a regex \".*\"", "a regex~ \".*\"", "a < 5", "a >= \"\"",
                    "startsWith(a, \"\")", "length(a) >= 0", "cidrMatch(a, \"0.0.0.0/0\")")) {
                assertThat(holds(test)).as(test).isFalse();
                assertThat(holds("not " + test)).as("not " + test).isTrue();
                assertThat(holds(test, "a", null)).as(test + " on null").isFalse();
                assertThat(holds(test, "a", List.of())).as(test + " on []").isFalse();
                assertThat(holds(test, "a", Arrays.asList(null, null))).as(test + " on [null, null]").isFalse();
            }
        }

        @Test
        void equalsNullTestsAbsence() throws EqlException {
            assertThat(holds("a == null")).isTrue();
            assertThat(holds("a == null", "a", null)).isTrue();
            assertThat(holds("a == null", "a", Arrays.asList(null, null))).isTrue();
            assertThat(holds("a == null", "a", "")).isFalse();
            assertThat(holds("a == null", "a", Arrays.asList(null, "x"))).isFalse();
            assertThat(holds("null == a", "a", "x")).isFalse();
        }

        @Test
        void notEqualsNullTestsPresence() throws EqlException {
            assertThat(holds("a != null")).isFalse();
            assertThat(holds("a != null", "a", "x")).isTrue();
            assertThat(holds("a != null", "a", 0)).isTrue();
            assertThat(holds("a != null", "a", false)).isTrue();
            assertThat(holds("not a == null", "a", "x")).isTrue();
        }

        @Test
        void nullInAnInList() throws EqlException {
            assertThat(holds("a in (\"x\", null)")).isTrue();
            assertThat(holds("a in (\"x\", null)", "a", "x")).isTrue();
            assertThat(holds("a in (\"x\", null)", "a", "y")).isFalse();
            assertThat(holds("a not in (\"x\", null)", "a", "y")).isTrue();
            assertThat(holds("a in (null)", "a", "y")).isFalse();
        }

        @Test
        void orderingWithNullIsAnError() {
            assertThatThrownBy(() -> holds("a < null"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:15: [<] cannot compare with [null]");
        }

        @Test
        void optionalFieldBehavesLikeTheField() throws EqlException {
            assertThat(holds("?a == \"x\"", "a", "x")).isTrue();
            assertThat(holds("?a == \"x\"", "a", "y")).isFalse();
            assertThat(holds("?a == null")).isTrue();
            assertThat(holds("?a != null", "a", "x")).isTrue();
        }
    }

    @Nested
    class InLists {
        @Test
        void caseSensitiveMembership() throws EqlException {
            assertThat(holds("process.name in (\"ssh\", \"sshd\")", "process.name", "sshd")).isTrue();
            assertThat(holds("process.name in (\"ssh\", \"sshd\")", "process.name", "SSHD")).isFalse();
            assertThat(holds("process.name in (\"ssh\", \"sshd\")", "process.name", "ssh*")).isFalse();
            assertThat(holds("a in (\"x*\")", "a", "xyz")).isFalse();
        }

        @Test
        void notInNegatesAnyValueMatching() throws EqlException {
            assertThat(holds("a not in (\"x\")", "a", "y")).isTrue();
            assertThat(holds("a not in (\"x\")", "a", List.of("y", "x"))).isFalse();
            assertThat(holds("a not in (\"x\")")).isTrue();
        }

        @Test
        void mixedLiteralTypes() throws EqlException {
            String q = "a in (1, \"two\", true)";
            assertThat(holds(q, "a", 1)).isTrue();
            assertThat(holds(q, "a", "1")).isTrue();
            assertThat(holds(q, "a", new BigDecimal("1.00"))).isTrue();
            assertThat(holds(q, "a", "two")).isTrue();
            assertThat(holds(q, "a", true)).isTrue();
            assertThat(holds(q, "a", "Two")).isFalse();
            assertThat(holds(q, "a", 2)).isFalse();
        }

        @Test
        void longListsUseAHashLookupWithTheSameResults() throws EqlException {
            String q = "a in (\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\")";
            assertThat(holds(q, "a", "7")).isTrue();
            assertThat(holds(q, "a", "77")).isFalse();
            assertThat(holds(q, "a", List.of("x", "9"))).isTrue();
            // a region of a value (from substring) takes the linear path
            String region = "substring(a, 1) in (\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\")";
            assertThat(holds(region, "a", "x7")).isTrue();
            assertThat(holds(region, "a", "x77")).isFalse();
        }

        @Test
        void caseInsensitiveInFoldsAsciiOnly() throws EqlException {
            assertThat(holds("a in~ (\"SSHD\", \"x\")", "a", "sshd")).isTrue();
            assertThat(holds("a in~ (\"sshd\")", "a", "SsHd")).isTrue();
            assertThat(holds("a in~ (\"ss*\")", "a", "sshd")).isFalse();
            assertThat(holds("a in~ (\"k\")", "a", KELVIN)).isFalse();
            assertThat(holds("a in~ (\"i\")", "a", DOTLESS_I)).isFalse();
            assertThat(holds("a in~ (\"s\")", "a", LONG_S)).isFalse();
            assertThat(holds("a not in~ (\"SSHD\")", "a", "sshd")).isFalse();
            assertThat(holds("a not in~ (\"SSHD\")", "a", "ssh")).isTrue();
            assertThat(holds("a in~ (1)", "a", 1)).isTrue();
        }
    }

    @Nested
    class Wildcards {
        @Test
        void colonIsCaseInsensitiveWildcardOrOverTheList() throws EqlException {
            String q = "process.executable : (\"/usr/sbin/sshd\", \"/usr/bin/ssh\")";
            assertThat(holds(q, "process.executable", "/usr/sbin/sshd")).isTrue();
            assertThat(holds(q, "process.executable", "/USR/SBIN/SSHD")).isTrue();
            assertThat(holds(q, "process.executable", "/usr/bin/ssh")).isTrue();
            assertThat(holds(q, "process.executable", "/usr/bin/sshd")).isFalse();
            assertThat(holds("file.name : (\".*\", \"~*\", \"*~\")", "file.name", ".bashrc")).isTrue();
            assertThat(holds("file.name : (\".*\", \"~*\", \"*~\")", "file.name", "notes~")).isTrue();
            assertThat(holds("file.name : (\".*\", \"~*\", \"*~\")", "file.name", "notes")).isFalse();
            assertThat(holds("a : \"doc?\"", "a", "DOCS")).isTrue();
            assertThat(holds("a : \"doc?\"", "a", "doc")).isFalse();
        }

        @Test
        void colonIsTheSameAsLikeTilde() throws EqlException {
            for (String value : List.of("/USR/bin/x", "/usr/bin/", "/usr/sbin", "x/usr/bin/y", KELVIN)) {
                assertThat(holds("a : \"/usr/bin/*\"", "a", value))
                        .isEqualTo(holds("a like~ \"/usr/bin/*\"", "a", value));
            }
        }

        @Test
        void likeIsCaseSensitive() throws EqlException {
            assertThat(holds("a like \"DOC*\"", "a", "DOCUMENT")).isTrue();
            assertThat(holds("a like \"DOC*\"", "a", "document")).isFalse();
            assertThat(holds("a like (\"x\", \"D?C\")", "a", "DOC")).isTrue();
            assertThat(holds("a like~ \"DOC*\"", "a", "document")).isTrue();
        }

        @Test
        void backslashIsLiteral() throws EqlException {
            assertThat(holds("a : \"C:\\\\Windows\\\\*\"", "a", "c:\\windows\\system32")).isTrue();
            assertThat(holds("a like \"a\\\\*\"", "a", "a*")).isFalse();
            assertThat(holds("a like \"a\\\\*\"", "a", "a\\b")).isTrue();
        }

        @Test
        void caseFoldingIsAsciiOnly() throws EqlException {
            assertThat(holds("a : \"/USR/SBIN/SSHD\"", "a", "/usr/sbin/sshd")).isTrue();
            assertThat(holds("a : \"k\"", "a", KELVIN)).isFalse();
            assertThat(holds("a : \"" + KELVIN + "\"", "a", "k")).isFalse();
            assertThat(holds("a : \"*i*\"", "a", DOTLESS_I)).isFalse();
            assertThat(holds("a : \"sshd\"", "a", LONG_S + "shd")).isFalse();
        }

        @Test
        void notOverAMultiValuedField() throws EqlException {
            String q = "not file.name : (\".cache\", \".viminfo\")";
            assertThat(holds(q, "file.name", List.of(".bashrc", ".cache"))).isFalse();
            assertThat(holds(q, "file.name", List.of(".bashrc", ".profile"))).isTrue();
        }

        @Test
        void numbersAndBooleansMatchAsJsonText() throws EqlException {
            assertThat(holds("file.extension : 1", "file.extension", "1")).isTrue();
            assertThat(holds("file.extension : 1", "file.extension", 1)).isTrue();
            assertThat(holds("file.extension : (\"1\")", "file.extension", 1)).isTrue();
            assertThat(holds("a : \"1*\"", "a", 12)).isTrue();
            assertThat(holds("a : \"TRUE\"", "a", true)).isTrue();
            assertThat(holds("a : 1.5", "a", "1.5")).isTrue();
        }
    }

    @Nested
    class Regexes {
        @Test
        void wholeValueMatch() throws EqlException {
            assertThat(holds("a regex \"x.*\"", "a", "xyz")).isTrue();
            assertThat(holds("a regex \"x.*\"", "a", "axyz")).isFalse();
            assertThat(holds("a regex \"y\"", "a", "xyz")).isFalse();
            assertThat(holds("a regex (\"cat\", \"do.\")", "a", "dog")).isTrue();
        }

        @Test
        void caseSensitivity() throws EqlException {
            assertThat(holds("a regex \"SSH.*\"", "a", "sshd")).isFalse();
            assertThat(holds("a regex~ \"SSH.*\"", "a", "sshd")).isTrue();
            assertThat(holds("a regex~ \"[a-z]+\"", "a", "ABC")).isTrue();
            assertThat(holds("a regex~ \"k\"", "a", KELVIN)).isFalse();
            assertThat(holds("a regex~ \"i\"", "a", DOTLESS_I)).isFalse();
            assertThat(holds("a regex~ \"s\"", "a", LONG_S)).isFalse();
        }

        @Test
        void luceneSyntax() throws EqlException {
            assertThat(holds("a regex \"[a-c]+\"", "a", "abcab")).isTrue();
            assertThat(holds("a regex \"[^0-9]+\"", "a", "abc")).isTrue();
            assertThat(holds("a regex \"[^0-9]+\"", "a", "ab1")).isFalse();
            assertThat(holds("a regex \"\\\\d{3}\"", "a", "123")).isTrue();
            assertThat(holds("a regex \"a{2,3}\"", "a", "aaaa")).isFalse();
            assertThat(holds("a regex \"(ab)+\"", "a", "ababab")).isTrue();
            assertThat(holds("a regex \"cat|dog\"", "a", "dog")).isTrue();
            // ^ and $ are ordinary characters in Lucene
            assertThat(holds("a regex \"^abc\"", "a", "abc")).isFalse();
            assertThat(holds("a regex \"^abc$\"", "a", "^abc$")).isTrue();
            // . matches newlines too
            assertThat(holds("a regex \"a.b\"", "a", "a\nb")).isTrue();
            // @ is any string, # the empty language, "..." a literal string
            assertThat(holds("a regex \"ab@\"", "a", "abxyz")).isTrue();
            assertThat(holds("a regex \"#\"", "a", "")).isFalse();
            assertThat(holds("a regex \"\\\"a.b\\\"\"", "a", "a.b")).isTrue();
            assertThat(holds("a regex \"\\\"a.b\\\"\"", "a", "axb")).isFalse();
            // a backslash escapes any character
            assertThat(holds("a regex \"a\\\\.b\"", "a", "a.b")).isTrue();
            assertThat(holds("a regex \"a\\\\.b\"", "a", "axb")).isFalse();
            assertThat(holds("a regex \"\"\"C:\\\\Windows\\\\.*\"\"\"", "a", "C:\\Windows\\x")).isTrue();
        }

        @Test
        void unsupportedOrInvalidPatternsAreRejectedAtTheirPosition() {
            assertRegexError("a&b", "line 1:29: invalid regular expression [a&b]: intersection [&] is not supported");
            assertRegexError("~a", "line 1:29: invalid regular expression [~a]: complement [~] is not supported");
            assertRegexError("<1-5>",
                    "line 1:29: invalid regular expression [<1-5>]: numeric intervals and named automata [<...>] are not supported");
            assertRegexError("a*+",
                    "line 1:29: invalid regular expression [a*+]: repetition operator [+] directly after another one is not supported");
            assertRegexError("*a", "line 1:29: invalid regular expression [*a]: repetition operator [*] has nothing to repeat");
            assertRegexError("[abc", "line 1:29: invalid regular expression [[abc]: unterminated character class [[abc]");
            assertRegexError("a{2", "line 1:29: invalid regular expression [a{2]: unterminated repetition [{2]");
            assertRegexError("a{x}", "line 1:29: invalid regular expression [a{x}]: invalid repetition [{x}]");
            assertThatThrownBy(() -> holds("x == 1 or a regex \"(abc\""))
                    .isInstanceOf(EqlException.class)
                    .hasMessageStartingWith("line 1:29: invalid regular expression [(abc]: ");
        }

        private void assertRegexError(String pattern, String message) {
            String literal = "\"" + pattern.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            assertThatThrownBy(() -> holds("x == 1 or a regex " + literal))
                    .isInstanceOf(EqlException.class)
                    .hasMessage(message);
        }
    }

    @Nested
    class Ordering {
        @Test
        void numbersAndNumericStringsCompareNumerically() throws EqlException {
            assertThat(holds("a > 5", "a", 10)).isTrue();
            assertThat(holds("a > 5", "a", "10")).isTrue();
            assertThat(holds("a > 5", "a", "5")).isFalse();
            assertThat(holds("a >= 5", "a", "5")).isTrue();
            assertThat(holds("a < 5", "a", new BigDecimal("4.99"))).isTrue();
            assertThat(holds("a <= -1", "a", -1)).isTrue();
            assertThat(holds("a < 1e3", "a", "999.5")).isTrue();
            assertThat(holds("a > 1.5", "a", "2e0")).isTrue();
            // numerically, not as text: "99" sorts after "100" as text
            assertThat(holds("a > 100", "a", "99")).isFalse();
        }

        @Test
        void negativeZeroIsZero() throws EqlException {
            // Found by DifferentialTest: "-0.0" was below 0 (Double.compare order) while also == 0.
            assertThat(holds("a < 0", "a", "-0.0")).isFalse();
            assertThat(holds("0 > a", "a", "-0.0")).isFalse();
            assertThat(holds("a >= 0", "a", "-0e0")).isTrue();
            assertThat(holds("a == 0", "a", "-0.0")).isFalse(); // a string: keyword equality only
            assertThat(holds("a <= -0.0", "a", 0)).isTrue();
            assertThat(holds("multiply(a, -1) < 0", "a", new BigDecimal("0.0"))).isFalse();
        }

        @Test
        void nonNumericValuesDoNotSatisfyNumericComparisons() throws EqlException {
            for (Object value : List.of("abc", "", "1O", " 1", "0x10", "NaN", "Infinity", true)) {
                assertThat(holds("a > 0", "a", value)).as(String.valueOf(value)).isFalse();
                assertThat(holds("a < 0", "a", value)).as(String.valueOf(value)).isFalse();
                assertThat(holds("not a > 0", "a", value)).as(String.valueOf(value)).isTrue();
            }
        }

        @Test
        void anyValueOfAMultiValuedField() throws EqlException {
            assertThat(holds("a > 5", "a", List.of(1, "x", 7))).isTrue();
            assertThat(holds("a > 5", "a", List.of(1, 2))).isFalse();
        }

        @Test
        void literalOnTheLeftIsMirrored() throws EqlException {
            assertThat(holds("5 < a", "a", 6)).isTrue();
            assertThat(holds("5 < a", "a", 5)).isFalse();
            assertThat(holds("5 >= a", "a", 5)).isTrue();
        }

        @Test
        void stringsCompareByCodePoint() throws EqlException {
            assertThat(holds("a > \"m\"", "a", "n")).isTrue();
            assertThat(holds("a > \"m\"", "a", "b")).isFalse();
            assertThat(holds("a > \"m\"", "a", "M")).isFalse();
            assertThat(holds("a >= \"abc\"", "a", "abc")).isTrue();
            assertThat(holds("a < \"abc\"", "a", "ab")).isTrue();
            // U+1F600 sorts after U+FF61 by code point, before it by UTF-16 unit
            assertThat(holds("a > \"\\u{ff61}\"", "a", new String(Character.toChars(0x1F600)))).isTrue();
        }

        @Test
        void booleanBoundIsAnError() {
            assertThatThrownBy(() -> holds("a < true"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:15: [<] needs a number or string, found [true]");
        }
    }

    @Nested
    class BooleanStructure {
        @Test
        void andOrNot() throws EqlException {
            String q = "a == 1 or b == 2 and not c == 3";
            assertThat(holds(q, "a", 1)).isTrue();
            assertThat(holds(q, "b", 2)).isTrue();
            assertThat(holds(q, "b", 2, "c", 3)).isFalse();
            assertThat(holds("(a == 1 or b == 2) and c == 3", "a", 1)).isFalse();
            assertThat(holds("(a == 1 or b == 2) and c == 3", "a", 1, "c", 3)).isTrue();
        }

        @Test
        void constants() throws EqlException {
            assertThat(holds("true")).isTrue();
            assertThat(holds("false")).isFalse();
            assertThat(holds("not false and true")).isTrue();
            assertThat(holds("false or a == 1", "a", 1)).isTrue();
            assertThat(holds("true and a == 1", "a", 2)).isFalse();
        }

        @Test
        void quotedFieldNames() throws EqlException {
            assertThat(holds("`my field` == 1", "my field", 1)).isTrue();
            assertThat(holds("a.`b c` : \"X\"", "a.b c", "x")).isTrue();
        }
    }

    @Test
    void compiledQueriesSurviveJavaSerialization() throws Exception {
        FieldTable table = new FieldTable();
        CompiledQuery query = QueryCompiler.compile("file where a : \"x*\" and b regex~ \"y.\" and length(c) > 1"
                + " and cidrMatch(d, \"10.0.0.0/8\") and e in (\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\")", table);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(query);
        }
        CompiledQuery copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CompiledQuery) in.readObject();
        }
        var match = MapEventFields.of(table, event("event.category", "file", "a", "XY", "b", "YZ", "c", "ab",
                "d", "10.1.2.3", "e", "8"));
        var miss = MapEventFields.of(table, event("event.category", "file", "a", "XY", "b", "YZ", "c", "ab",
                "d", "11.1.2.3", "e", "8"));
        assertThat(copy.matches(match)).isTrue();
        assertThat(copy.matches(miss)).isFalse();
        assertThat(copy.fields()).isEqualTo(query.fields());
        assertThat(copy.toString()).isEqualTo(query.toString());
    }

    @Test
    void toStringIsTheCanonicalQuery() throws EqlException {
        assertThat(QueryCompiler.compile("process where a==1 and not b:\"x\"", new FieldTable()).toString())
                .isEqualTo("process where ((a == 1) and (not (b : (\"x\"))))");
    }
}
