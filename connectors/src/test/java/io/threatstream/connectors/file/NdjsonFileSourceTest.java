package io.threatstream.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonFileSourceTest {
    @TempDir Path dir;

    @Test
    void readsADirectoryAsItsRegularFilesSortedByName() throws IOException {
        Path b = touch("b.ndjson");
        Path a = touch("a.ndjson");
        Path hidden = touch(".c");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("ignored.ndjson"), "x\n");

        NdjsonFileSource source = NdjsonFileSource.of(dir);

        assertThat(source.files()).containsExactly(hidden.toString(), a.toString(), b.toString());
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(source.maxLineBytes()).isEqualTo(NdjsonFileSource.DEFAULT_MAX_LINE_BYTES);
    }

    @Test
    void keepsTheGivenOrderMakesPathsAbsoluteAndReadsAFileOnce() throws IOException {
        Path b = touch("b.ndjson");
        Path a = touch("a.ndjson");
        Path relativeB = Path.of("").toAbsolutePath().relativize(b);

        NdjsonFileSource source =
                NdjsonFileSource.builder()
                        .setPaths(List.of(b, dir.resolve("x/../a.ndjson"), relativeB, dir))
                        .setMaxLineBytes(10)
                        .build();

        assertThat(source.files()).containsExactly(b.toString(), a.toString());
        assertThat(source.maxLineBytes()).isEqualTo(10);
    }

    @Test
    void namesTheMissingPath() {
        Path missing = dir.resolve("missing.ndjson");

        assertThatThrownBy(() -> NdjsonFileSource.of(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input path does not exist: " + missing);
    }

    @Test
    void rejectsAnEmptyDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        assertThatThrownBy(() -> NdjsonFileSource.of(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input directory has no regular files: " + empty);
    }

    @Test
    void requiresPaths() {
        assertThatThrownBy(() -> NdjsonFileSource.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input paths are required but not provided.");
        assertThatThrownBy(() -> NdjsonFileSource.of())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Input paths are required but not provided.");
    }

    @Test
    void rejectsAMaxLineLengthOutOfRange() throws IOException {
        Path file = touch("a.ndjson");

        assertThatThrownBy(
                        () -> NdjsonFileSource.builder().setPaths(file).setMaxLineBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Max line bytes must be between 1 and 1073741824 but is 0.");
    }

    @Test
    void splitSerializerRoundTripsAndRejectsUnknownVersions() throws IOException {
        NdjsonFileSplitSerializer serializer = NdjsonFileSplitSerializer.INSTANCE;
        NdjsonFileSplit split =
                new NdjsonFileSplit("/data/\u00e9v\u00e9nements.ndjson", 123_456_789_012L, 42);

        byte[] bytes = serializer.serialize(split);

        assertThat(serializer.deserialize(1, bytes)).isEqualTo(split);
        assertThatThrownBy(() -> serializer.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessage("Unknown NDJSON file split version 2 (expected 1)");
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "{}\n");
    }
}
