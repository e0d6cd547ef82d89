package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both byte scanners against a plain search, on random haystacks and slices from empty to several
 * vectors long (so that the vector scanner's blocks, its overlapping last block and its
 * byte-by-byte path for short records are all hit), and their backslash test.
 */
class ByteScannerTest {

    /** Every scanner, whatever this JVM would pick; the test JVM has the Vector API module. */
    static Stream<ByteScanner> scanners() {
        return Stream.of(new SwarByteScanner("chosen by the test"), new VectorByteScanner());
    }

    @Test
    void theTestJvmPicksTheVectorScanner() {
        // Surefire starts it with --add-modules=jdk.incubator.vector, as the deploy scripts do Flink's JVMs.
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assumeTrue(VectorByteScanner.whyUnfit() == null, "this CPU's vectors are under 32 bytes");
        assertThat(ByteScanner.best()).isInstanceOf(VectorByteScanner.class);
    }

    /** What haystacks and needles are made of: letters in both cases, near-letters, non-ASCII. */
    private static final String[] ALPHABET = {
        "s", "S", "h", "H", "/", "b", "B", ".", "d", "D", "@", "[", "`", "{", " ", "x", "X", "\u00e9", "\u212a", "\\",
        "\uD83D\uDE00"
    };

    @ParameterizedTest
    @MethodSource("scanners")
    void findsExactlyWhatAPlainSearchFinds(ByteScanner scanner) {
        assertThat(compareWithAPlainSearch(scanner)).as("rounds with a hit").isBetween(5_000, 35_000);
    }

    /**
     * The vector scanner with the narrower vectors of other CPUs (AVX2: 32 bytes; 16, which {@link
     * ByteScanner#best()} no longer picks, but which stays the narrowest case of the same code): its
     * blocks, overlapping last block and short-record path depend on the width, which a JVM takes
     * from {@code -XX:MaxVectorSize}, so each width runs in a JVM of its own.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void theVectorScannerFindsTheSameWithNarrowerVectors(int vectorBytes) throws Exception {
        String output = ChildJvm.run(
                ByteScannerTest.class, "--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=" + vectorBytes);
        assertThat(output).as(output).contains(vectorBytes + " bytes at a time (SIMD", "same answers as a plain search");
    }

    /** Run in a JVM with narrower vectors: fails (exit code 1) on any difference. */
    public static void main(String[] args) {
        ByteScanner scanner = new VectorByteScanner();
        compareWithAPlainSearch(scanner);
        new ByteScannerTest().findsANeedleInTheLastBytesOfALongRecord(scanner);
        System.out.println(scanner + ": same answers as a plain search");
    }

    /** Random searches with {@code scanner} against a plain search; returns the rounds with a hit. */
    static int compareWithAPlainSearch(ByteScanner scanner) {
        SplittableRandom random = new SplittableRandom(7);
        int found = 0;
        for (int round = 0; round < 40_000; round++) {
            String needleText = randomText(random, 1 + random.nextInt(6));
            boolean caseInsensitive = random.nextBoolean();
            byte[] needle = bytes(needleText);
            if (caseInsensitive) {
                needle = lower(needle);
            }
            byte[] haystack = bytes(randomText(random, random.nextInt(random.nextBoolean() ? 40 : 300)));
            if (random.nextBoolean() && haystack.length >= needle.length) {
                // Plant the needle, in some case, so that hits are common.
                int at = random.nextInt(haystack.length - needle.length + 1);
                for (int i = 0; i < needle.length; i++) {
                    byte b = needle[i];
                    boolean upper = caseInsensitive && b >= 'a' && b <= 'z' && random.nextBoolean();
                    haystack[at + i] = upper ? (byte) (b - 32) : b;
                }
            }
            // Slices that cut a little off either end: the search must respect both.
            int from = random.nextInt(haystack.length / 4 + 1);
            int to = Math.max(from, haystack.length - random.nextInt(haystack.length / 4 + 1));
            ByteNeedle byteNeedle = new ByteNeedle(new String(needle, StandardCharsets.UTF_8), caseInsensitive);
            boolean expected = plainSearch(haystack, from, to, needle, caseInsensitive);
            assertThat(scanner.contains(byteNeedle, haystack, from, to))
                    .as("needle %s (ci %s) in %s[%d, %d)", new String(needle, StandardCharsets.UTF_8),
                            caseInsensitive, new String(haystack, StandardCharsets.ISO_8859_1), from, to)
                    .isEqualTo(expected);
            boolean backslash = new String(haystack, from, to - from, StandardCharsets.ISO_8859_1).contains("\\");
            assertThat(scanner.containsBackslash(haystack, from, to)).as("backslash in the slice").isEqualTo(backslash);
            found += expected ? 1 : 0;
        }
        return found;
    }

