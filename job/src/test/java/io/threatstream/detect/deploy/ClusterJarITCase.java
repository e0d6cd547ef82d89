package io.threatstream.detect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.DetectionJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar for Flink clusters ({@code job/target/*-cluster.jar}) as the build made it: what it
 * bundles, what it leaves to the cluster, and that its main class starts on a Flink
 * distribution's classpath.
 */
class ClusterJarITCase {

    private static Path jar;
    private static Set<String> entries;
    private static Manifest manifest;

    @BeforeAll
    static void open() throws IOException {
        jar = Path.of(System.getProperty("cluster.jar"));
        assertThat(jar).as("the cluster jar (mvn package)").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = new TreeSet<>(Collections.list(file.entries()).stream().map(e -> e.getName()).toList());
            manifest = file.getManifest();
        }
    }

    @Test
    void leavesFlinkItselfAndLoggingToTheCluster() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/api/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/configuration/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/connector/datagen/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"));
    }

    @Test
    void bundlesTheJobTheConnectorsAndTheirClients() {
        assertThat(entries)
                .contains(
                        classFile(DetectionJob.class.getName()),
                        "io/threatstream/connectors/elasticsearch/ElasticsearchSink.class",
                        "io/threatstream/connectors/kafka/KafkaSources.class",
                        "rules/potential_openssh_backdoor_logging_activity.toml",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/flink/connector/base/sink/AsyncSinkBase.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                        "org/elasticsearch/client/RestClient.class",
                        "org/apache/http/impl/nio/client/CloseableHttpAsyncClient.class",
                        "org/apache/http/HttpHost.class");
    }

    @Test
    void carriesJacksonUnderItsOwnPackageWithServiceFilesToMatch() {
        String relocated = "io/threatstream/shaded/com/fasterxml/jackson/";
        assertThat(entries)
                .contains(relocated + "databind/ObjectMapper.class", relocated + "dataformat/toml/TomlFactory.class")
                .noneMatch(e -> e.startsWith("com/fasterxml/"));
        assertThat(entries)
                .filteredOn(e -> e.startsWith("META-INF/services/") && e.contains("jackson"))
                .isNotEmpty()
                .allMatch(e -> e.startsWith("META-INF/services/io.threatstream.shaded.com.fasterxml.jackson."));
    }

    @Test
    void namesItsMainClassAndIsMultiRelease() {
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(DetectionJob.class.getName());
        assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
    }

    @Test
    void startsOnTheClassPathOfAFlinkDistribution() throws Exception {
        String mainClass = manifest.getMainAttributes().getValue("Main-Class");
        String classpath = jar + java.io.File.pathSeparator + LocalFlinkCluster.classpath();

        Result help = java(classpath, mainClass, "--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("--source.kafka.bootstrap-servers", "--sink.elasticsearch.hosts");

        // A bad option fails before any Flink job starts, with the job's own message and exit code.
        Result bad = java(classpath, mainClass, "--sink", "elasticsearch");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(2);
        assertThat(bad.output()).contains("sink.elasticsearch.hosts");
    }

    private record Result(int exitCode, String output) {}

    private static Result java(String classpath, String mainClass, String... args) throws Exception {
        Path output = Files.createTempFile("cluster-jar-", ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String classFile(String className) {
        return className.replace('.', '/') + ".class";
    }
}
