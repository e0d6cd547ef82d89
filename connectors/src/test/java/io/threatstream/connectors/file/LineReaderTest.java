package io.threatstream.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineReaderTest {
    private static final int NO_CAP = 1 << 30;

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 7, 64 * 1024})
    void splitsAtLineFeeds(int buffer) throws IOException {
        assertThat(lines("a\nbb\nccc\n", NO_CAP, buffer)).containsExactly("a", "bb", "ccc");
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 7, 64 * 1024})
    void dropsOneCarriageReturnBeforeTheLineFeed(int buffer) throws IOException {
        assertThat(lines("a\r\nbb\r\n", NO_CAP, buffer)).containsExactly("a", "bb");
        assertThat(lines("a\r\r\n", NO_CAP, buffer)).containsExactly("a\r");
        assertThat(lines("a\rb\n", NO_CAP, buffer)).containsExactly("a\rb");
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 7, 64 * 1024})
    void keepsEmptyLines(int buffer) throws IOException {
        assertThat(lines("\n\na\n\n", NO_CAP, buffer)).containsExactly("", "", "a", "");
        assertThat(lines("\r\n", NO_CAP, buffer)).containsExactly("");
        assertThat(lines("\n", NO_CAP, buffer)).containsExactly("");
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 7, 64 * 1024})
    void endOfInputEndsTheLastLineButStartsNoEmptyOne(int buffer) throws IOException {
        assertThat(lines("a\nb", NO_CAP, buffer)).containsExactly("a", "b");
        assertThat(lines("a\nb\n", NO_CAP, buffer)).containsExactly("a", "b");
        assertThat(lines("a\r", NO_CAP, buffer)).containsExactly("a");
        assertThat(lines("a\n\r", NO_CAP, buffer)).containsExactly("a", "");
        assertThat(lines("", NO_CAP, buffer)).isEmpty();
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 64 * 1024})
    void passesInvalidUtf8AndNulBytesThrough(int buffer) throws IOException {
        byte[] invalid = {
            (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
        };
        byte[] withNul = {'{', 0, '}', 0};
        byte[] input = concat(invalid, new byte[] {'\n'}, withNul, new byte[] {'\r', '\n'});

        List<byte[]> lines = readAll(input, NO_CAP, buffer);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsExactly(invalid);
        assertThat(lines.get(1)).containsExactly(withNul);
    }

    @Test
    void readsLinesOfSeveralMegabytes() throws IOException {
        byte[] big = new byte[2 * 1024 * 1024 + 3];
        new Random(7).nextBytes(big);
        for (int i = 0; i < big.length; i++) {
            if (big[i] == '\n') {
                big[i] = 'n';
            }
        }
        big[big.length - 1] = 'z'; // not a CR, which would be dropped before the line feed
        byte[] input = concat(big, "\nnext\n".getBytes(UTF_8));

        List<byte[]> lines =
                readAll(
                        input,
                        NdjsonFileSource.DEFAULT_MAX_LINE_BYTES,
                        LineReader.DEFAULT_BUFFER_BYTES);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(big);
        assertThat(new String(lines.get(1), UTF_8)).isEqualTo("next");
    }

    @Test
    void readsAVeryLongFile(@TempDir Path dir) throws IOException {
        int count = 300_000;
        Path file = dir.resolve("long.ndjson");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("{\"n\":").append(i).append("}\n");
        }
        Files.writeString(file, text, UTF_8);

        int read = 0;
        try (LineReader reader = LineReader.open(file, 0, NO_CAP)) {
            byte[] line;
            while ((line = reader.readLine()) != null) {
                read++;
                assertThat(new String(line, UTF_8)).isEqualTo("{\"n\":" + read + "}");
            }
            assertThat(reader.nextLineOffset()).isEqualTo(Files.size(file));
        }
        assertThat(read).isEqualTo(count);
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 2, 3, 64 * 1024})
    void cutsLinesLongerThanTheCap(int buffer) throws IOException {
        LineReader reader = reader("abcd\nabcde\nabcd\r\nabcde\r\nabcdefghijkl\nxy", 4, buffer);

        assertThat(readLine(reader)).isEqualTo("abcd");
        assertThat(reader.lastLineTruncated()).isFalse();
        assertThat(readLine(reader)).isEqualTo("abcd");
        assertThat(reader.lastLineTruncated()).isTrue();
        assertThat(readLine(reader)).isEqualTo("abcd");
        assertThat(reader.lastLineTruncated()).isFalse();
        assertThat(readLine(reader)).isEqualTo("abcd");
        assertThat(reader.lastLineTruncated()).isTrue();
        assertThat(readLine(reader)).isEqualTo("abcd");
        assertThat(reader.lastLineTruncated()).isTrue();
        assertThat(readLine(reader)).isEqualTo("xy");
        assertThat(reader.lastLineTruncated()).isFalse();
        assertThat(reader.readLine()).isNull();
        assertThat(reader.nextLineOffset()).isEqualTo(39);
    }

    @ParameterizedTest(name = "buffer {0}")
    @ValueSource(ints = {1, 3, 64 * 1024})
    void resumesAtTheOffsetOfTheNextLine(int buffer) throws IOException {
        byte[] input = "one\r\n\ntwo\nthree\r\nfour".getBytes(UTF_8);
        List<String> all = lines(new String(input, UTF_8), NO_CAP, buffer);

        for (int done = 0; done <= all.size(); done++) {
            LineReader first = new LineReader(new ByteArrayInputStream(input), 0, NO_CAP, buffer);
            for (int i = 0; i < done; i++) {
                first.readLine();
            }
            int offset = (int) first.nextLineOffset();
            LineReader resumed =
                    new LineReader(
                            new ByteArrayInputStream(input, offset, input.length - offset),
                            offset,
                            NO_CAP,
                            buffer);

            assertThat(strings(resumed))
                    .as("after %d lines", done)
                    .isEqualTo(all.subList(done, all.size()));
            assertThat(resumed.nextLineOffset()).isEqualTo(input.length);
        }
    }

    /** Random inputs over a tiny alphabet hit every boundary case; compared with a naive split. */
    @Test
    void agreesWithANaiveSplitOnRandomInput() throws IOException {
        Random random = new Random(42);
        byte[] alphabet = {'a', '\r', '\n', (byte) 0xFF, 0};
        for (int round = 0; round < 3_000; round++) {
            byte[] input = new byte[random.nextInt(40)];
            for (int i = 0; i < input.length; i++) {
                input[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int cap = 1 + random.nextInt(8);
            int buffer = 1 + random.nextInt(10);

            List<byte[]> actual = readAll(input, cap, buffer);
            List<byte[]> expected = naiveSplit(input, cap);

            assertThat(actual)
                    .as("input %s cap %d buffer %d", Arrays.toString(input), cap, buffer)
                    .usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void rejectsCapsOutsideTheSupportedRange() {
        assertThatThrownBy(() -> reader("a", 0, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLineBytes must be between 1 and 1073741824: 0");
    }

    private static List<byte[]> naiveSplit(byte[] input, int cap) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            boolean end = i == input.length;
            if (end && start == input.length) {
                break;
            }
            if (end || input[i] == '\n') {
                int stop = i > start && input[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(input, start, Math.min(stop, start + cap)));
                start = i + 1;
            }
        }
        return lines;
    }

    private static LineReader reader(String input, int cap, int buffer) {
        return new LineReader(new ByteArrayInputStream(input.getBytes(UTF_8)), 0, cap, buffer);
    }

    private static String readLine(LineReader reader) throws IOException {
        return new String(reader.readLine(), UTF_8);
    }

    private static List<String> lines(String input, int cap, int buffer) throws IOException {
        return strings(reader(input, cap, buffer));
    }

    private static List<String> strings(LineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        byte[] line;
        while ((line = reader.readLine()) != null) {
            lines.add(new String(line, UTF_8));
        }
        return lines;
    }

    private static List<byte[]> readAll(byte[] input, int cap, int buffer) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input), 0, cap, buffer);
        List<byte[]> lines = new ArrayList<>();
        byte[] line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
