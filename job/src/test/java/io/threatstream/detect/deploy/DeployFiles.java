package io.threatstream.detect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files under {@code deploy/}: the Kubernetes manifests and the image's Dockerfile. */
final class DeployFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {}

    /** {@code deploy/}, from the {@code deploy.dir} system property the build sets. */
    static Path deployDir() {
        String dir = System.getProperty("deploy.dir", "../deploy");
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new AssertionError("deploy.dir=" + dir + " is not a directory");
        }
        return path;
    }

    static Path k8sDir() {
        return deployDir().resolve("k8s");
    }

    /** Every document of every {@code *.yaml}/{@code *.yml} under {@code deploy/k8s}, in file order. */
    static List<Manifest> manifests() {
        List<Manifest> all = new ArrayList<>();
        for (Path file : yamlFiles(k8sDir())) {
            all.addAll(read(file));
        }
        if (all.isEmpty()) {
            throw new AssertionError("no manifests under " + k8sDir());
        }
        return all;
    }

    /** The documents of one YAML file; empty documents (a trailing {@code ---}) are skipped. */
    static List<Manifest> read(Path file) {
        List<Manifest> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int index = 0;
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(new Manifest(k8sDir().relativize(file).toString(), index, doc));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return docs;
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** One YAML document of a manifest file. */
    record Manifest(String file, int index, JsonNode doc) {

        String apiVersion() {
            return doc.path("apiVersion").asText();
        }

        String kind() {
            return doc.path("kind").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        JsonNode spec() {
            return doc.path("spec");
        }

        @Override
        public String toString() {
            return file + (index > 0 ? " (document " + (index + 1) + ")" : "") + ": " + kind() + " " + name();
        }
    }
}
