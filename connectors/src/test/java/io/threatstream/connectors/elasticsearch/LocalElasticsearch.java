package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.LocalScript;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Elasticsearch on localhost, started and stopped through {@code
 * deploy/local/elasticsearch.sh}, the script people use: one way to run it, whether by hand or from
 * the tests. It runs over HTTPS with a throw-away CA and the built-in user {@code elastic}, so the
 * tests go through TLS and authentication like production.
 *
 * <p>Where things are, from system properties the build sets (failsafe in connectors/pom.xml):
 * {@code elasticsearch.script}, {@code elasticsearch.zip} (the server zip the build fetched; without
 * it the script looks in ~/.m2), {@code elasticsearch.workDir}. Run from an IDE, the defaults find
 * the script above the working directory and use {@code target/elasticsearch}.
 *
 * <p>A node can be stopped and {@linkplain #startAgain() started again} with its data, as an
 * outage; a test that does so uses a node of its own ({@link #startSeparate}), not the shared one.
 */
public final class LocalElasticsearch {
    public static final String USERNAME = "elastic";
    /** A fixed test password: changing it rewrites the node's keystore (a few seconds). */
    public static final String PASSWORD = "threatstream-test-password";
    /** The user the script creates with the role {@code threatstream_alert_writer}. */
    public static final String WRITER_USERNAME = "threatstream_writer";
    /** The variable holding that user's password, read by the script and by the sink. */
    public static final String WRITER_PASSWORD_ENV = "ES_WRITER_PASSWORD";
    /** The role lets the writer create documents in indices (and data streams) named so. */
    public static final String WRITER_INDEX_PREFIX = "logs-threatstream.alerts-";

    private final LocalScript script;
    private final Path workDir;
    private final int port;
    private final String version;
    private final Path passwordFile;

    private LocalElasticsearch(LocalScript script, Path workDir, int port, String version) {
        this.script = script;
        this.workDir = workDir;
        this.port = port;
        this.version = version;
        this.passwordFile = writePasswordFile();
    }

    /** Starts a node on a free port (stopping one left running in the same work directory first). */
    public static LocalElasticsearch start() {
        return start(workDir());
    }

    /**
     * Starts a node of its own on a free port, in a work directory next to the shared node's
     * (named with the suffix {@code name}): for a test that stops it, which the tests sharing the
     * node must not see. The server is unpacked there on first use.
     */
    public static LocalElasticsearch startSeparate(String name) {
        Path shared = workDir();
        return start(shared.resolveSibling(shared.getFileName() + "-" + name));
    }

    private static LocalElasticsearch start(Path workDir) {
        LocalScript script = LocalScript.find("elasticsearch.sh", "elasticsearch.script", Duration.ofMinutes(5));
        LocalElasticsearch node =
                new LocalElasticsearch(script, workDir, freePort(), System.getProperty("elasticsearch.version", "8.19.21"));
        node.run("stop", false); // a node a killed test JVM left behind would hold the work directory
        long started = System.nanoTime();
        String output = node.run("start", false);
        System.out.printf("%s%nElasticsearch startup (script, incl. unpacking on first use): %d s%n",
                output.strip(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        return node;
    }

    /** Stops the node's process (SIGTERM, as a node shutdown); its data stays on disk. */
    public void stop() {
        run("stop", false);
    }

    /** Starts the stopped node again, on the same port and with the data it had; returns once it is ready. */
    public void startAgain() {
        run("start", true);
    }

    public String url() {
        return "https://localhost:" + port;
    }

    public Path caCertificate() {
        return workDir.resolve("elasticsearch-" + version).resolve("config/certs/ca.crt");
    }

    /** The password of {@value #USERNAME}, in a file only this user may read. */
    public Secret password() {
        return Secret.fromFile(passwordFile);
    }

    /**
     * The password of {@value #WRITER_USERNAME}, from the environment.
     *
     * @throws IllegalStateException if the variable is not set (outside Maven)
     */
    public Secret writerPassword() {
        if (System.getenv(WRITER_PASSWORD_ENV) == null) {
            throw new IllegalStateException("The environment variable " + WRITER_PASSWORD_ENV
                    + " is not set, so the node has no user " + WRITER_USERNAME
                    + ": run the test with Maven (failsafe sets it) or set it yourself.");
        }
        return Secret.fromEnv(WRITER_PASSWORD_ENV);
    }

    /** A sink builder for this node: host, CA and credentials set. */
    public ElasticsearchSinkBuilder sinkBuilder() {
        return ElasticsearchSink.builder()
                .setHosts(url())
                .setCaCertificate(caCertificate())
                .setBasicAuth(USERNAME, password());
    }

    private static Path writePasswordFile() {
        try {
            Path file = Files.createTempFile("elasticsearch-password", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            return Files.writeString(file, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test password file", e);
        }
    }

    private String run(String command, boolean keepData) {
        Map<String, String> env = new HashMap<>();
        env.put("ES_KEEP_DATA", Boolean.toString(keepData));
        env.put("ES_PORT", Integer.toString(port));
        env.put("ES_WORK_DIR", workDir.toString());
        env.put("ES_VERSION", version);
        env.put("ES_SECURE", "true");
        env.put("ES_PASSWORD", PASSWORD);
        env.put("ES_HEAP", "512m");
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        String zip = System.getProperty("elasticsearch.zip");
        if (zip != null && new File(zip).isFile()) {
            env.put("ES_ZIP", zip);
        }
        return script.run(command, env);
    }

    private static Path workDir() {
        String configured = System.getProperty("elasticsearch.workDir");
        return (configured != null ? Paths.get(configured) : Paths.get("target", "elasticsearch")).toAbsolutePath().normalize();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
