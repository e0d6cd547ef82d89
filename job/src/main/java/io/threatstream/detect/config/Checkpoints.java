package io.threatstream.detect.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where checkpoints are kept and what a job resumes from. With {@code --checkpoint.dir} they are
 * retained after cancellation and crashes; {@code --resume-from} takes a savepoint, a checkpoint
 * ({@code chk-N}), or a directory holding checkpoints, of which the latest complete one is used.
 */
final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
    private static final String METADATA = "_metadata";

    private Checkpoints() {}

    static void configure(Configuration flink, Configuration options) {
        options.getOptional(JobOptions.CHECKPOINT_DIR)
                .ifPresent(
                        dir -> {
                            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, asUri(dir));
                            flink.set(
                                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
                        });
        resumePoint(options).ifPresent(path -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
    }

    /**
     * What {@code --resume-from} points at, checked at start. When it names the {@code
     * --checkpoint.dir} and that holds no checkpoint yet, the job starts fresh: a supervisor can then
     * use one command line for the first start and every restart.
     */
    static Optional<String> resumePoint(Configuration options) {
        Optional<String> from = options.getOptional(JobOptions.RESUME_FROM);
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> dir = options.getOptional(JobOptions.CHECKPOINT_DIR);
        boolean ownCheckpointDir = dir.isPresent() && sameLocalPath(dir.get(), from.get());
        if (ownCheckpointDir && !hasCheckpoint(from.get())) {
            LOG.warn("No complete checkpoint in {} yet: starting without state", from.get());
            return Optional.empty();
        }
        return Optional.of(resolve(from.get()));
    }

    private static boolean sameLocalPath(String a, String b) {
        return !a.contains(":/") && !b.contains(":/") && Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }

    private static boolean hasCheckpoint(String dir) {
        Path path = Path.of(dir);
        return Files.isDirectory(path) && latestCheckpoint(path).isPresent();
    }

    /** A local path as a {@code file://} URI; a URI (s3://, hdfs://, file:/) as given. */
    private static String asUri(String dir) {
        return dir.contains(":/") ? dir : Path.of(dir).toAbsolutePath().toUri().toString();
    }

    /**
     * The savepoint or checkpoint to resume from. Remote URIs are passed to Flink as given; local
     * directories are searched for their latest complete checkpoint.
     */
    static String resolve(String from) {
        if (from.contains(":/") && !from.startsWith("file:")) {
            return from;
        }
        Path path = from.startsWith("file:") ? Path.of(java.net.URI.create(from)) : Path.of(from);
        if (Files.isRegularFile(path.resolve(METADATA))) {
            return path.toAbsolutePath().toString();
        }
        if (!Files.isDirectory(path)) {
            throw new OptionsException("Option --resume-from: " + from + " is not a directory");
        }
        return latestCheckpoint(path)
                .map(p -> p.toAbsolutePath().toString())
                .orElseThrow(
                        () -> new OptionsException(
                                "Option --resume-from: no savepoint or complete checkpoint in " + from));
    }

    /** The newest {@code chk-N} with metadata up to two levels below {@code root} (root/job-id/chk-N). */
    private static Optional<Path> latestCheckpoint(Path root) {
        try (Stream<Path> candidates = Files.find(root, 2, (p, attrs) -> attrs.isDirectory() && isCheckpoint(p))) {
            return candidates
                    .filter(p -> Files.isRegularFile(p.resolve(METADATA)))
                    .max(Comparator.comparingLong(Checkpoints::modified).thenComparingLong(Checkpoints::number));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCheckpoint(Path p) {
        return CHECKPOINT_DIR.matcher(p.getFileName().toString()).matches();
    }

    private static long number(Path p) {
        Matcher m = CHECKPOINT_DIR.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve(METADATA)).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
