package io.threatstream.connectors.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * The writer of {@link NdjsonFileSink}: buffered appends to one file whose length is the
 * checkpointed state.
 */
final class NdjsonFileWriter<T> implements StatefulSinkWriter<T, Long> {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final LineEncoder<T> encoder;
    private final FileChannel channel;
    private final OutputStream out;

    /** Bytes in the file once the buffer is flushed. */
    private long length;

    private NdjsonFileWriter(Path path, LineEncoder<T> encoder, FileChannel channel, long length) {
        this.path = path;
        this.encoder = encoder;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        this.length = length;
    }

    /** Creates or truncates {@code path} (and its parent directories). */
    static <T> NdjsonFileWriter<T> create(Path path, LineEncoder<T> encoder) throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel =
                FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
        return new NdjsonFileWriter<>(path, encoder, channel, 0);
    }

    /** Reopens {@code path} and cuts it back to {@code length}, its length at the checkpoint. */
    static <T> NdjsonFileWriter<T> resume(Path path, LineEncoder<T> encoder, long length)
            throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("Cannot restore output file " + path + " (" + e + ")", e);
        }
        try {
            long size = channel.size();
            if (size < length) {
                throw new IOException(
                        "Cannot restore output file "
                                + path
                                + ": it has "
                                + size
                                + " bytes but the checkpoint recorded "
                                + length
                                + "; was it changed outside the job?");
            }
            channel.truncate(length);
            channel.position(length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new NdjsonFileWriter<>(path, encoder, channel, length);
    }

    @Override
    public void write(T element, Context context) throws IOException {
        byte[] line = EncodedLines.encode(encoder, element);
        out.write(line);
        out.write('\n');
        length += line.length + 1L;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        out.flush();
    }

    @Override
    public List<Long> snapshotState(long checkpointId) throws IOException {
        out.flush();
        return List.of(length);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String toString() {
        return "NdjsonFileWriter{" + path + ", " + length + " bytes}";
    }
}
