package io.threatstream.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job as a process of its own, killed with SIGKILL mid-run and started again with the same
 * command line (as a supervisor restarts it): it resumes from its latest checkpoint in {@code
 * --checkpoint.dir}, and the alerts file ends up holding every expected alert exactly once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProcessCrashITCase {

    /** The module flags of {@code deploy/local/run-job.sh} (Flink's own for Java 17). */
    private static final List<String> JVM_FLAGS =
            List.of(
                    "-Xmx512m",
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
                    "--add-modules=jdk.incubator.vector");

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A paced, reproducible input (the bounded generator: event times from a fixed start), so the
     * kill lands mid-stream however fast the job is: 40,000 events at 4,000/s take 10 s. A file
     * read as fast as the job can stopped being one when the detector got faster.
     */
    private static final int EVENTS = 40_000;
    private static final int RATE = 4_000;
    private static final long SEED = 5;
    private static final int HOSTS = 1000;
    private static final double SSH_RATIO = 0.001;
    private static final double MATCH_RATIO = 0.001;

    @TempDir Path dir;

    @Test
    void aKilledJobResumesFromItsCheckpointAndWritesEveryAlertOnce() throws Exception {
        String ruleId = RuleLoader.load(null, null).metadata().ruleId();
        // The events the job's --source generator makes with the same options.
        FleetSimulator fleet = new FleetSimulator(SEED, HOSTS, SSH_RATIO, MATCH_RATIO, Sources.GENERATOR_EPOCH, RATE);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            if (fleet.isBackdoorWrite(i)) {
                expected.add(AlertIds.forMatch(ruleId, fleet.event(i)));
            }
        }
        assertThat(expected).as("matching events").hasSizeGreaterThan(20);
        Path alerts = dir.resolve("alerts.ndjson");
        Path checkpoints = dir.resolve("checkpoints");
        List<String> command = command(alerts, checkpoints, logConfiguration());

        Process first = start(command, dir.resolve("first.log"));
        waitUntil(
                first,
                () -> hasCheckpoint(checkpoints) && alertLines(alerts) > 0,
                "a completed checkpoint and an alert written");
        assertThat(first.isAlive()).as("the first run is still running when killed").isTrue();
        first.destroyForcibly().waitFor();
        int alertsAtKill = alertLines(alerts);
        assertThat(alertsAtKill).as("alerts written before the kill").isLessThan(expected.size());

        Process second = start(command, dir.resolve("second.log"));
        assertThat(second.waitFor(4, TimeUnit.MINUTES)).as("the resumed run finishes").isTrue();
        assertThat(second.exitValue()).as("exit code of the resumed run; log: %s", dir.resolve("second.log")).isZero();
        // A fresh start would write the same alerts again: make sure this run restored.
        assertThat(Files.readString(dir.resolve("second.log"))).contains("Restoring job").contains(checkpoints.toString());

        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
            ids.add(JSON.readTree(line).path("kibana.alert.uuid").asText());
        }
        assertThat(ids).as("alert ids").doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
        System.out.printf(
                "ProcessCrashITCase: killed with %d of %d alerts written; after the resumed run %d alerts, %d unique%n",
                alertsAtKill, expected.size(), ids.size(), new HashSet<>(ids).size());
    }

    /** Logs warnings, and the checkpoint coordinator's restore message that shows a resume. */
    private Path logConfiguration() throws IOException {
        return Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = WARN",
                        "rootLogger.appenderRef.console.ref = Console",
                        "appender.console.name = Console",
                        "appender.console.type = CONSOLE",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1} - %m%n",
                        "logger.checkpoints.name = org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
                        "logger.checkpoints.level = INFO",
                        ""));
    }

    private static List<String> command(Path alerts, Path checkpoints, Path logConfiguration) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-Dlog4j.configurationFile=" + logConfiguration);
        command.addAll(
                List.of(
                        "-cp", System.getProperty("java.class.path"),
                        DetectionJob.class.getName(),
                        "--source", "generator",
                        "--generator.count", Integer.toString(EVENTS),
                        "--generator.rate", Integer.toString(RATE),
                        "--generator.seed", Long.toString(SEED),
                        "--generator.hosts", Integer.toString(HOSTS),
                        "--generator.ssh-ratio", Double.toString(SSH_RATIO),
                        "--generator.match-ratio", Double.toString(MATCH_RATIO),
                        "--sink", "file", "--sink.path", alerts.toString(),
                        "--limit.max-alerts", "1000000",
                        "--checkpoint.dir", checkpoints.toString(),
                        "--resume-from", checkpoints.toString(),
                        "--checkpoint.interval", "1s",
                        "--parallelism", "1",
                        "--web.port", Integer.toString(freePort())));
        return command;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Polls {@code condition} until it holds; fails if the process ends first or after 2 minutes. */
    private static void waitUntil(Process process, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            // Waiting on the process doubles as the poll interval and notices an early exit.
            assertThat(process.waitFor(100, TimeUnit.MILLISECONDS))
                    .as("the job ended (exit %s) before %s", process.isAlive() ? "-" : process.exitValue(), what)
                    .isFalse();
        }
    }

    private static boolean hasCheckpoint(Path root) {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
        } catch (IOException e) {
            return false; // the job is writing there right now; look again
        }
    }

    private static int alertLines(Path alerts) {
        try (Stream<String> lines = Files.lines(alerts, StandardCharsets.UTF_8)) {
            return (int) lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not there yet
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
