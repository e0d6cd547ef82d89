package io.threatstream.connectors.kafka;

import io.threatstream.connectors.LocalScript;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker as a process of its own (KRaft, broker and controller in one JVM), started
 * and stopped through {@code deploy/local/kafka.sh}: unlike the in-process {@link
 * KafkaBrokerExtension}, it can be killed and started again with its data, as a broker crash.
 *
 * <pre>{@code
 * LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of("target", "kafka-restart"));
 * ... broker.kill(); ... broker.startAgain(); ... broker.stop();
 * }</pre>
 *
 * <p>The script is found with the system property {@code kafka.script}, or above the working
 * directory. The state directory is emptied at {@link #start} except for the script's cached
 * classpath, so that only the first run there resolves it with Maven.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final String CACHED_CLASSPATH = "classpath.txt";

    private final LocalScript script;
    private final Path stateDir;
    private final int port;
    private final int controllerPort;

    private LocalKafkaBroker(LocalScript script, Path stateDir, int port, int controllerPort) {
        this.script = script;
        this.stateDir = stateDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a fresh broker on free ports with its state in {@code stateDir}. */
    public static LocalKafkaBroker start(Path stateDir) {
        Path dir = stateDir.toAbsolutePath().normalize();
        int port = freePort();
        int controllerPort = freePort();
        while (controllerPort == port) {
            controllerPort = freePort();
        }
        LocalScript script = LocalScript.find("kafka.sh", "kafka.script", Duration.ofMinutes(3));
        LocalKafkaBroker broker = new LocalKafkaBroker(script, dir, port, controllerPort);
        broker.run("stop"); // a broker a killed test JVM left behind would hold the state directory
        broker.emptyStateDirectory();
        System.out.println(broker.run("start").strip());
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Properties that connect a client to the broker. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** An admin client on the broker; close it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /**
     * Kills the broker's process with SIGKILL, as a crash: no controlled shutdown, no flush of its
     * logs (acknowledged records are in the page cache, which outlives the process). Returns once
     * the process is gone.
     */
    public void kill() {
        long pid = pid();
        ProcessHandle process =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("Kafka broker pid " + pid + " is not running"));
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker pid " + pid + " did not exit after SIGKILL", e);
        }
    }

    /** Starts the broker again with the data it had, on the same ports; returns once it is ready. */
    public String startAgain() {
        return run("start").strip();
    }

    /** Stops the broker cleanly (SIGTERM, a controlled shutdown). */
    public void stop() {
        run("stop");
    }

    @Override
    public void close() {
        stop();
    }

    private long pid() {
        try {
            return Long.parseLong(Files.readString(stateDir.resolve("kafka.pid"), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("No pid of the Kafka broker in " + stateDir, e);
        }
    }

    private void emptyStateDirectory() {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(stateDir) && !path.equals(stateDir.resolve(CACHED_CLASSPATH))) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + stateDir, e);
        }
    }

    private String run(String command) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_PORT", Integer.toString(port));
        env.put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        env.put("KAFKA_LOCAL_DIR", stateDir.toString());
        env.put("KAFKA_HEAP_OPTS", "-Xms128m -Xmx256m");
        // The script runs `java` from the PATH: make it this JVM's.
        env.put("PATH", Paths.get(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator
                + System.getenv().getOrDefault("PATH", ""));
        return script.run(command, env);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
