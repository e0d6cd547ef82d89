package io.threatstream.benchmarks;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The seed rule (Potential OpenSSH Backdoor Logging Activity, version 211) written out by hand
 * over a parsed document: the straightforward way to evaluate it, and the baseline the Detector is
 * measured against.
 *
 * <p>{@code ==} is case-sensitive equality; {@code :} is a case-insensitive wildcard match, here
 * one {@link Pattern} per pattern list ({@code *} any run, {@code ?} one character; Java folds
 * ASCII letters only unless asked for Unicode case).
 */
final class SeedRuleBaseline {

    private static final FieldPath EVENT_CATEGORY = new FieldPath("event.category");
    private static final FieldPath HOST_OS_TYPE = new FieldPath("host.os.type");
    private static final FieldPath EVENT_TYPE = new FieldPath("event.type");
    private static final FieldPath PROCESS_EXECUTABLE = new FieldPath("process.executable");
    private static final FieldPath FILE_NAME = new FieldPath("file.name");
    private static final FieldPath FILE_EXTENSION = new FieldPath("file.extension");
    private static final FieldPath FILE_PATH = new FieldPath("file.path");

    private static final Predicate<String> FILE = "file"::equals;
    private static final Predicate<String> LINUX = "linux"::equals;
    private static final Predicate<String> CHANGE = "change"::equals;
    private static final Predicate<String> SSH_EXECUTABLES = wildcards("/usr/sbin/sshd", "/usr/bin/ssh");
    private static final Predicate<String> HIDDEN_OR_BACKUP_NAMES = wildcards(".*", "~*", "*~");
    private static final Predicate<String> ORDINARY_DOT_FILES = wildcards(
            ".cache", ".viminfo", ".bash_history", ".google_authenticator", ".jelenv", ".csvignore", ".rtreport");
    private static final Predicate<String> EXTENSIONS = wildcards(
            "in", "out", "ini", "h", "gz", "so", "sock", "sync", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final Predicate<String> PATHS = wildcards(
            "/private/etc/*--",
            "/usr/share/*",
            "/usr/include/*",
            "/usr/local/include/*",
            "/private/tmp/*",
            "/private/var/tmp/*",
            "/usr/tmp/*",
            "/usr/share/man/*",
            "/usr/local/share/*",
            "/usr/lib/*.so.*",
            "/private/etc/ssh/.sshd_auth",
            "/usr/bin/ssd",
            "/private/var/opt/power",
            "/private/etc/ssh/ssh_known_hosts",
            "/private/var/html/lol",
            "/private/var/log/utmp",
            "/private/var/lib",
            "/var/run/sshd/sshd.pid",
            "/var/run/nscd/ns.pid",
            "/var/run/udev/ud.pid",
            "/var/run/udevd.pid");

    private SeedRuleBaseline() {}

    /** Whether the seed rule matches the event. */
    static boolean matches(FieldValues event) {
        return event.anyValue(EVENT_CATEGORY, FILE) // "file where"
                && event.anyValue(HOST_OS_TYPE, LINUX)
                && event.anyValue(EVENT_TYPE, CHANGE)
                && event.anyValue(PROCESS_EXECUTABLE, SSH_EXECUTABLES)
                && ((event.anyValue(FILE_NAME, HIDDEN_OR_BACKUP_NAMES)
                                && !event.anyValue(FILE_NAME, ORDINARY_DOT_FILES))
                        || event.anyValue(FILE_EXTENSION, EXTENSIONS)
                        || event.anyValue(FILE_PATH, PATHS));
    }

    /** A case-insensitive match against any of the EQL wildcard patterns. */
    private static Predicate<String> wildcards(String... patterns) {
        StringBuilder regex = new StringBuilder();
        for (String pattern : patterns) {
            regex.append(regex.length() == 0 ? "(?:" : "|");
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '*' || c == '?') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
        }
        Pattern compiled = Pattern.compile(regex.append(')').toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        return value -> compiled.matcher(value).matches();
    }
}
