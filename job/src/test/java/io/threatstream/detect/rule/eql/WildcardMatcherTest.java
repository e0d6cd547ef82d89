package io.threatstream.detect.rule.eql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardMatcherTest {

    private static boolean sensitive(String pattern, String value) {
        return WildcardMatcher.compile(pattern, false).matches(value);
    }

    private static boolean insensitive(String pattern, String value) {
        return WildcardMatcher.compile(pattern, true).matches(value);
    }

    @ParameterizedTest(name = "[{0}] vs [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {  // '' is the empty string
        // exact
        "abc|abc|true", "abc|abd|false", "abc|ab|false", "abc|abcd|false",
        // star: any run, also empty
        "*|''|true", "*|anything|true", "a*|a|true", "a*|abc|true", "a*|ba|false",
        "*c|c|true", "*c|abc|true", "*c|cb|false",
        "*b*|b|true", "*b*|abc|true", "*b*|ac|false",
        "a*c|ac|true", "a*c|abbbc|true", "a*c|abcd|false", "a*c|c|false",
        "a*b*c|abc|true", "a*b*c|aXbYc|true", "a*b*c|acb|false", "*a*b*|xaxbx|true",
        // consecutive stars behave as one
        "a**c|abc|true", "***|''|true", "a***|a|true", "**b**|b|true",
        // question mark: exactly one character
        "?|a|true", "?|''|false", "?|ab|false", "a?c|abc|true", "a?c|ac|false", "a?c|abbc|false",
        "??|ab|true", "?*|''|false", "?*|a|true", "*?|abc|true", "*?c|c|false", "*?c|xc|true",
        // backtracking over several candidates
        "*ab*ab|xabyab|true", "*aab|aaab|true", "a*aa|aaa|true", "a*aa|aa|false", "*.so.*|libc.so.6|true",
        // the seed rule's patterns
        "/usr/lib/*.so.*|/usr/lib/libkeyutils.so.1|true", "/usr/lib/*.so.*|/usr/lib/libfoo.so|false",
        "/private/etc/*--|/private/etc/ssh--|true", "/private/etc/*--|/private/etc/ssh-|false",
        ".*|.bashrc|true", ".*|bashrc|false", "~*|~tmp|true", "*~|file~|true", "*~|file|false",
    })
    void caseSensitiveMatching(String pattern, String value, boolean expected) {
        assertThat(sensitive(pattern, value)).isEqualTo(expected);
    }

    @Test
    void backslashIsLiteralNotAnEscape() {
        assertThat(sensitive("C:\\Windows\\*", "C:\\Windows\\System32")).isTrue();
        assertThat(sensitive("a\\*b", "a\\xyzb")).isTrue();
        // "\*" is a backslash followed by a star, not an escaped star.
        assertThat(sensitive("a\\*", "a*")).isFalse();
        assertThat(sensitive("a\\*", "a\\")).isTrue();
        assertThat(sensitive("a\\?", "a?")).isFalse();
        assertThat(sensitive("a\\?", "a\\x")).isTrue();
        assertThat(sensitive("\\\\server", "\\\\server")).isTrue();
        assertThat(sensitive("\\\\server", "\\server")).isFalse();
    }

    @Test
    void caseSensitiveDistinguishesCase() {
        assertThat(sensitive("/usr/sbin/sshd", "/USR/SBIN/SSHD")).isFalse();
        assertThat(sensitive("*.EXE", "cmd.exe")).isFalse();
        assertThat(sensitive("D*C", "DisC")).isTrue();
        assertThat(sensitive("D?c", "DOC")).isFalse();
    }

    @Test
    void caseInsensitiveFoldsAsciiBothWays() {
        assertThat(insensitive("/usr/sbin/sshd", "/USR/SBIN/SSHD")).isTrue();
        assertThat(insensitive("/USR/SBIN/*", "/usr/sbin/sshd")).isTrue();
        assertThat(insensitive("*.EXE", "cmd.exe")).isTrue();
        assertThat(insensitive("doc?", "DOCS")).isTrue();
        assertThat(insensitive("?DOC", "adoc")).isTrue();
        assertThat(insensitive("D*C", "disc")).isTrue();
        assertThat(insensitive("*MiD*", "xxmIdxx")).isTrue();
        assertThat(insensitive("a*B*c", "AxbXC")).isTrue();
        assertThat(insensitive("doc*", "DOS")).isFalse();
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        // KELVIN SIGN does not fold to k, nor k to it.
        assertThat(insensitive("k", "\u212A")).isFalse();
        assertThat(insensitive("\u212A", "k")).isFalse();
        assertThat(insensitive("*k*", "x\u212Ay")).isFalse();
        // LATIN SMALL LETTER DOTLESS I is not i; LATIN CAPITAL LETTER I WITH DOT ABOVE is not I.
        assertThat(insensitive("i", "\u0131")).isFalse();
        assertThat(insensitive("I", "\u0130")).isFalse();
        assertThat(insensitive("*ssh*", "\u0131ssh")).isTrue();
        // LATIN SMALL LETTER LONG S is not s.
        assertThat(insensitive("s", "\u017F")).isFalse();
        assertThat(insensitive("sshd", "\u017Fshd")).isFalse();
        // Non-ASCII letters do not fold either: É is not é.
        assertThat(insensitive("\u00e9", "\u00c9")).isFalse();
        assertThat(insensitive("\u00e9", "\u00e9")).isTrue();
        // Characters next to the ASCII letter ranges are not letters.
        assertThat(insensitive("@", "`")).isFalse();
        assertThat(insensitive("[", "{")).isFalse();
    }

    @Test
    void questionMarkMatchesOneCodePoint() {
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(sensitive("?", emoji)).isTrue();
        assertThat(sensitive("??", emoji)).isFalse();
        assertThat(sensitive("a?b", "a" + emoji + "b")).isTrue();
        assertThat(sensitive("*?b", emoji + "b")).isTrue();
        assertThat(sensitive("*" + emoji, "xx" + emoji)).isTrue();
    }

    @Test
    void emptyPattern() {
        assertThat(sensitive("", "")).isTrue();
        assertThat(sensitive("", "a")).isFalse();
        assertThat(WildcardMatcher.compile("", true).isExact()).isTrue();
    }

    @Test
    void matchesRegionsOfAString() {
        WildcardMatcher m = WildcardMatcher.compile("b*d", false);
        assertThat(m.matches("abcde", 1, 4)).isTrue();
        assertThat(m.matches("abcde", 1, 5)).isFalse();
        WildcardMatcher q = WildcardMatcher.compile("?c?", true);
        assertThat(q.matches("aBCDe", 1, 4)).isTrue();
        assertThat(q.matches("aBCDe", 0, 3)).isFalse();
    }

    @Test
    void exposesItsPattern() {
        WildcardMatcher m = WildcardMatcher.compile("A*", true);
        assertThat(m.pattern()).isEqualTo("A*");
        assertThat(m.caseInsensitive()).isTrue();
        assertThat(m.isExact()).isFalse();
        assertThat(WildcardMatcher.compile("abc", false).isExact()).isTrue();
    }
}