    @ParameterizedTest
    @MethodSource("scanners")
    void foldsAsciiLettersOnlyAndMatchesUtf8AsWritten(ByteScanner scanner) {
        ByteNeedle ssh = new ByteNeedle("bin/ssh", true);
        assertThat(found(scanner, ssh, bytes("{\"x\":\"/USR/BIN/SSHD\"}"), 0, 20)).isTrue();
        assertThat(found(scanner, ssh, bytes("/usr/bin/s\u017Fh"), 0, 12)).isFalse(); // long s
        assertThat(found(scanner, ssh, bytes("/usr/bin/ssh"), 0, 11)).isFalse(); // cut by the slice
        assertThat(found(scanner, new ByteNeedle("bin/ssh", false), bytes("/usr/BIN/ssh"), 0, 12)).isFalse();
        assertThat(found(scanner, new ByteNeedle("k\u00e9y", true), bytes("a K\u00e9Y b"), 0, 8)).isTrue();
        assertThat(found(scanner, new ByteNeedle("key", true), bytes("a \u212Aey b"), 0, 8)).isFalse(); // Kelvin sign
        // '@' and '`' are one bit away from 'A'-'Z' and 'a'-'z': folding must not confuse them.
        assertThat(found(scanner, new ByteNeedle("`a", true), bytes("@A"), 0, 2)).isFalse();
        assertThat(found(scanner, new ByteNeedle("[a", true), bytes("{a"), 0, 2)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("scanners")
    void findsANeedleInTheLastBytesOfALongRecord(ByteScanner scanner) {
        ByteNeedle ssh = new ByteNeedle("bin/ssh", true);
        for (int length = 0; length < 300; length++) {
            String padding = "x".repeat(length);
            assertThat(found(scanner, ssh, bytes(padding + "/bin/SSH"), 0, length + 8)).as("after %d bytes", length).isTrue();
            assertThat(found(scanner, ssh, bytes(padding + "/bin/ss"), 0, length + 7)).as("after %d bytes", length).isFalse();
            assertThat(found(scanner, ssh, bytes("/bin/ssh" + padding), 2, length + 8)).as("cut off").isFalse();
            assertThat(scanner.containsBackslash(bytes(padding + "\\"), 0, length + 1)).isTrue();
            assertThat(scanner.containsBackslash(bytes(padding + "\\"), 0, length)).isFalse();
        }
    }

    private static boolean found(ByteScanner scanner, ByteNeedle needle, byte[] haystack, int from, int to) {
        return scanner.contains(needle, haystack, from, to);
    }

    private static boolean plainSearch(byte[] haystack, int from, int to, byte[] needle, boolean caseInsensitive) {
        for (int at = from; at + needle.length <= to; at++) {
            boolean all = true;
            for (int i = 0; i < needle.length && all; i++) {
                byte b = haystack[at + i];
                if (caseInsensitive && b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                all = b == needle[i];
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    private static byte[] lower(byte[] in) {
        byte[] out = in.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] += 32;
            }
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
