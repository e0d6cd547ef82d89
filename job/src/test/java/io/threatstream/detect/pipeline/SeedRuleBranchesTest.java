package io.threatstream.detect.pipeline;

import static io.threatstream.detect.pipeline.Verdict.MATCH;
import static io.threatstream.detect.pipeline.Verdict.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.pipeline.AgentShape.FileEvent;
import io.threatstream.detect.rule.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every branch of "Potential OpenSSH Backdoor Logging Activity", version 211 (built in) and 216
 * (test resource), through {@link Detector} on raw JSON in each agent's shape: for each file name
 * pattern, exclusion, extension, path pattern and precondition, an event that hits it and a near
 * miss. {@code rule.eql.SeedRuleTest} checks the compiled query on samples; this goes through the
 * loader, the field extractor and the four JSON layouts.
 *
 * <p>Branch events set only the file fields that branch reads, so that each case exercises exactly
 * one alternative of the rule's {@code or}.
 */
class SeedRuleBranchesTest {

    private static final Detector V211 = new Detector(RuleLoader.load(null, null), ParserLimits.defaults());
    private static final Detector V216 = new Detector(RuleLoader.load(v216Path(), null), ParserLimits.defaults());

    private static final FileEvent V211_BASE =
            new FileEvent("file", "linux", "change", "/usr/sbin/sshd", "sshd", null, null, null);
    private static final FileEvent V216_BASE = V211_BASE.withEventType("creation");

    /** A hidden file name: satisfies the file-name branch of both versions. */
    private static final String HIDDEN = ".sshlog";

    private static final List<String> V211_EXCLUDED_NAMES = List.of(
            ".cache", ".viminfo", ".bash_history", ".google_authenticator", ".jelenv", ".csvignore", ".rtreport");

