package io.threatstream.detect.rule.eql;

import static io.threatstream.detect.rule.eql.EqlTesting.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.event.MapEventFields;
import io.threatstream.detect.rule.RuleTomlReader;
import io.threatstream.detect.rule.eql.ast.AstPrinter;
import io.threatstream.detect.rule.eql.ast.Query;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule "Potential OpenSSH Backdoor Logging Activity": the exact query of version 211 (the
 * built-in rule, copied from shared/seed) and a query shaped like Elastic's version 216, on sample events.
 */
class SeedRuleTest {

    /** The query of a rule file under {@code /rules/}: the built-in v211 or the v216-shaped test rule. */
    private static String resource(String name) throws IOException {
        try (InputStream in = SeedRuleTest.class.getResourceAsStream("/rules/" + name)) {
            assertThat(in).as(name).isNotNull();
            return RuleTomlReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), name).query();
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... pathsAndValues) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(base);
        event.putAll(event(pathsAndValues));
        return event;
    }

    @Nested
    class Version211 {
        private final FieldTable table = new FieldTable();
        private final CompiledQuery query;

        private final Map<String, Object> sshdChange = event(
                "event.category", List.of("file"),
                "host.os.type", "linux",
                "event.type", List.of("change"),
                "process.executable", "/usr/sbin/sshd");

        Version211() throws Exception {
            query = QueryCompiler.compile(resource("potential_openssh_backdoor_logging_activity.toml"), table);
        }

        private boolean matches(Map<String, Object> event) {
            return query.matches(MapEventFields.of(table, event));
        }

        @Test
        void parsesWithTheExpectedShape() throws Exception {
            Query ast = EqlParser.parse(resource("potential_openssh_backdoor_logging_activity.toml"));
            assertThat(ast.category()).isEqualTo("file");
            String printed = AstPrinter.print(ast);
            assertThat(printed).startsWith("file where ((((host.os.type == \"linux\") and (event.type == \"change\"))"
                    + " and (process.executable : (\"/usr/sbin/sshd\", \"/usr/bin/ssh\"))) and ((((file.name : (\".*\","
                    + " \"~*\", \"*~\")) and (not (file.name : (\".cache\", \".viminfo\", \".bash_history\","
                    + " \".google_authenticator\", \".jelenv\", \".csvignore\", \".rtreport\")))) or (file.extension : (");
            assertThat(printed).endsWith("\"/var/run/udev/ud.pid\", \"/var/run/udevd.pid\"))))");
            assertThat(EqlParser.parse(printed)).hasToString(printed);
        }

        @Test
        void readsTheRuleFields() {
            assertThat(query.fields()).containsExactly("event.category", "host.os.type", "event.type",
                    "process.executable", "file.name", "file.extension", "file.path");
        }

        @Test
        void hiddenOrBackupFileNamesMatchUnlessExcluded() {
            assertThat(matches(with(sshdChange, "file.name", ".xyz"))).isTrue();
            assertThat(matches(with(sshdChange, "file.name", "~tmp"))).isTrue();
            assertThat(matches(with(sshdChange, "file.name", "notes~"))).isTrue();
            assertThat(matches(with(sshdChange, "file.name", "notes"))).isFalse();
            assertThat(matches(with(sshdChange, "file.name", ".cache"))).isFalse();
            assertThat(matches(with(sshdChange, "file.name", ".CACHE"))).isFalse();
            assertThat(matches(with(sshdChange, "file.name", ".bash_history"))).isFalse();
            // one excluded value makes the exclusion hold for the multi-valued field
            assertThat(matches(with(sshdChange, "file.name", List.of(".xyz", ".cache")))).isFalse();
        }

        @Test
        void extensionsMatchCaseInsensitively() {
            assertThat(matches(with(sshdChange, "file.name", ".cache", "file.extension", "so"))).isTrue();
            assertThat(matches(with(sshdChange, "file.name", "x.SO", "file.extension", "SO"))).isTrue();
            assertThat(matches(with(sshdChange, "file.extension", 1))).isTrue();
            assertThat(matches(with(sshdChange, "file.extension", "10"))).isFalse();
            assertThat(matches(with(sshdChange, "file.extension", "txt"))).isFalse();
        }

        @Test
        void pathsMatchTheirPatterns() {
            assertThat(matches(with(sshdChange, "file.path", "/usr/lib/libkeyutils.so.1"))).isTrue();
            assertThat(matches(with(sshdChange, "file.path", "/usr/lib/libfoo.so"))).isFalse();
            assertThat(matches(with(sshdChange, "file.path", "/usr/share/man/man1/x.1"))).isTrue();
            assertThat(matches(with(sshdChange, "file.path", "/private/etc/ssh/.sshd_auth"))).isTrue();
            assertThat(matches(with(sshdChange, "file.path", "/private/etc/passwd--"))).isTrue();
            assertThat(matches(with(sshdChange, "file.path", "/VAR/RUN/SSHD/SSHD.PID"))).isTrue();
            assertThat(matches(with(sshdChange, "file.path", "/etc/passwd"))).isFalse();
            assertThat(matches(with(sshdChange, "file.path", "/private/var/lib/x"))).isFalse();
        }

        @Test
        void hostEventAndProcessConditions() {
            Map<String, Object> hit = with(sshdChange, "file.name", ".xyz");
            assertThat(matches(hit)).isTrue();
            assertThat(matches(with(hit, "host.os.type", "Linux"))).isFalse();
            assertThat(matches(with(hit, "host.os.type", null))).isFalse();
            assertThat(matches(with(hit, "event.type", List.of("info", "change")))).isTrue();
            assertThat(matches(with(hit, "event.type", "creation"))).isFalse();
            assertThat(matches(with(hit, "process.executable", "/USR/BIN/SSH"))).isTrue();
            assertThat(matches(with(hit, "process.executable", "/usr/bin/scp"))).isFalse();
            assertThat(matches(with(hit, "event.category", "process"))).isFalse();
            assertThat(matches(with(hit, "event.category", List.of("process", "file")))).isTrue();
        }

        @Test
        void eventsWithoutFileFieldsDoNotMatch() {
            assertThat(matches(sshdChange)).isFalse();
        }
    }

    @Nested
    class NewerVersionShape {
        private final FieldTable table = new FieldTable();
        private final CompiledQuery query;

        private final Map<String, Object> sshdCreation = event(
                "event.category", "file",
                "host.os.type", "linux",
                "event.type", "creation",
                "process.name", "sshd");

        NewerVersionShape() throws Exception {
            query = QueryCompiler.compile(resource("potential_openssh_backdoor_logging_activity_v216.toml"), table);
        }

        private boolean matches(Map<String, Object> event) {
            return query.matches(MapEventFields.of(table, event));
        }

        @Test
        void readsTheRuleFields() {
            assertThat(query.fields()).containsExactly("event.category", "host.os.type", "event.type", "process.name",
                    "file.name", "file.extension", "file.path");
        }

        @Test
        void processNameIsACaseSensitiveList() {
            Map<String, Object> hit = with(sshdCreation, "file.name", ".xyz");
            assertThat(matches(hit)).isTrue();
            assertThat(matches(with(hit, "process.name", "ssh"))).isTrue();
            assertThat(matches(with(hit, "process.name", "SSHD"))).isFalse();
            assertThat(matches(with(hit, "event.type", "change"))).isFalse();
        }

        @Test
        void gitFilesAreExcluded() {
            assertThat(matches(with(sshdCreation, "file.name", ".gitconfig"))).isFalse();
            assertThat(matches(with(sshdCreation, "file.name", ".GIT"))).isFalse();
            assertThat(matches(with(sshdCreation, "file.name", ".gi"))).isTrue();
        }

        @Test
        void temporaryDirectoriesMatch() {
            assertThat(matches(with(sshdCreation, "file.path", "/tmp/foo"))).isTrue();
            assertThat(matches(with(sshdCreation, "file.path", "/var/tmp/foo"))).isTrue();
            assertThat(matches(with(sshdCreation, "file.path", "/dev/shm/foo"))).isTrue();
            assertThat(matches(with(sshdCreation, "file.path", "/private/tmp/foo"))).isFalse();
        }

        @Test
        void kerberosCachesAreExcludedCaseSensitively() {
            assertThat(matches(with(sshdCreation, "file.path", "/tmp/krb5cc_1000"))).isFalse();
            assertThat(matches(with(sshdCreation, "file.path", "/var/tmp/krb5cc_0"))).isFalse();
            // the trailing exclusion applies whichever branch matched
            assertThat(matches(with(sshdCreation, "file.name", ".x", "file.path", "/tmp/krb5cc_1"))).isFalse();
            // ":" folds case but "like" does not: /TMP/... matches "/tmp/*" and escapes the exclusion
            assertThat(matches(with(sshdCreation, "file.path", "/TMP/krb5cc_1"))).isTrue();
        }
    }
}
