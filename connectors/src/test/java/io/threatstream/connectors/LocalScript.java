package io.threatstream.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A script of {@code deploy/local} that the tests run to start and stop a server, the same script
 * people run by hand: {@code bash script command}, with variables added to its environment, within
 * a deadline.
 */
public final class LocalScript {

    private final Path path;
    private final String name;
    private final Duration timeout;

    private LocalScript(Path path, Duration timeout) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.timeout = timeout;
    }

    /**
     * The script {@code deploy/local/<name>}: at the path the system property {@code property}
     * gives, else in the nearest directory above the working directory that holds it. Each of its
     * runs may take up to {@code timeout}.
     */
    public static LocalScript find(String name, String property, Duration timeout) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return new LocalScript(Paths.get(configured).toAbsolutePath().normalize(), timeout);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/local").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return new LocalScript(candidate, timeout);
            }
        }
        throw new IllegalStateException("deploy/local/" + name + " not found above " + Paths.get("").toAbsolutePath()
                + "; set -D" + property + "=...");
    }

    /**
     * Runs the script's {@code command} with {@code env} added to its environment and returns its
     * output (stdout and stderr).
     *
     * @throws IllegalStateException with the output when the script fails, or when it is still
     *     running at the deadline
     */
    public String run(String command, Map<String, String> env) {
        ProcessBuilder process = new ProcessBuilder("bash", path.toString(), command).redirectErrorStream(true);
        process.environment().putAll(env);
        try {
            Process running = process.start();
            running.getOutputStream().close();
            // The output is small (a few lines, or a log tail on failure): read it to the end.
            byte[] output = running.getInputStream().readAllBytes();
            if (!running.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                running.destroyForcibly();
                throw new IllegalStateException(name + " " + command + " did not finish within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (running.exitValue() != 0) {
                throw new IllegalStateException(name + " " + command + " failed (exit " + running.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name + " " + command, e);
        }
    }
}
