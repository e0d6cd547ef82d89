package io.threatstream.connectors.elasticsearch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A secret value (API key, password) that never shows in logs or messages: {@link #toString()}
 * names where it came from, never the value. Read it from an environment variable or a file
 * (surrounding whitespace trimmed, so a trailing newline in a mounted secret file does no harm):
 *
 * <pre>{@code
 * Secret apiKey = Secret.fromEnv("ELASTICSEARCH_API_KEY");
 * Secret password = Secret.fromFile(Path.of("/etc/secrets/es-password"));
 * }</pre>
 *
 * <p>The sink that receives it is serialized into the job graph, and the secret with it: the
 * value travels to the task managers like the rest of the job configuration.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;
    private final String origin;

    private Secret(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** A secret the caller has already read; {@code origin} says where from, for messages. */
    public static Secret of(String value, String origin) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("The secret from " + origin + " is empty.");
        }
        return new Secret(trimmed, origin);
    }

    /** Reads the environment variable {@code name}; fails if it is unset or blank. */
    public static Secret fromEnv(String name) {
        return fromEnv(name, System.getenv())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "The environment variable "
                                                + name
                                                + " is not set or empty."));
    }

    /** Reads the variable {@code name} of {@code env}; empty if it is unset or blank. */
    public static Optional<Secret> fromEnv(String name, Map<String, String> env) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Secret(value.strip(), "environment variable " + name));
    }

    /** Reads a UTF-8 file; fails if it cannot be read or holds only whitespace. */
    public static Secret fromFile(Path file) {
        String origin = "file " + file;
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The exception type and path only: the message of some readers echoes content.
            throw new IllegalArgumentException(
                    "The secret " + origin + " cannot be read (" + e.getClass().getSimpleName() + ").");
        }
        return of(content, origin);
    }

    /** The value, for building the request header; never log it. */
    public String reveal() {
        return value;
    }

    /** Where the secret came from, e.g. {@code "environment variable ELASTICSEARCH_API_KEY"}. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Secret[" + origin + "]";
    }
}
