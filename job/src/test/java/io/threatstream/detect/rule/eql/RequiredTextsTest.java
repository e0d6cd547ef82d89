package io.threatstream.detect.rule.eql;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.rule.RuleLoader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts a query requires of every event it matches, construct by construct. */
class RequiredTextsTest {

    private static List<String> required(String eql) throws EqlException {
        return QueryCompiler.compile(eql, new FieldTable()).requiredTexts().stream()
                .map(RequiredText::toString)
                .toList();
    }

    @Test
    void theSeedRuleRequiresItsExecutablesCommonTextThenTheLongestEqualities() {
        assertThat(RuleLoader.load(null, null).query().requiredTexts())
                .extracting(RequiredText::toString)
                .containsExactly("any of~ [bin/ssh]", "any of [change]", "any of [linux]");
    }

    @Test
    void equalityInAndCategoryGiveTheirTexts() throws EqlException {
        assertThat(required("file where process.name == \"sshd\"")).containsExactly("any of [file]", "any of [sshd]");
        assertThat(required("any where \"sshd\" == process.name")).containsExactly("any of [sshd]");
        assertThat(required("any where process.name in (\"sshd\", \"ssh\", \"scp\")"))
                .containsExactly("any of [ssh, scp]");
        assertThat(required("any where process.name in~ (\"SSHD\", \"Dropbear\")"))
                .containsExactly("any of~ [sshd, dropbear]");
        assertThat(required("any where host.os.type == true")).containsExactly("any of [true]");
    }

    @Test
    void patternsGiveALiteralRunOrTheTextAllAlternativesShare() throws EqlException {
        assertThat(required("any where file.path : \"/usr/lib/*.so.*\"")).containsExactly("any of~ [/usr/lib/]");
        assertThat(required("any where file.path like (\"/tmp/*krb5cc*\", \"/var/tmp/x\")"))
                .containsExactly("any of [/tmp/]");
        assertThat(required("any where file.path like (\"/etc/*\", \"*.conf\")"))
                .containsExactly("any of [/etc/, .conf]");
        assertThat(required("any where file.name : \"ab?cdef*\"")).containsExactly("any of~ [cdef]");
        assertThat(required("any where file.extension : (1234, \"5678*\")")).containsExactly("any of~ [1234, 5678]");
    }

    @Test
    void substringFunctionsGiveTheirNeedle() throws EqlException {
        assertThat(required("any where startsWith~(file.path, \"/USR/\")")).containsExactly("any of~ [/usr/]");
        assertThat(required("any where endsWith(file.name, \".so\") and stringContains(file.path, \"lib\")"))
                .containsExactly("any of [.so]", "any of [lib]");
    }

    @Test
    void anOrRequiresTheBestOfEachSide() throws EqlException {
        assertThat(required("any where process.name == \"sshd\" or (user.name == \"root\" and host.id == \"abcdef\")"))
                .containsExactly("any of [sshd, abcdef]");
        assertThat(required("any where process.name == \"sshd\" or file.name : \"SSH*\""))
                .containsExactly("any of~ [ssh]");
        assertThat(required("any where process.name == \"sshd\" or process.pid > 3")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "any where not process.name == \"sshd\"",
        "any where process.name != \"sshd\"",
        "any where process.name == null",
        "any where process.name != null",
        "any where process.name in (\"sshd\", null)",
        "any where process.pid in (\"1234\", 5678)",
        "any where process.pid == 12345",
        "any where process.name > \"sshd\"",
        "any where process.name regex \"sshd.*\"",
        "any where process.name : (\"*\", \"sshd\")",
        "any where process.name : \"??*\"",
        "any where length(process.name) == 12345",
        "any where string(process.name) == \"sshd\"",
        "any where cidrMatch(source.ip, \"10.0.0.0/8\")",
        "any where startsWith(process.name, process.title)",
        "any where process.name == \"ab\"",
        "any where true"
    })
    void testsThatDoNotNeedATextGiveNone(String eql) throws EqlException {
        assertThat(required(eql)).isEmpty();
    }

    @Test
    void anAlternativeContainingAnotherIsImpliedByIt() throws EqlException {
        assertThat(required("any where a == \"sshd\" or b == \"xsshd\" or c == \"ssh\" or d == \"scp\""))
                .containsExactly("any of [ssh, scp]");
    }

    @Test
    void textsWithoutAUtf8FormAreNotUsed() throws EqlException {
        assertThat(required("any where a == \"abc\uD800\"")).isEmpty();
        assertThat(required("any where a : \"*\\u{1f600}xyz*\"")).containsExactly("any of~ [\uD83D\uDE00xyz]");
    }

    @Test
    void atMostThreeAreKeptLongestFirst() throws EqlException {
        assertThat(required("any where a == \"abc\" and b == \"abcdef\" and c == \"abcd\" and d == \"abcde\""))
                .containsExactly("any of [abcdef]", "any of [abcde]", "any of [abcd]");
    }
}
