package io.threatstream.detect.rule.eql;

import static io.threatstream.detect.rule.eql.EqlTesting.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evaluation of each built-in function, with the examples of Elastic's EQL function reference. */
class FunctionEvaluationTest {

    private static final String KELVIN = "\u212A";

    @Nested
    class StringTests {
        @Test
        void startsWith() throws EqlException {
            assertThat(holds("startsWith(a, \"regsvr32\")", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("startsWith(a, \"explorer\")", "a", "regsvr32.exe")).isFalse();
            assertThat(holds("startsWith(a, \"REGSVR32\")", "a", "regsvr32.exe")).isFalse();
            assertThat(holds("startsWith~(a, \"REGSVR32\")", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("startsWith(a, \"\")", "a", "")).isTrue();
            assertThat(holds("startsWith(a, \"12\")", "a", 123)).isTrue();
        }

        @Test
        void endsWith() throws EqlException {
            assertThat(holds("endsWith(a, \".exe\")", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("endsWith(a, \".dll\")", "a", "regsvr32.exe")).isFalse();
            assertThat(holds("endsWith(a, \".EXE\")", "a", "regsvr32.exe")).isFalse();
            assertThat(holds("endsWith~(a, \".EXE\")", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("endsWith(a, \"\")", "a", "")).isTrue();
            assertThat(holds("endsWith(a, \"long suffix\")", "a", "x")).isFalse();
        }

        @Test
        void stringContains() throws EqlException {
            assertThat(holds("stringContains(a, \"regsvr32\")", "a", "start regsvr32.exe")).isTrue();
            assertThat(holds("stringContains(a, \"start \")", "a", "start regsvr32.exe")).isTrue();
            assertThat(holds("stringContains(a, \"explorer\")", "a", "start regsvr32.exe")).isFalse();
            assertThat(holds("stringContains(a, \".EXE\")", "a", "x.exe")).isFalse();
            assertThat(holds("stringContains~(a, \".EXE\")", "a", "x.exe")).isTrue();
            // an empty substring is not contained, not even in the empty string
            assertThat(holds("stringContains(a, \"\")", "a", "start")).isFalse();
            assertThat(holds("stringContains(a, \"\")", "a", "")).isFalse();
        }

        @Test
        void caseInsensitiveFormsFoldAsciiOnly() throws EqlException {
            assertThat(holds("startsWith~(a, \"k\")", "a", KELVIN + "x")).isFalse();
            assertThat(holds("endsWith~(a, \"K\")", "a", "x" + KELVIN)).isFalse();
            assertThat(holds("stringContains~(a, \"k\")", "a", "x" + KELVIN + "x")).isFalse();
            assertThat(holds("stringContains~(a, \"SSH\")", "a", "/usr/sbin/sshd")).isTrue();
        }

        @Test
        void anyValueOfAMultiValuedField() throws EqlException {
            assertThat(holds("endsWith(a, \".exe\")", "a", List.of("x.dll", "y.exe"))).isTrue();
            assertThat(holds("not endsWith(a, \".exe\")", "a", List.of("x.dll", "y.exe"))).isFalse();
            assertThat(holds("not endsWith(a, \".exe\")", "a", List.of("x.dll", "y.so"))).isTrue();
        }

        @Test
        void missingFieldOrNullArgumentGivesNoMatch() throws EqlException {
            assertThat(holds("startsWith(a, \"x\")")).isFalse();
            assertThat(holds("not startsWith(a, \"x\")")).isTrue();
            assertThat(holds("startsWith(a, null)", "a", "x")).isFalse();
            assertThat(holds("not startsWith(a, null)", "a", "x")).isTrue();
            assertThat(holds("startsWith(null, \"x\")")).isFalse();
        }

        @Test
        void constantFirstArgumentWithAFieldSecond() throws EqlException {
            String q = "startsWith(\"regsvr32.exe\", process.name)";
            assertThat(holds(q, "process.name", "regsvr32")).isTrue();
            assertThat(holds(q, "process.name", "explorer")).isFalse();
            assertThat(holds(q, "process.name", List.of("explorer", "reg"))).isTrue();
            assertThat(holds(q)).isFalse();
            assertThat(holds("endsWith(\"ntdll.dll\", file.name)", "file.name", "regsvr32.exe")).isFalse();
        }

        @Test
        void twoFieldsTryEveryCombination() throws EqlException {
            String q = "stringContains(process.command_line, process.name)";
            assertThat(holds(q, "process.command_line", "start regsvr32.exe /s", "process.name", "regsvr32.exe"))
                    .isTrue();
            assertThat(holds(q, "process.command_line", List.of("a", "run b.exe"), "process.name", List.of("c", "b.exe")))
                    .isTrue();
            assertThat(holds(q, "process.command_line", List.of("a", "run b.exe"), "process.name", List.of("c", "d")))
                    .isFalse();
            assertThat(holds(q, "process.command_line", "start regsvr32.exe")).isFalse();
        }
    }

    @Nested
    class Length {
        @Test
        void lengthOfEachValue() throws EqlException {
            assertThat(holds("length(a) == 12", "a", "explorer.exe")).isTrue();
            assertThat(holds("length(a) > 5", "a", "short")).isFalse();
            assertThat(holds("length(a) > 5", "a", List.of("ab", "abcdefg"))).isTrue();
            assertThat(holds("length(a) == 0", "a", "")).isTrue();
            assertThat(holds("length(a) == 5", "a", 12345)).isTrue();
            assertThat(holds("length(a) : \"1*\"", "a", "0123456789")).isTrue();
        }

        @Test
        void missingFieldHasNoLength() throws EqlException {
            assertThat(holds("length(a) >= 0")).isFalse();
            assertThat(holds("length(a) == null")).isTrue();
            assertThat(holds("length(a) != null", "a", "")).isTrue();
            assertThat(holds("length(null) == null")).isTrue();
            assertThat(holds("length(\"abc\") == 3")).isTrue();
        }
    }

    @Nested
    class Substring {
        @ParameterizedTest(name = "substring({1}) of [{0}] = [{2}]")
        @CsvSource(delimiter = '|', value = {
            "start regsvr32.exe|6|regsvr32.exe",
            "start regsvr32.exe|0, 5|start",
            "start regsvr32.exe|6, 14|regsvr32",
            "start regsvr32.exe|-4|.exe",
            "start regsvr32.exe|-4, -1|.ex",
            "abc|5|''",
            "abc|2, 1|''",
            "abc|-10|abc",
            "abc|0, 100|abc",
            "abc|-10, -5|''",
            "''|0, 1|''",
        })
        void pythonLikeSlices(String value, String positions, String expected) throws EqlException {
            String literal = "\"" + expected + "\"";
            assertThat(holds("substring(a, " + positions + ") == " + literal, "a", value)).isTrue();
        }

        @Test
        void firstCharacter() throws EqlException {
            assertThat(holds("substring(file.name, 0, 1) == \".\"", "file.name", ".hidden")).isTrue();
            assertThat(holds("substring(file.name, 0, 1) == \".\"", "file.name", "visible")).isFalse();
            assertThat(holds("substring(file.name, 0, 1) == \".\"", "file.name", List.of("visible", ".h"))).isTrue();
        }

        @Test
        void nestedInAnotherFunction() throws EqlException {
            assertThat(holds("length(substring(a, 1)) == 2", "a", "abc")).isTrue();
            assertThat(holds("startsWith(substring(a, 2), \"c\")", "a", "abcd")).isTrue();
        }

        @Test
        void fieldPositionsAreUsedPerValue() throws EqlException {
            assertThat(holds("substring(a, b) == \"c\"", "a", "abc", "b", 2)).isTrue();
            assertThat(holds("substring(a, b) == \"c\"", "a", "abc", "b", "2")).isTrue();
            // a position that is not an integer makes the call null
            assertThat(holds("substring(a, b) == \"c\"", "a", "abc", "b", "x")).isFalse();
            assertThat(holds("substring(a, b) == null", "a", "abc", "b", "x")).isTrue();
        }
    }

    @Nested
    class Concat {
        @Test
        void concatenatesTextOfEachArgument() throws EqlException {
            assertThat(holds("concat(a, \" \", 42) == \"regsvr32.exe 42\"", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("concat(a, \" \", 42.5) == \"regsvr32.exe 42.5\"", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("concat(a, \" \", true) == \"regsvr32.exe true\"", "a", "regsvr32.exe")).isTrue();
            assertThat(holds("concat(a) == \"x\"", "a", "x")).isTrue();
            assertThat(holds("concat(a, \"-\", b) == \"x-4\"", "a", "x", "b", 4)).isTrue();
            assertThat(holds("concat(\"process is \", a) == \"process is x\"", "a", "x")).isTrue();
            assertThat(holds("concat(a, \"s\") : \"X?\"", "a", List.of("y", "x"))).isTrue();
        }

        @Test
        void nullIfAnyArgumentIsNull() throws EqlException {
            assertThat(holds("concat(a, null) == null", "a", "x")).isTrue();
            assertThat(holds("concat(a, null) != null", "a", "x")).isFalse();
            assertThat(holds("concat(a, \"x\") == null")).isTrue();
            assertThat(holds("concat(a, b) == null", "a", "x")).isTrue();
        }
    }

    @Nested
    class Between {
        @Test
        void examplesFromTheReference() throws EqlException {
            String path = "C:\\Windows\\System32\\cmd.exe";
            assertThat(holds("between(a, \"System32\\\\\", \".exe\") == \"cmd\"", "a", path)).isTrue();
            assertThat(holds("between(a, \"workspace\\\\\", \".exe\") == \"\"", "a", path)).isTrue();
            assertThat(holds("between(a, \"\\\\\", \"\\\\\", false) == \"Windows\"", "a", path)).isTrue();
            assertThat(holds("between(a, \"\\\\\", \"\\\\\", true) == \"Windows\\\\System32\"", "a", path)).isTrue();
            assertThat(holds("between(a, \"x\", \"y\") == \"\"", "a", "")).isTrue();
        }

        @Test
        void caseSensitivity() throws EqlException {
            assertThat(holds("between(a, \"system32\\\\\", \".EXE\") == \"cmd\"", "a", "C:\\System32\\cmd.exe")).isFalse();
            assertThat(holds("between~(a, \"system32\\\\\", \".EXE\") == \"cmd\"", "a", "C:\\System32\\cmd.exe"))
                    .isTrue();
        }
    }

    @Nested
    class IndexOf {
        @ParameterizedTest(name = "indexOf({0}) = {1}")
        @CsvSource(delimiter = '|', value = {
            "a, \".\"|9", "a, \".\", 9|9", "a, \".\", 10|17", "a, \".\", -6|9",
            "a, \"\"|0", "a, \"\", 9|9", "a, \"\", 10|10", "a, \"\", -6|0",
            "a, \"z\"|null", "a, \"z\", 9|null", "a, \".\", 30|null", "a, \".\", null|null", "a, null, 9|null",
            "a, \"EXAMPLE\"|null",
        })
        void examplesFromTheReference(String arguments, String expected) throws EqlException {
            assertThat(holds("indexOf(" + arguments + ") == " + expected, "a", "subdomain.example.com")).isTrue();
        }

        @Test
        void caseInsensitiveForm() throws EqlException {
            assertThat(holds("indexOf~(a, \"EXAMPLE\") == 10", "a", "subdomain.example.com")).isTrue();
            assertThat(holds("indexOf(\"\", \"\") == 0")).isTrue();
        }
    }

    @Nested
    class Conversions {
        @ParameterizedTest(name = "number({0}) == {1}")
        @CsvSource(delimiter = '|', value = {
            "\"1337\"|1337", "\"42.5\"|42.5", "\"deadbeef\", 16|3735928559", "\"0xdeadbeef\"|3735928559",
            "\"0xdeadbeef\", 16|3735928559", "\"+1337\"|1337", "\"-1337\"|-1337", "\"  1337  \"|1337",
            "\"0xdeadbeef\", null|3735928559", "\"1337\", null|1337", "\"101\", 2|5", "\"x\"|null", "\"\"|null",
            "null|null",
        })
        void number(String arguments, String expected) throws EqlException {
            assertThat(holds("number(" + arguments + ") == " + expected)).isTrue();
        }

        @Test
        void numberOfAField() throws EqlException {
            assertThat(holds("number(a) > 1000", "a", "1337")).isTrue();
            assertThat(holds("number(a) > 1000", "a", List.of("x", "0x500"))).isTrue();
            assertThat(holds("number(a) > 1000", "a", "abc")).isFalse();
        }

        @Test
        void numberBaseMustBeARadix() {
            assertThatThrownBy(() -> holds("number(a, 1) == 1"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:21: Argument 2 of [number] must be a base from 2 to 36, found [1]");
        }

        @Test
        void string() throws EqlException {
            assertThat(holds("string(a) == \"42\"", "a", 42)).isTrue();
            assertThat(holds("string(a) == \"42.5\"", "a", new BigDecimal("42.5"))).isTrue();
            assertThat(holds("string(a) == \"true\"", "a", true)).isTrue();
            assertThat(holds("string(42) == \"42\"")).isTrue();
            assertThat(holds("string(length(a)) == \"3\"", "a", "abc")).isTrue();
            assertThat(holds("string(a) == null")).isTrue();
        }
    }

    @Nested
    class Arithmetic {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "add(a, 5) == 9", "add(a, 0.5) == 4.5", "add(a, -2) == 2",
            "subtract(a, 6) == -2", "subtract(a, 0.5) == 3.5", "subtract(15, a) == 11",
            "multiply(a, 2) == 8", "multiply(0.25, a) == 1",
            "divide(a, 2) == 2", "divide(a, 3) == 1", "divide(a, 3.0) > 1.33", "divide(12, a) == 3",
            "divide(a, 0.5) == 8",
            "modulo(a, 3) == 1", "modulo(a, -3) == 1", "modulo(10, a) == 2",
            "add(a, b) == 10",
            "divide(a, 0) == null", "modulo(a, 0) == null", "add(a, null) == null", "add(a, c) == null",
        })
        void withAFieldHoldingFour(String condition) throws EqlException {
            assertThat(holds(condition, "a", 4, "b", "6", "c", "x")).isTrue();
        }

        @Test
        void negativeModuloAndNumericStrings() throws EqlException {
            assertThat(holds("modulo(a, -6) == -4", "a", -10)).isTrue();
            assertThat(holds("add(a, 1) == 11", "a", "10")).isTrue();
            assertThat(holds("add(a, 1) == null", "a", "ten")).isTrue();
            assertThat(holds("add(a, 1) > 100", "a", List.of(1, 200))).isTrue();
        }

        @Test
        void overflowGivesNoValue() throws EqlException {
            assertThat(holds("add(a, 1) == null", "a", Long.MAX_VALUE)).isTrue();
        }
    }

    @Nested
    class CidrMatch {
        @Test
        void examplesFromTheReference() throws EqlException {
            String ip = "192.168.152.12";
            assertThat(holds("cidrMatch(a, \"192.168.0.0/16\")", "a", ip)).isTrue();
            assertThat(holds("cidrMatch(a, \"192.168.0.0/16\", \"10.0.0.0/8\")", "a", ip)).isTrue();
            assertThat(holds("cidrMatch(a, \"10.0.0.0/8\")", "a", ip)).isFalse();
            assertThat(holds("cidrMatch(a, \"10.0.0.0/8\", \"10.128.0.0/9\")", "a", ip)).isFalse();
            assertThat(holds("cidrMatch(a, null)", "a", ip)).isFalse();
            assertThat(holds("cidrMatch(null, \"10.0.0.0/8\")")).isFalse();
        }

        @Test
        void prefixBoundaries() throws EqlException {
            assertThat(holds("cidrMatch(a, \"10.0.0.0/9\")", "a", "10.127.255.255")).isTrue();
            assertThat(holds("cidrMatch(a, \"10.0.0.0/9\")", "a", "10.128.0.0")).isFalse();
            assertThat(holds("cidrMatch(a, \"0.0.0.0/0\")", "a", "255.255.255.255")).isTrue();
            assertThat(holds("cidrMatch(a, \"10.1.2.3\")", "a", "10.1.2.3")).isTrue();
            assertThat(holds("cidrMatch(a, \"10.1.2.3/32\")", "a", "10.1.2.4")).isFalse();
            // host bits in the block are ignored
            assertThat(holds("cidrMatch(a, \"10.1.2.3/8\")", "a", "10.200.0.1")).isTrue();
        }

        @Test
        void ipv6() throws EqlException {
            assertThat(holds("cidrMatch(a, \"2001:db8::/32\")", "a", "2001:db8::1")).isTrue();
            assertThat(holds("cidrMatch(a, \"2001:db8::/32\")", "a", "2001:0DB8:0:0:0:0:0:ffff")).isTrue();
            assertThat(holds("cidrMatch(a, \"2001:db8::/32\")", "a", "2001:db9::1")).isFalse();
            assertThat(holds("cidrMatch(a, \"fe80::/10\")", "a", "febf::1")).isTrue();
            assertThat(holds("cidrMatch(a, \"fe80::/10\")", "a", "fec0::1")).isFalse();
            assertThat(holds("cidrMatch(a, \"::1\")", "a", "0:0:0:0:0:0:0:1")).isTrue();
            assertThat(holds("cidrMatch(a, \"::/0\")", "a", "1::")).isTrue();
            assertThat(holds("cidrMatch(a, \"64:ff9b::/96\")", "a", "64:ff9b::10.0.0.1")).isTrue();
        }

        @Test
        void familiesCompareInIpv4MappedForm() throws EqlException {
            // As Elasticsearch does: an IPv4 address is ::ffff:a.b.c.d when compared with IPv6.
            assertThat(holds("cidrMatch(a, \"192.168.0.0/16\")", "a", "::ffff:192.168.1.1")).isTrue();
            assertThat(holds("cidrMatch(a, \"::ffff:192.168.0.0/112\")", "a", "192.168.1.1")).isTrue();
            assertThat(holds("cidrMatch(a, \"::ffff:0:0/96\")", "a", "10.0.0.1")).isTrue();
            assertThat(holds("cidrMatch(a, \"::/0\")", "a", "192.168.1.1")).isTrue();
            assertThat(holds("cidrMatch(a, \"2001:db8::/32\")", "a", "192.168.1.1")).isFalse();
            assertThat(holds("cidrMatch(a, \"0.0.0.0/0\")", "a", "2001:db8::1")).isFalse();
            assertThat(holds("cidrMatch(a, \"0.0.0.0/0\")", "a", "::1")).isFalse();
        }

        @Test
        void valuesThatAreNotAddressesDoNotMatch() throws EqlException {
            for (String value : List.of("", "localhost", "10.0.0", "10.0.0.0.1", "10.0.0.256", "010.0.0.1", "10.0.0.1/8",
                    "1:2:3", "1::2::3", "1:2:3:4:5:6:7:8:9", "::g", " 10.0.0.1", "fe80::1%eth0")) {
                assertThat(holds("cidrMatch(a, \"0.0.0.0/0\", \"::/0\")", "a", value)).as(value).isFalse();
            }
            assertThat(holds("cidrMatch(a, \"10.0.0.0/8\")", "a", List.of("host", "10.9.9.9"))).isTrue();
        }

        @Test
        void invalidBlocksAreRejectedAtTheirPosition() {
            assertThatThrownBy(() -> holds("cidrMatch(a, \"10.0.0.0/8\", \"10.0.0.0/33\")"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:38: [10.0.0.0/33] is not a CIDR block: the prefix length must be 0 to 32");
            assertThatThrownBy(() -> holds("cidrMatch(a, \"intranet\")"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:24: [intranet] is not a CIDR block: [intranet] is not an IP address");
            assertThatThrownBy(() -> holds("cidrMatch(a, \"::/129\")"))
                    .isInstanceOf(EqlException.class)
                    .hasMessage("line 1:24: [::/129] is not a CIDR block: the prefix length must be 0 to 128");
        }
    }

    @Test
    void nestedCallsOutsideTheFirstArgumentNeedLiteralSiblings() {
        assertThatThrownBy(() -> holds("startsWith(a, substring(b, 1))"))
                .isInstanceOf(EqlException.class)
                .hasMessage("line 1:25: Function [startsWith]: a function call as an argument is only supported in the"
                        + " first argument, and only when the other arguments are literals");
    }
}
