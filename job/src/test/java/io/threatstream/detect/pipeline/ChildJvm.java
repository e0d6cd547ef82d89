package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a JVM of its own, on the test classpath, with the given JVM
 * flags: for what a JVM decides once at start (modules, vector width).
 */
final class ChildJvm {

    private ChildJvm() {}

    /** The child's output (standard output and error); fails unless it exits with 0 within 2 minutes. */
    static String run(Class<?> main, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read to the end before waiting, so a chatty child cannot block on a full pipe.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the JVM finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
