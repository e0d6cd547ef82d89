package io.threatstream.connectors.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds an {@link NdjsonFileSource}.
 *
 * <pre>{@code
 * NdjsonFileSource source = NdjsonFileSource.builder()
 *         .setPaths(Path.of("exports/"))          // a directory: all its regular files, sorted
 *         .setMaxLineBytes(4 * 1024 * 1024)
 *         .build();
 * }</pre>
 *
 * {@link #build()} resolves directories and checks that every file exists and is readable, so a bad
 * path fails at job start with an {@link IllegalArgumentException} that names it.
 */
public final class NdjsonFileSourceBuilder {
    private List<Path> paths;
    private int maxLineBytes = NdjsonFileSource.DEFAULT_MAX_LINE_BYTES;

    NdjsonFileSourceBuilder() {}

    /** Files and directories to read, in this order. Required. */
    public NdjsonFileSourceBuilder setPaths(Path... paths) {
        return setPaths(Arrays.asList(Objects.requireNonNull(paths, "paths")));
    }

    /** Files and directories to read, in this order. Required. */
    public NdjsonFileSourceBuilder setPaths(Collection<Path> paths) {
        this.paths = new ArrayList<>(Objects.requireNonNull(paths, "paths"));
        return this;
    }

    /**
     * Longest line emitted whole (default 16 MiB); longer lines are emitted as their first {@code
     * maxLineBytes} bytes. At most 1 GiB.
     */
    public NdjsonFileSourceBuilder setMaxLineBytes(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        return this;
    }

    public NdjsonFileSource build() {
        sanityCheck();
        return new NdjsonFileSource(resolveFiles(), maxLineBytes);
    }

    private void sanityCheck() {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("Input paths are required but not provided.");
        }
        if (paths.contains(null)) {
            throw new IllegalArgumentException("Input paths must not contain null: " + paths);
        }
        if (maxLineBytes < 1 || maxLineBytes > LineReader.MAX_SUPPORTED_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "Max line bytes must be between 1 and "
                            + LineReader.MAX_SUPPORTED_LINE_BYTES
                            + " but is "
                            + maxLineBytes
                            + ".");
        }
    }

    private List<String> resolveFiles() {
        Set<String> files = new LinkedHashSet<>();
        for (Path given : paths) {
            Path path = given.toAbsolutePath().normalize();
            if (Files.isDirectory(path)) {
                List<Path> children = listRegularFiles(path);
                if (children.isEmpty()) {
                    throw new IllegalArgumentException(
                            "Input directory has no regular files: " + path);
                }
                children.forEach(child -> files.add(checkedFile(child)));
            } else {
                files.add(checkedFile(path));
            }
        }
        return new ArrayList<>(files);
    }

    private static List<Path> listRegularFiles(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot list input directory " + directory + ": " + e, e);
        }
    }

    private static String checkedFile(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("Input path does not exist: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "Input path is neither a regular file nor a directory: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Input file is not readable: " + file);
        }
        return file.toString();
    }
}
