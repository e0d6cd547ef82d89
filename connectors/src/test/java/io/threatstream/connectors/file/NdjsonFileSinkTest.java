package io.threatstream.connectors.file;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.connectors.record.Document;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonFileSinkTest {
    private static final LineEncoder<String> LATIN1 = s -> s.getBytes(ISO_8859_1);

    @TempDir Path dir;

    @Test
    void createsParentDirectoriesAndReplacesAnOldFile() throws Exception {
        Path file = dir.resolve("out/nested/alerts.ndjson");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old content that must go\n");
        NdjsonFileSink<Document> sink = NdjsonFileSink.of(file, LineEncoder.documents());

        try (SinkWriter<Document> writer = sink.createWriter(context(1))) {
            writer.write(new Document("1", "{\"a\":1}".getBytes(UTF_8)), null);
            writer.write(new Document("2", "{\"b\":\"\u00e9\"}".getBytes(UTF_8)), null);
            writer.flush(true);
        }

        assertThat(Files.readString(file, UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":\"\u00e9\"}\n");
    }

    @Test
    void buffersUntilFlushed() throws Exception {
        Path file = dir.resolve("alerts.ndjson");

        try (SinkWriter<String> writer = NdjsonFileSink.of(file, LATIN1).createWriter(context(1))) {
            writer.write("a", null);
            assertThat(Files.size(file)).isZero();
            writer.flush(false);
            assertThat(Files.readString(file, ISO_8859_1)).isEqualTo("a\n");
        }
    }

    @Test
    void aRestoreCutsTheFileBackToItsCheckpointedLength() throws Exception {
        Path file = dir.resolve("alerts.ndjson");
        NdjsonFileSink<String> sink = NdjsonFileSink.of(file, LATIN1);
        List<Long> checkpoint;
        try (StatefulSinkWriter<String, Long> writer = sink.createWriter(context(1))) {
            writer.write("one", null);
            writer.write("tw\u00f6", null);
            checkpoint = writer.snapshotState(1);
            writer.write("written after the checkpoint", null);
            writer.flush(false);
        }
        assertThat(checkpoint).containsExactly(8L);
        byte[] state = sink.getWriterStateSerializer().serialize(checkpoint.get(0));
        long restored = sink.getWriterStateSerializer().deserialize(1, state);

        try (StatefulSinkWriter<String, Long> writer =
                sink.restoreWriter(context(1), List.of(restored))) {
            writer.write("three", null);
            assertThat(writer.snapshotState(2)).containsExactly(14L);
        }

        assertThat(Files.readString(file, ISO_8859_1)).isEqualTo("one\ntw\u00f6\nthree\n");
    }

    @Test
    void aRestoreWithoutWriterStateStartsAFreshFile() throws Exception {
        Path file = Files.writeString(dir.resolve("alerts.ndjson"), "stale\n");

        try (StatefulSinkWriter<String, Long> writer =
                NdjsonFileSink.of(file, LATIN1).restoreWriter(context(1), List.of())) {
            writer.write("new", null);
        }

        assertThat(Files.readString(file)).isEqualTo("new\n");
    }

    @Test
    void refusesToRestoreAFileShorterThanItsCheckpoint() throws Exception {
        Path file = Files.writeString(dir.resolve("alerts.ndjson"), "ab\n");
        NdjsonFileSink<String> sink = NdjsonFileSink.of(file, LATIN1);

        assertThatThrownBy(() -> sink.restoreWriter(context(1), List.of(100L)))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "Cannot restore output file "
                                + file
                                + ": it has 3 bytes but the checkpoint recorded 100; was it changed"
                                + " outside the job?");
    }

    @Test
    void refusesToRunWithMoreThanOneWriter() {
        Path file = dir.resolve("alerts.ndjson");
        NdjsonFileSink<String> sink = NdjsonFileSink.of(file, LATIN1);

        assertThatThrownBy(() -> sink.createWriter(context(2)))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "The file sink for "
                                + file
                                + " writes one file and must run with parallelism 1, not 2;"
                                + " attach it with LineSinks.writeTo(...)");
        assertThat(file).doesNotExist();
    }

    @Test
    void rejectsElementsThatAreNotExactlyOneLine() throws Exception {
        Path file = dir.resolve("alerts.ndjson");
        NdjsonFileSink<String> sink =
                NdjsonFileSink.of(file, s -> s.equals("null") ? null : s.getBytes(UTF_8));

        try (SinkWriter<String> writer = sink.createWriter(context(1))) {
            assertThatThrownBy(() -> writer.write("{\n}", null))
                    .isInstanceOf(IOException.class)
                    .hasMessage(
                            "Encoded element of java.lang.String contains a line feed at byte 1;"
                                    + " a line sink writes exactly one line per element");
            assertThatThrownBy(() -> writer.write("null", null))
                    .isInstanceOf(IOException.class)
                    .hasMessage("Line encoder returned null for element of java.lang.String");
        }
    }

    @Test
    void rejectsADirectoryAsOutputPath() {
        assertThatThrownBy(() -> NdjsonFileSink.of(dir, LATIN1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Output path is a directory, not a file: " + dir);
    }

    @Test
    void stdoutWriterPrintsWholeLines() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, false, UTF_8);

        try (SinkWriter<String> writer = new StdoutSink.PrintStreamWriter<>(out, LATIN1)) {
            writer.write("{\"a\":1}", null);
            writer.write("", null);
            writer.flush(true);
        }

        assertThat(printed.toString(UTF_8)).isEqualTo("{\"a\":1}\n\n");
    }

    /** A writer context with only what the sink reads: the task's parallelism. */
    private static WriterInitContext context(int parallelism) {
        TaskInfoImpl task = new TaskInfoImpl("sink", 128, 0, parallelism, 0);
        return (WriterInitContext)
                Proxy.newProxyInstance(
                        NdjsonFileSinkTest.class.getClassLoader(),
                        new Class<?>[] {WriterInitContext.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getTaskInfo")) {
                                return task;
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }
}
