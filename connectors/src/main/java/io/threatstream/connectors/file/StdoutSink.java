package io.threatstream.connectors.file;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Prints one line per element to the task manager's standard output, for {@code --sink stdout} in
 * local runs. Lines are written whole (never interleaved with another writer's) and flushed at
 * every checkpoint and at the end of input. Console output cannot be taken back, so after a restore
 * lines written since the last checkpoint are printed again (at least once). Attach it with {@link
 * LineSinks#writeTo} to get all lines from one writer.
 */
public final class StdoutSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final LineEncoder<T> encoder;
    private final boolean standardError;

    public StdoutSink(LineEncoder<T> encoder) {
        this(encoder, false);
    }

    private StdoutSink(LineEncoder<T> encoder, boolean standardError) {
        this.encoder =
                Objects.requireNonNull(encoder, "Line encoder is required but not provided.");
        this.standardError = standardError;
    }

    /** The same sink on standard error, e.g. for dead letters next to alerts on standard output. */
    public static <T> StdoutSink<T> toStandardError(LineEncoder<T> encoder) {
        return new StdoutSink<>(encoder, true);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new PrintStreamWriter<>(standardError ? System.err : System.out, encoder);
    }

    /** Writes lines to a {@link PrintStream} it does not own (it is flushed, never closed). */
    static final class PrintStreamWriter<T> implements SinkWriter<T> {
        private final PrintStream out;
        private final LineEncoder<T> encoder;

        PrintStreamWriter(PrintStream out, LineEncoder<T> encoder) {
            this.out = out;
            this.encoder = encoder;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            byte[] line = EncodedLines.encode(encoder, element);
            // PrintStream locks on itself; holding the lock keeps the line and its end together.
            synchronized (out) {
                out.write(line, 0, line.length);
                out.write('\n');
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            // checkError() flushes too; PrintStream reports write failures only this way.
            if (out.checkError()) {
                throw new IOException("Cannot write to standard output");
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
