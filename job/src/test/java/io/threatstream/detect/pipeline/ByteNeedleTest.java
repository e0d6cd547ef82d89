package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The eight-at-a-time needle search against a plain one, on random haystacks and slices, and the
 * backslash it notes on the way.
 */
class ByteNeedleTest {

    /** What haystacks and needles are made of: letters in both cases, near-letters, non-ASCII. */
    private static final String[] ALPHABET = {
        "s", "S", "h", "H", "/", "b", "B", ".", "d", "D", "@", "[", "`", "{", " ", "x", "X", "\u00e9", "\u212a", "\\",
        "\uD83D\uDE00"
    };

    @Test
    void findsExactlyWhatAPlainSearchFinds() {
        SplittableRandom random = new SplittableRandom(7);
        int found = 0;
        for (int round = 0; round < 40_000; round++) {
            String needleText = randomText(random, 1 + random.nextInt(6));
            boolean caseInsensitive = random.nextBoolean();
            byte[] needle = bytes(needleText);
            if (caseInsensitive) {
                needle = lower(needle);
            }
            byte[] haystack = bytes(randomText(random, random.nextInt(40)));
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
            assertThat(found(byteNeedle, haystack, from, to))
                    .as("needle %s (ci %s) in %s[%d, %d)", new String(needle, StandardCharsets.UTF_8),
                            caseInsensitive, new String(haystack, StandardCharsets.ISO_8859_1), from, to)
                    .isEqualTo(expected);
            if (!expected) {
                boolean backslash = new String(haystack, from, to - from, StandardCharsets.ISO_8859_1).contains("\\");
                assertThat(byteNeedle.search(haystack, from, to)).as("backslash in the slice: %s", backslash)
                        .isEqualTo(backslash ? ByteNeedle.ABSENT : ByteNeedle.ABSENT_WITHOUT_BACKSLASH);
            }
            found += expected ? 1 : 0;
        }
        assertThat(found).as("rounds with a hit").isBetween(5_000, 35_000);
    }

    @Test
    void foldsAsciiLettersOnlyAndMatchesUtf8AsWritten() {
        ByteNeedle ssh = new ByteNeedle("bin/ssh", true);
        assertThat(found(ssh, bytes("{\"x\":\"/USR/BIN/SSHD\"}"), 0, 20)).isTrue();
        assertThat(found(ssh, bytes("/usr/bin/s\u017Fh"), 0, 12)).isFalse(); // long s
        assertThat(found(ssh, bytes("/usr/bin/ssh"), 0, 11)).isFalse(); // cut by the slice
        assertThat(found(new ByteNeedle("bin/ssh", false), bytes("/usr/BIN/ssh"), 0, 12)).isFalse();
        assertThat(found(new ByteNeedle("k\u00e9y", true), bytes("a K\u00e9Y b"), 0, 8)).isTrue();
        assertThat(found(new ByteNeedle("key", true), bytes("a \u212Aey b"), 0, 8)).isFalse(); // Kelvin sign
        // '@' and '`' are one bit away from 'A'-'Z' and 'a'-'z': folding must not confuse them.
        assertThat(found(new ByteNeedle("`a", true), bytes("@A"), 0, 2)).isFalse();
        assertThat(found(new ByteNeedle("[a", true), bytes("{a"), 0, 2)).isFalse();
    }

    private static boolean found(ByteNeedle needle, byte[] haystack, int from, int to) {
        return needle.search(haystack, from, to) == ByteNeedle.FOUND;
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
