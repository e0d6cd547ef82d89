package io.threatstream.connectors.elasticsearch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a secret (API key, password) is kept: an environment variable or a file. Only this
 * reference is stored and serialized, never the value, which is read each time it is needed:
 *
 * <pre>{@code
 * Secret apiKey = Secret.fromEnv("ELASTICSEARCH_API_KEY");
 * Secret password = Secret.fromFile(Path.of("/etc/secrets/es-password"));
 * }</pre>
 *
 * <p>Why a reference: the sink is serialized into the job graph, which Flink keeps in its high
 * availability store and ships to every task manager. With the reference the value exists only in
 * the JVMs that connect to Elasticsearch, read from their own environment or file system: on the
 * task managers when a writer starts, and where the sink is built, which checks that the secret
 * can be read so that a missing variable or file fails the job before it starts. Every JVM that
 * runs the job therefore needs the variable or file.
 *
 * <p>The value is stripped of surrounding whitespace (a trailing newline in a mounted secret file
 * does no harm) and must not be empty. Messages and {@link #toString()} name the variable or file
 * and the option that named it, never the value.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 2L;

    private enum Kind {
        ENVIRONMENT_VARIABLE("environment variable "),
        FILE("file ");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Kind kind;
    /** The variable's name or the file's path: a String, since a Path is not serializable. */
    private final String name;
    /** The configuration option that named it, for messages; null when built in code. */
    private final String option;

    private Secret(Kind kind, String name, String option) {
        this.kind = kind;
        this.name = name;
        this.option = option;
    }

    /** The secret held by the environment variable {@code name}. */
    public static Secret fromEnv(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The name of the environment variable holding a secret is empty.");
        }
        return new Secret(Kind.ENVIRONMENT_VARIABLE, name.strip(), null);
    }

    /** The secret held by a UTF-8 text file. */
    public static Secret fromFile(Path file) {
        return new Secret(Kind.FILE, file.toString(), null);
    }

    /** The same reference, with the option that named it mentioned in messages. */
    Secret namedBy(String optionKey) {
        return new Secret(kind, name, optionKey);
    }

    /**
     * Reads the value now, from the process's environment or the file; never log it.
     *
     * @throws IllegalArgumentException naming the variable or file if it is unset, unreadable or
     *     empty
     */
    public String resolve() {
        return resolve(System::getenv);
    }

    /** Like {@link #resolve()}, with environment variables looked up in {@code environment}. */
    public String resolve(Function<String, String> environment) {
        String value = kind == Kind.ENVIRONMENT_VARIABLE ? environment.apply(name) : readFile();
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException(
                    kind == Kind.ENVIRONMENT_VARIABLE
                            ? "The " + origin() + " is not set or empty."
                            : "The secret " + origin() + " is empty.");
        }
        return stripped;
    }

    private String readFile() {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The exception type only: the message of some readers echoes content.
            throw new IllegalArgumentException(
                    "The secret " + origin() + " cannot be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    /**
     * Where the secret is, e.g. {@code "environment variable ELASTICSEARCH_API_KEY (option
     * sink.elasticsearch.api-key-env)"}.
     */
    public String origin() {
        return kind.label + name + (option == null ? "" : " (option " + option + ")");
    }

    @Override
    public String toString() {
        return "Secret[" + origin() + "]";
    }
}
