package io.threatstream.detect.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster of two processes (JobManager, TaskManager) started by
 * {@code deploy/local/flink-cluster.sh} from Flink's Maven jars, on free ports, with its state in
 * one directory. {@link #close()} stops it; so does a shutdown hook, if the test JVM ends first.
 */
final class LocalFlinkCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path script;
    private final Path stateDir;
    private final int restPort;
    private final int rpcPort;
    private final int prometheusPort;
    private final Thread shutdownHook;

    private LocalFlinkCluster(Path script, Path stateDir, int restPort, int rpcPort, int prometheusPort) {
        this.script = script;
        this.stateDir = stateDir;
        this.restPort = restPort;
        this.rpcPort = rpcPort;
        this.prometheusPort = prometheusPort;
        this.shutdownHook = new Thread(this::stopQuietly, "stop local Flink cluster");
    }

    /** The script and state directory the build names ({@code flink.cluster.script}, {@code flink.cluster.dir}). */
    static Path script() {
        return Path.of(required("flink.cluster.script"));
    }

    static Path stateDir() {
        return Path.of(required("flink.cluster.dir"));
    }

    /** Starts a cluster on free ports and waits until its TaskManager has registered. */
    static LocalFlinkCluster start() {
        int[] prometheus = freePortPair();
        LocalFlinkCluster cluster = new LocalFlinkCluster(script(), stateDir(), freePort(), freePort(), prometheus[0]);
        // A cluster a killed test run left in this directory would answer on other ports.
        cluster.run(COMMAND_TIMEOUT, "stop");
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        cluster.run(START_TIMEOUT, "start");
        return cluster;
    }

    /** The cluster's classpath (Flink's jars), resolved by the script with Maven. */
    static String classpath() {
        return run(script(), stateDir(), Map.of(), COMMAND_TIMEOUT, "classpath").strip();
    }

    String restUrl() {
        return "http://localhost:" + restPort;
    }

    /** The TaskManager's Prometheus endpoint (the JobManager's is one port lower). */
    String taskManagerMetricsUrl() {
        return "http://localhost:" + (prometheusPort + 1) + "/metrics";
    }

    /** Runs Flink's CLI against this cluster and returns its output; fails on a non-zero exit. */
    String flink(String... args) {
        List<String> command = new ArrayList<>(List.of("flink"));
        command.addAll(List.of(args));
        return run(COMMAND_TIMEOUT, command.toArray(String[]::new));
    }

    Path logFile(String process) {
        return stateDir.resolve("log").resolve(process + ".log");
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
        run(COMMAND_TIMEOUT, "stop");
    }

    private void stopQuietly() {
        try {
            run(COMMAND_TIMEOUT, "stop");
        } catch (RuntimeException | AssertionError e) {
            System.err.println("could not stop the local Flink cluster in " + stateDir + ": " + e.getMessage());
        }
    }

    private String run(Duration timeout, String... args) {
        Map<String, String> env =
                Map.of(
                        "FLINK_REST_PORT", Integer.toString(restPort),
                        "FLINK_RPC_PORT", Integer.toString(rpcPort),
                        "FLINK_PROM_PORT", Integer.toString(prometheusPort),
                        "FLINK_START_TIMEOUT", Long.toString(START_TIMEOUT.toSeconds() - 10));
        return run(script, stateDir, env, timeout, args);
    }

    private static String run(Path script, Path stateDir, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(stateDir);
            Path output = Files.createTempFile(stateDir, "command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("FLINK_LOCAL_DIR", stateDir.toString());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " did not end within " + timeout + ": " + read(output));
            }
            String text = read(output);
            Files.delete(output);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", args) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set (the build sets it for *ITCase)");
        }
        return value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two consecutive free ports (JobManager and TaskManager reporters). */
    private static int[] freePortPair() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int first = freePort();
            try (ServerSocket next = new ServerSocket(first + 1)) {
                return new int[] {first, first + 1};
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IllegalStateException("no two consecutive free ports");
    }
}
