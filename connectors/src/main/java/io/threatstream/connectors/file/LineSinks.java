package io.threatstream.connectors.file;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Attaches the single-writer line sinks ({@link NdjsonFileSink}, {@link StdoutSink}) to a stream.
 */
public final class LineSinks {
    private LineSinks() {}

    /**
     * Writes {@code stream} to {@code sink} with parallelism 1 (one writer owns the file or the
     * console), and the given operator name and uid.
     *
     * <pre>{@code
     * NdjsonFileSink<Document> file =
     *         NdjsonFileSink.of(Path.of("alerts.ndjson"), LineEncoder.documents());
     * LineSinks.writeTo(alerts, file, "alerts-file", "alerts-file-sink");
     * }</pre>
     */
    public static <T> DataStreamSink<T> writeTo(
            DataStream<T> stream, Sink<T> sink, String name, String uid) {
        return stream.sinkTo(sink).setParallelism(1).name(name).uid(uid);
    }
}
