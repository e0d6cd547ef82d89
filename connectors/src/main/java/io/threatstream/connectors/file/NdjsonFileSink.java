package io.threatstream.connectors.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes one line per element to one file (NDJSON when the encoder writes JSON objects).
 *
 * <pre>{@code
 * NdjsonFileSink<Document> file =
 *         NdjsonFileSink.of(Path.of("out/alerts.ndjson"), LineEncoder.documents());
 * LineSinks.writeTo(alerts, file, "alerts-file", "alerts-file-sink");
 * }</pre>
 *
 * <ul>
 *   <li><b>One writer.</b> The sink owns one file, so it must run with parallelism 1; attach it
 *       with {@link LineSinks#writeTo}. A writer started with a higher parallelism fails.
 *   <li><b>Fresh start.</b> A job that starts without a checkpoint creates the parent directories
 *       and truncates the file: a replay starts with an empty output.
 *   <li><b>Exactly once after a restore.</b> Writes are buffered and flushed at every checkpoint
 *       and at the end of input; the checkpoint records the file's length. A job restored from a
 *       checkpoint cuts the file back to that length, dropping lines written after the checkpoint,
 *       which the sources replay. Lines written after the last checkpoint are visible in the file
 *       until then: readers that need only committed output should read after the job ends.
 * </ul>
 */
public final class NdjsonFileSink<T> implements Sink<T>, SupportsWriterState<T, Long> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final LineEncoder<T> encoder;

    private NdjsonFileSink(String path, LineEncoder<T> encoder) {
        this.path = path;
        this.encoder = encoder;
    }

    /**
     * A sink writing to {@code path}, which must not be a directory. The path is made absolute
     * here, so the task managers write where the job was configured to.
     */
    public static <T> NdjsonFileSink<T> of(Path path, LineEncoder<T> encoder) {
        Objects.requireNonNull(path, "Output path is required but not provided.");
        Objects.requireNonNull(encoder, "Line encoder is required but not provided.");
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(
                    "Output path is a directory, not a file: " + absolute);
        }
        return new NdjsonFileSink<>(absolute.toString(), encoder);
    }

    /** The absolute path of the output file. */
    public String path() {
        return path;
    }

    @Override
    public StatefulSinkWriter<T, Long> createWriter(WriterInitContext context) throws IOException {
        checkSingleWriter(context);
        return NdjsonFileWriter.create(Paths.get(path), encoder);
    }

    @Override
    public StatefulSinkWriter<T, Long> restoreWriter(
            WriterInitContext context, Collection<Long> recoveredState) throws IOException {
        checkSingleWriter(context);
        if (recoveredState.isEmpty()) {
            return NdjsonFileWriter.create(Paths.get(path), encoder);
        }
        if (recoveredState.size() > 1) {
            throw new IOException(
                    "Cannot restore the file sink for "
                            + path
                            + ": expected the state of one writer, got "
                            + recoveredState.size()
                            + " (was it run with parallelism > 1?)");
        }
        return NdjsonFileWriter.resume(Paths.get(path), encoder, recoveredState.iterator().next());
    }

    @Override
    public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
        return FileLengthSerializer.INSTANCE;
    }

    private void checkSingleWriter(InitContext context) throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IOException(
                    "The file sink for "
                            + path
                            + " writes one file and must run with parallelism 1, not "
                            + parallelism
                            + "; attach it with LineSinks.writeTo(...)");
        }
    }
}
