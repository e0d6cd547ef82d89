package io.threatstream.connectors.file;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonSourceReaderTest {
    /** Mixed endings, empty lines, invalid UTF-8 and NUL, and no final line feed. */
    private static final byte[] CONTENT =
            bytes("{\"a\":1}\r\n\n{\"b\":\u00ff\u0000}\n\r\n{\"c\":3}\nlast");

    @TempDir Path dir;

    @Test
    void emitsEveryLineWithItsFileAndLineNumber() throws Exception {
        Path first = write("first.ndjson", CONTENT);
        Path second = write("second.ndjson", bytes("x\n"));
        TestReaderContext context = new TestReaderContext();
        NdjsonSourceReader reader = new NdjsonSourceReader(context, 1024);
        CollectingReaderOutput<RawRecord> output = new CollectingReaderOutput<>();

        reader.start();
        assertThat(context.splitRequests).isEqualTo(1);
        reader.addSplits(List.of(split(first), split(second)));
        assertThat(pollUntilStuck(reader, output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(context.splitRequests).as("asks for more once its splits are done").isEqualTo(2);
        reader.notifyNoMoreSplits();
        assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);

        assertThat(describe(output.records))
                .containsExactly(
                        first + ":1 {\"a\":1}",
                        first + ":2 ",
                        first + ":3 {\"b\":\u00ff\u0000}",
                        first + ":4 ",
                        first + ":5 {\"c\":3}",
                        first + ":6 last",
                        second + ":1 x");
        reader.close();
    }

    @Test
    void restoresFromACheckpointAtTheNextLineWithItsNumber() throws Exception {
        Path file = write("events.ndjson", CONTENT);
        List<String> all = readAll(List.of(split(file)));

        for (int emitted = 0; emitted <= all.size(); emitted++) {
            NdjsonSourceReader reader = new NdjsonSourceReader(new TestReaderContext(), 1024);
            CollectingReaderOutput<RawRecord> output = new CollectingReaderOutput<>();
            reader.addSplits(List.of(split(file)));
            for (int i = 0; i < emitted; i++) {
                assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
            }
            List<NdjsonFileSplit> checkpoint = roundTrip(reader.snapshotState(1));
            reader.close();

            assertThat(checkpoint).hasSize(1);
            assertThat(readAll(checkpoint))
                    .as("restored after %d records", emitted)
                    .isEqualTo(all.subList(emitted, all.size()));
        }
    }

    @Test
    void checkpointsTheCurrentAndTheNotYetStartedSplits() throws Exception {
        Path first = write("first.ndjson", bytes("a\nb\n"));
        Path second = write("second.ndjson", bytes("c\n"));
        NdjsonSourceReader reader = new NdjsonSourceReader(new TestReaderContext(), 1024);
        reader.addSplits(List.of(split(first), split(second)));

        reader.pollNext(new CollectingReaderOutput<>());

        assertThat(reader.snapshotState(1))
                .containsExactly(
                        new NdjsonFileSplit(first.toString(), 2, 2),
                        new NdjsonFileSplit(second.toString(), 0, 1));
        reader.close();
    }

    @Test
    void cutsLinesLongerThanTheCap() throws Exception {
        Path file = write("long.ndjson", bytes("0123456789\n012\n"));

        assertThat(readAll(List.of(split(file)), 4))
                .containsExactly(file + ":1 0123", file + ":2 012");
    }

    @Test
    void waitsForSplitsAndWakesUpWhenTheyArrive() throws Exception {
        Path file = write("a.ndjson", bytes("a\n"));
        NdjsonSourceReader reader = new NdjsonSourceReader(new TestReaderContext(), 1024);
        reader.start();
        assertThat(reader.pollNext(new CollectingReaderOutput<>()))
                .isEqualTo(InputStatus.NOTHING_AVAILABLE);

        CompletableFuture<Void> available = reader.isAvailable();
        assertThat(available).isNotDone();
        reader.addSplits(List.of(split(file)));

        assertThat(available).isDone();
        reader.close();
    }

    @Test
    void failsWithThePathWhenAFileCannotBeOpened() throws Exception {
        Path missing = dir.resolve("gone.ndjson");
        NdjsonSourceReader reader = new NdjsonSourceReader(new TestReaderContext(), 1024);
        reader.addSplits(List.of(split(missing)));

        assertThatThrownBy(() -> reader.pollNext(new CollectingReaderOutput<>()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "Cannot open input file " + missing + " from line 1 (byte 0)");
        reader.close();
    }

    private List<String> readAll(List<NdjsonFileSplit> splits) throws Exception {
        return readAll(splits, 1024);
    }

    private List<String> readAll(List<NdjsonFileSplit> splits, int maxLineBytes) throws Exception {
        NdjsonSourceReader reader = new NdjsonSourceReader(new TestReaderContext(), maxLineBytes);
        CollectingReaderOutput<RawRecord> output = new CollectingReaderOutput<>();
        reader.addSplits(splits);
        reader.notifyNoMoreSplits();
        assertThat(pollUntilStuck(reader, output)).isEqualTo(InputStatus.END_OF_INPUT);
        reader.close();
        return describe(output.records);
    }

    /** Polls until the reader has nothing more right now; bounded so a bug cannot loop forever. */
    private static InputStatus pollUntilStuck(
            NdjsonSourceReader reader, CollectingReaderOutput<RawRecord> output) throws Exception {
        for (int i = 0; i < 10_000; i++) {
            InputStatus status = reader.pollNext(output);
            if (status != InputStatus.MORE_AVAILABLE) {
                return status;
            }
        }
        throw new AssertionError("reader never stopped");
    }

    private static List<NdjsonFileSplit> roundTrip(List<NdjsonFileSplit> splits)
            throws IOException {
        NdjsonFileSplitSerializer serializer = NdjsonFileSplitSerializer.INSTANCE;
        List<NdjsonFileSplit> copies = new ArrayList<>();
        for (NdjsonFileSplit split : splits) {
            copies.add(
                    serializer.deserialize(serializer.getVersion(), serializer.serialize(split)));
        }
        assertThat(copies).isEqualTo(splits);
        return copies;
    }

    /** "path:line value", the value's bytes mapped one to one onto chars so nothing is hidden. */
    private static List<String> describe(List<RawRecord> records) {
        List<String> lines = new ArrayList<>();
        for (RawRecord record : records) {
            assertThat(record.source.type).isEqualTo(SourceCoordinates.FILE);
            lines.add(record.source + " " + new String(record.value, ISO_8859_1));
        }
        return lines;
    }

    private static NdjsonFileSplit split(Path file) {
        return NdjsonFileSplit.fromStart(file.toString());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(ISO_8859_1);
    }
}
