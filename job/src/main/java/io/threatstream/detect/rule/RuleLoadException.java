package io.threatstream.detect.rule;

/**
 * A rule or exception-list file that cannot be used. The message names the file and, where known,
 * the {@code line:column} in it, e.g. {@code rules/ssh.toml: line 31:18: unknown function
 * [startWith]}.
 */
public class RuleLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleLoadException(String message) {
        super(message);
    }

    public RuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
