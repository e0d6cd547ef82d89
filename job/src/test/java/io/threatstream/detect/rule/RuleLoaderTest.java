package io.threatstream.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.pipeline.Detector;
import io.threatstream.detect.pipeline.Verdict;
import io.threatstream.detect.rule.eql.EqlException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

    private static final String RULE_HEADER =
            "[metadata]\n"                                              // 1
                    + "creation_date = \"2020/12/21\"\n"                // 2
                    + "maturity = \"production\"\n"                     // 3
                    + "\n"                                              // 4
                    + "[rule]\n"                                        // 5
                    + "author = [\"Elastic\"]\n"                        // 6
                    + "name = \"A rule with a typo\"\n"                 // 7
                    + "risk_score = 21\n"                               // 8
                    + "rule_id = \"00000000-0000-4000-8000-000000000001\"\n" // 9
                    + "severity = \"low\"\n"                            // 10
                    + "type = \"eql\"\n";                               // 11

    private static final String EXCEPTIONS =
            "# exceptions for the OpenSSH rule\n"                                       // 1
                    + "[[exception]]\n"                                                 // 2
                    + "name = \"package managers\"\n"                                   // 3
                    + "condition = 'process.parent.name in (\"dpkg\", \"rpm\")'\n"      // 4
                    + "\n"                                                              // 5
                    + "[[exception]]\n"                                                 // 6
                    + "name = \"ansible\"\n"                                            // 7
                    + "condition = '''\n"                                               // 8
                    + "process.parent.name : \"ansible*\" and\n"                        // 9
                    + "  user.name == \"deploy\"\n"                                     // 10
                    + "'''\n";

    @TempDir
    Path dir;

    @Test
    void loadsTheBuiltInRule() {
        CompiledRule rule = RuleLoader.load(null, null);
        assertThat(rule.metadata().ruleId()).isEqualTo("f28e2be4-6eca-4349-bdd9-381573730c22");
        assertThat(rule.metadata().name()).isEqualTo("Potential OpenSSH Backdoor Logging Activity");
        assertThat(rule.metadata().version()).isEqualTo(211);
        assertThat(rule.exceptionCount()).isZero();
        assertThat(rule.fields().paths()).containsExactly("event.category", "host.os.type", "event.type",
                "process.executable", "file.name", "file.extension", "file.path");
        assertThat(rule.query().toString()).contains("process.executable : (\"/usr/sbin/sshd\", \"/usr/bin/ssh\")");
    }

    @Test
    void loadsVersion216FromItsFile() throws URISyntaxException {
        Path path = Path.of(RuleLoaderTest.class
                .getResource("/rules/potential_openssh_backdoor_logging_activity_v216.toml").toURI());
        CompiledRule rule = RuleLoader.load(path.toString(), null);
        assertThat(rule.metadata().ruleId()).isEqualTo("f28e2be4-6eca-4349-bdd9-381573730c22");
        assertThat(rule.metadata().version()).isEqualTo(216);
        assertThat(rule.fields().paths()).containsExactly("event.category", "host.os.type", "event.type",
                "process.name", "file.name", "file.extension", "file.path");
    }

    @Test
    void anErrorOnTheThirdLineOfAQueryIsReportedAtItsLineInTheFile() throws IOException {
        Path file = write("bad.toml", RULE_HEADER
                + "query = '''\n"                                         // 12
                + "file where host.os.type == \"linux\" and\n"           // 13: query line 1
                + "  process.name == \"sshd\" and\n"                     // 14: query line 2
                + "  startWith(file.path, \"/tmp/\")\n"                  // 15: query line 3
                + "'''\n");
        assertThatThrownBy(() -> RuleLoader.load(file.toString(), null))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage(file + ": line 15:3: Unknown function [startWith]")
                .hasCauseInstanceOf(EqlException.class);
    }

    @Test
    void anErrorOnTheFirstLineOfAQueryIsShiftedByWhereTheQueryStarts() throws IOException {
        Path file = write("bad.toml", RULE_HEADER + "query = 'file where file.name === \".x\"'\n");
        // the query starts at column 10 of line 12; "===" is at column 22 of the query
        assertThatThrownBy(() -> RuleLoader.load(file.toString(), null))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage(file + ": line 12:31: Unknown operator [===]; use [==] for equality"
                        + " or [:] for case-insensitive matching");
    }

    @Test
    void aBadExceptionNamesTheExceptionsFileTheExceptionAndThePosition() throws IOException {
        Path exceptions = write("exceptions.toml", EXCEPTIONS.replace("user.name == \"deploy\"", "user.name == deploy"));
        assertThatThrownBy(() -> RuleLoader.load(null, exceptions.toString()))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage(exceptions + ": exception \"ansible\": line 10:13: Comparing [user.name] with [deploy]"
                        + " is not supported; one side of [==] must be a literal");
    }

    @Test
    void aBadSingleLineExceptionIsReportedAtItsColumnInTheFile() throws IOException {
        Path exceptions = write("exceptions.toml",
                EXCEPTIONS.replace("process.parent.name in (\"dpkg\", \"rpm\")", "process.parent.name in (\"dpkg\" \"rpm\")"));
        // the condition starts at column 14 of line 4; the second string is at column 32 of the condition
        assertThatThrownBy(() -> RuleLoader.load(null, exceptions.toString()))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage(exceptions + ": exception \"package managers\": line 4:45:"
                        + " Expected [,] or [)] in the [in] list, found [\"rpm\"]");
    }

    @Test
    void aMissingRuleFileNamesTheOption() {
        String missing = dir.resolve("missing.toml").toString();
        assertThatThrownBy(() -> RuleLoader.load(missing, null))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage("Option --rule: cannot read " + missing + " (NoSuchFileException)");
    }

    @Test
    void exceptionsDropMatchesAndAreNamed() throws IOException {
        Path exceptions = write("exceptions.toml", EXCEPTIONS);
        CompiledRule rule = RuleLoader.load(null, exceptions.toString());
        assertThat(rule.exceptionCount()).isEqualTo(2);
        assertThat(rule.exceptionName(0)).isEqualTo("package managers");
        assertThat(rule.exceptionName(1)).isEqualTo("ansible");
        // one field table for the rule and its exceptions
        assertThat(rule.fields().paths()).endsWith("process.parent.name", "user.name");

        Detector detector = new Detector(rule, ParserLimits.defaults());
        assertThat(detector.evaluate(backdoorWrite("\"parent\":{\"name\":\"dpkg\"}", "root"))).isEqualTo(Verdict.EXCEPTED);
        assertThat(detector.exceptionIndex()).isZero();
        assertThat(detector.evaluate(backdoorWrite("\"parent.name\":\"ansible-playbook\"", "deploy")))
                .isEqualTo(Verdict.EXCEPTED);
        assertThat(detector.exceptionIndex()).isEqualTo(1);
        // ansible as another user is not the exception
        assertThat(detector.evaluate(backdoorWrite("\"parent.name\":\"ansible-playbook\"", "root"))).isEqualTo(Verdict.MATCH);
        assertThat(detector.exceptionIndex()).isEqualTo(-1);
        assertThat(detector.evaluate(backdoorWrite("\"parent\":{\"name\":\"bash\"}", "root"))).isEqualTo(Verdict.MATCH);
        // exceptions only drop matches: a non-matching event stays NO_MATCH
        byte[] notSsh = bytes("{\"event\":{\"category\":[\"file\"],\"type\":[\"change\"]},\"host\":{\"os\":{\"type\":\"linux\"}},"
                + "\"process\":{\"executable\":\"/usr/bin/dpkg\",\"parent\":{\"name\":\"dpkg\"}},"
                + "\"file\":{\"path\":\"/usr/share/doc/x.gz\",\"name\":\"x.gz\",\"extension\":\"gz\"}}");
        assertThat(detector.evaluate(notSsh)).isEqualTo(Verdict.NO_MATCH);
        assertThat(detector.exceptionIndex()).isEqualTo(-1);
    }

    /** An sshd write of a backdoor log, with extra process members and a user. */
    private static byte[] backdoorWrite(String processMembers, String user) {
        return bytes("{\"event\":{\"category\":[\"file\"],\"type\":[\"change\"]},\"host\":{\"os\":{\"type\":\"linux\"}},"
                + "\"process\":{\"executable\":\"/usr/sbin/sshd\"," + processMembers + "},"
                + "\"user\":{\"name\":\"" + user + "\"},"
                + "\"file\":{\"path\":\"/usr/include/ncurses.h\",\"name\":\"ncurses.h\",\"extension\":\"h\"}}");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