    private static final List<String> EXTENSIONS = List.of(
            "in", "out", "ini", "h", "gz", "so", "sock", "sync", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Version 211's path patterns: a path each matches and a near miss that matches no pattern. */
    private static final List<PathPattern> V211_PATHS = List.of(
            new PathPattern("/private/etc/*--", "/private/etc/shadow--", "/private/etc/shadow-"),
            new PathPattern("/usr/share/*", "/usr/share/.hidden", "/usr/shared/x"),
            new PathPattern("/usr/include/*", "/usr/include/ncurses.h", "/usr/includes/ncurses.h"),
            new PathPattern("/usr/local/include/*", "/usr/local/include/pam.sock", "/usr/local/includes/pam.sock"),
            new PathPattern("/private/tmp/*", "/private/tmp/x", "/private/tmpx"),
            new PathPattern("/private/var/tmp/*", "/private/var/tmp/x", "/private/var/tmpx"),
            new PathPattern("/usr/tmp/*", "/usr/tmp/.ilog", "/usr/tmpx/.ilog"),
            // Subsumed by "/usr/share/*": the near miss has to leave /usr/share.
            new PathPattern("/usr/share/man/*", "/usr/share/man/man5/ttyS0.5", "/usr/shar/man/man5/ttyS0.5"),
            new PathPattern("/usr/local/share/*", "/usr/local/share/.sshrc~", "/usr/local/shared/.sshrc~"),
            new PathPattern("/usr/lib/*.so.*", "/usr/lib/libcurl.so.3", "/usr/lib/libcurl.so"),
            new PathPattern("/private/etc/ssh/.sshd_auth", "/private/etc/ssh/.sshd_auth", "/etc/ssh/.sshd_auth"),
            new PathPattern("/usr/bin/ssd", "/usr/bin/ssd", "/usr/bin/sshd"),
            new PathPattern("/private/var/opt/power", "/private/var/opt/power", "/private/var/opt/powe"),
            new PathPattern("/private/etc/ssh/ssh_known_hosts", "/private/etc/ssh/ssh_known_hosts",
                    "/etc/ssh/ssh_known_hosts"),
            new PathPattern("/private/var/html/lol", "/private/var/html/lol", "/var/html/lol"),
            new PathPattern("/private/var/log/utmp", "/private/var/log/utmp", "/var/log/utmp"),
            new PathPattern("/private/var/lib", "/private/var/lib", "/private/var/lib/x"),
            new PathPattern("/var/run/sshd/sshd.pid", "/var/run/sshd/sshd.pid", "/var/run/sshd.pid"),
            new PathPattern("/var/run/nscd/ns.pid", "/var/run/nscd/ns.pid", "/var/run/nscd/nscd.pid"),
            new PathPattern("/var/run/udev/ud.pid", "/var/run/udev/ud.pid", "/run/udev/ud.pid"),
            new PathPattern("/var/run/udevd.pid", "/var/run/udevd.pid", "/run/udevd.pid"));

    /** Version 216's path patterns; matching paths avoid its trailing {@code not file.path like} exclusions. */
    private static final List<PathPattern> V216_PATHS = List.of(
            new PathPattern("/usr/share/*", "/usr/share/.hidden", "/usr/shared/x"),
            new PathPattern("/usr/include/*", "/usr/include/ncurses.h", "/usr/includes/ncurses.h"),
            new PathPattern("/usr/local/include/*", "/usr/local/include/pam.sock", "/usr/local/includes/pam.sock"),
            new PathPattern("/tmp/*", "/tmp/sshd.log", "/tmpfs/sshd.log"),
            new PathPattern("/var/tmp/*", "/var/tmp/.ilog", "/var/tmpx/.ilog"),
            new PathPattern("/dev/shm/*", "/dev/shm/.x", "/dev/shmx"),
            new PathPattern("/usr/tmp/*", "/usr/tmp/.ilog", "/usr/tmpx/.ilog"),
            new PathPattern("/usr/share/man/*", "/usr/share/man/man5/ttyS0.5", "/usr/shar/man/man5/ttyS0.5"),
            new PathPattern("/usr/local/share/*", "/usr/local/share/.sshrc~", "/usr/local/shared/.sshrc~"),
            new PathPattern("/usr/lib/*.so.*", "/usr/lib/libcurl.so.3", "/usr/lib/libcurl.so"),
            new PathPattern("/usr/bin/ssd", "/usr/bin/ssd", "/usr/bin/sshd"),
            new PathPattern("/var/run/sshd/sshd.pid", "/var/run/sshd/sshd.pid", "/var/run/sshd.pid"),
            new PathPattern("/var/run/nscd/ns.pid", "/var/run/nscd/ns.pid", "/var/run/nscd/nscd.pid"),
            new PathPattern("/var/run/udev/ud.pid", "/var/run/udev/ud.pid", "/run/udev/ud.pid"),
            new PathPattern("/var/run/udevd.pid", "/var/run/udevd.pid", "/run/udevd.pid"));

    record PathPattern(String pattern, String hit, String nearMiss) {}

    /** One event and the verdict both versions' detector must give it in every shape. */
    record Branch(String description, FileEvent event, Verdict expected) {
        @Override
        public String toString() {
            return description + " -> " + expected;
        }
    }

    @ParameterizedTest(name = "v211, {0}: {1}")
    @MethodSource("v211Cases")
    void version211(AgentShape shape, Branch branch) {
        assertVerdict(V211, shape, branch);
    }

    @ParameterizedTest(name = "v216, {0}: {1}")
    @MethodSource("v216Cases")
    void version216(AgentShape shape, Branch branch) {
        assertVerdict(V216, shape, branch);
    }

    /** Auditbeat reports a file creation as ["creation", "change"], so version 211 sees the change. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(AgentShape.class)
    void version211SeesCreationOnlyWhereTheAgentAlsoReportsAChange(AgentShape shape) {
        Branch creation = new Branch("creation", V211_BASE.withEventType("creation").withFile(HIDDEN, null, null),
                shape == AgentShape.AUDITBEAT ? MATCH : NO_MATCH);
        assertVerdict(V211, shape, creation);
    }

    private static void assertVerdict(Detector detector, AgentShape shape, Branch branch) {
        byte[] json = shape.render(branch.event());
        assertThat(detector.evaluate(json))
                .as("%s as %s: %s", branch.description(), shape, new String(json, StandardCharsets.UTF_8))
                .isEqualTo(branch.expected());
    }

    static Stream<Arguments> v211Cases() {
        return inEveryShape(v211Branches());
    }

    static Stream<Arguments> v216Cases() {
        return inEveryShape(v216Branches());
    }

    private static Stream<Arguments> inEveryShape(List<Branch> branches) {
        return Stream.of(AgentShape.values())
                .flatMap(shape -> branches.stream().map(branch -> Arguments.of(shape, branch)));
    }

    private static List<Branch> v211Branches() {
        FileEvent base = V211_BASE;
        List<Branch> b = new ArrayList<>();
        fileNamePatterns(b, base);
        for (String excluded : V211_EXCLUDED_NAMES) {
            exclusion(b, base, excluded);
        }
        extensions(b, base);
        paths(b, base, V211_PATHS);

        FileEvent hit = base.withFile(HIDDEN, null, null);
        b.add(new Branch("preconditions all hold", hit, MATCH));
        b.add(new Branch("host.os.type Linux (case-sensitive ==)", hit.withOsType("Linux"), NO_MATCH));
        b.add(new Branch("host.os.type windows", hit.withOsType("windows"), NO_MATCH));
        b.add(new Branch("host.os.type missing", hit.withOsType(null), NO_MATCH));
        b.add(new Branch("event.type deletion", hit.withEventType("deletion"), NO_MATCH));
        b.add(new Branch("event.type missing", hit.withEventType(null), NO_MATCH));
        b.add(new Branch("event.category process", hit.withCategory("process"), NO_MATCH));
        b.add(new Branch("event.category missing", hit.withCategory(null), NO_MATCH));
        b.add(new Branch("executable /usr/bin/ssh", hit.withProcess("/usr/bin/ssh", "ssh"), MATCH));
        b.add(new Branch("executable in upper case (:)", hit.withProcess("/USR/SBIN/SSHD", "SSHD"), MATCH));
        b.add(new Branch("executable /usr/sbin/sshd2", hit.withProcess("/usr/sbin/sshd2", "sshd2"), NO_MATCH));
        b.add(new Branch("executable /usr/local/sbin/sshd", hit.withProcess("/usr/local/sbin/sshd", "sshd"), NO_MATCH));
        b.add(new Branch("executable missing, process.name sshd", hit.withProcess(null, "sshd"), NO_MATCH));
        b.add(new Branch("no trailing krb5cc exclusion in v211", base.withFile(HIDDEN, null, "/tmp/krb5cc_1000"), MATCH));
        return b;
    }

    private static List<Branch> v216Branches() {
        FileEvent base = V216_BASE;
        List<Branch> b = new ArrayList<>();
        fileNamePatterns(b, base);
        for (String excluded : V211_EXCLUDED_NAMES) {
            exclusion(b, base, excluded);
        }
        b.add(new Branch("name .git excluded by .git*", base.withFile(".git", null, null), NO_MATCH));
        b.add(new Branch("name .gitconfig excluded by .git*", base.withFile(".gitconfig", null, null), NO_MATCH));
        b.add(new Branch("name .GITHUB excluded by .git* (:)", base.withFile(".GITHUB", null, null), NO_MATCH));
        b.add(new Branch("name .gi not excluded", base.withFile(".gi", null, null), MATCH));
        extensions(b, base);
        paths(b, base, V216_PATHS);
        b.add(new Branch("/private/tmp/* is gone in v216", base.withFile(null, null, "/private/tmp/x"), NO_MATCH));
        b.add(new Branch("/private/etc/*-- is gone in v216", base.withFile(null, null, "/private/etc/shadow--"), NO_MATCH));

        // The trailing "not file.path like (...)" is case-sensitive, unlike the ":" patterns.
        trailing(b, base, "/tmp/krb5cc_1000", "/tmp/KRB5CC_1000");
        trailing(b, base, "/var/tmp/krb5cc_0", "/var/tmp/Krb5cc_0");
        trailing(b, base, "/tmp/ssh-XXXXq3Zk/agent.4711", "/tmp/ssh-XXXXq3Zk/Agent.4711");
        trailing(b, base, "/dev/shm/sem.mp", "/dev/shm/SEM.mp");
        b.add(new Branch("trailing exclusion also drops a file-name hit",
                base.withFile(HIDDEN, null, "/tmp/krb5cc_1000"), NO_MATCH));
        b.add(new Branch("trailing exclusion also drops an extension hit",
                base.withFile("sem.so", "so", "/dev/shm/sem.so"), NO_MATCH));
        b.add(new Branch("trailing exclusion on another path does not apply",
                base.withFile(HIDDEN, null, "/home/alice/krb5cc_1000"), MATCH));

        FileEvent hit = base.withFile(HIDDEN, null, null);
        b.add(new Branch("preconditions all hold", hit, MATCH));
        b.add(new Branch("process.name ssh", hit.withProcess("/usr/bin/ssh", "ssh"), MATCH));
        b.add(new Branch("process.name sshd from any executable", hit.withProcess("/opt/evil/sshd", "sshd"), MATCH));
        b.add(new Branch("process.name SSHD (case-sensitive in)", hit.withProcess("/usr/sbin/sshd", "SSHD"), NO_MATCH));
        b.add(new Branch("process.name sshd2", hit.withProcess("/usr/sbin/sshd", "sshd2"), NO_MATCH));
        b.add(new Branch("process.name missing", hit.withProcess("/usr/sbin/sshd", null), NO_MATCH));
        b.add(new Branch("event.type change", hit.withEventType("change"), NO_MATCH));
        b.add(new Branch("event.type missing", hit.withEventType(null), NO_MATCH));
        b.add(new Branch("host.os.type Linux (case-sensitive ==)", hit.withOsType("Linux"), NO_MATCH));
        b.add(new Branch("event.category process", hit.withCategory("process"), NO_MATCH));
        return b;
    }

    private static void fileNamePatterns(List<Branch> b, FileEvent base) {
        b.add(new Branch("name pattern .* hit", base.withFile(HIDDEN, null, null), MATCH));
        b.add(new Branch("name pattern .* near miss", base.withFile("sshlog", null, null), NO_MATCH));
        b.add(new Branch("name pattern ~* hit", base.withFile("~sshlog", null, null), MATCH));
        b.add(new Branch("name pattern ~* near miss", base.withFile("x~log", null, null), NO_MATCH));
        b.add(new Branch("name pattern *~ hit", base.withFile("sshlog~", null, null), MATCH));
        b.add(new Branch("name pattern *~ near miss", base.withFile("sshlog~x", null, null), NO_MATCH));
        b.add(new Branch("name missing, no other branch", base.withFile(null, null, null), NO_MATCH));
    }

    private static void exclusion(List<Branch> b, FileEvent base, String name) {
        b.add(new Branch("name " + name + " excluded", base.withFile(name, null, null), NO_MATCH));
        b.add(new Branch("name " + upper(name) + " excluded (:)", base.withFile(upper(name), null, null), NO_MATCH));
        b.add(new Branch("name " + name + "x not excluded", base.withFile(name + "x", null, null), MATCH));
        b.add(new Branch("name " + name + " excluded but extension so",
                base.withFile(name, "so", null), MATCH));
    }

    private static void extensions(List<Branch> b, FileEvent base) {
        for (String extension : EXTENSIONS) {
            String name = "payload." + extension;
            b.add(new Branch("extension " + extension, base.withFile(name, extension, null), MATCH));
            b.add(new Branch("extension " + upper(extension) + " (:)",
                    base.withFile(upper(name), upper(extension), null), MATCH));
            b.add(new Branch("extension " + extension + "x", base.withFile(name + "x", extension + "x", null), NO_MATCH));
        }
    }

    private static void paths(List<Branch> b, FileEvent base, List<PathPattern> patterns) {
        for (PathPattern p : patterns) {
            b.add(new Branch("path " + p.pattern() + " hit " + p.hit(), base.withFile(null, null, p.hit()), MATCH));
            b.add(new Branch("path " + p.pattern() + " hit " + upper(p.hit()) + " (:)",
                    base.withFile(null, null, upper(p.hit())), MATCH));
            b.add(new Branch("path " + p.pattern() + " near miss " + p.nearMiss(),
                    base.withFile(null, null, p.nearMiss()), NO_MATCH));
        }
    }

    private static void trailing(List<Branch> b, FileEvent base, String excluded, String otherCase) {
        b.add(new Branch("trailing exclusion " + excluded, base.withFile(null, null, excluded), NO_MATCH));
        b.add(new Branch("trailing exclusion is case-sensitive: " + otherCase,
                base.withFile(null, null, otherCase), MATCH));
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    private static String v216Path() {
        try {
            return Path.of(SeedRuleBranchesTest.class
                            .getResource("/rules/potential_openssh_backdoor_logging_activity_v216.toml")
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
