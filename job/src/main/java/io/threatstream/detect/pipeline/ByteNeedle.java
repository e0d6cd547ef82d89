package io.threatstream.detect.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A text searched for in raw UTF-8 bytes, optionally folding ASCII case (and only ASCII case, as
 * EQL does). The search tests eight start positions at a time for the needle's two rarest bytes
 * (by a fixed guess of byte frequencies in JSON events) and compares the whole needle only where
 * both are in place. Allocates nothing.
 */
final class ByteNeedle {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long EVERY_BYTE = 0x0101010101010101L;
    private static final long BACKSLASHES = '\\' * EVERY_BYTE;

    /** {@link #search} outcomes. */
    static final int FOUND = 1;
    static final int ABSENT = 0;
    static final int ABSENT_WITHOUT_BACKSLASH = -1;

    /** Bytes from most to least common in JSON events, a guess; bytes not listed are rarer. */
    private static final String COMMON_FIRST = "\":,.-_/ 0123456789etaoinsrlcdumhpgfbyvwkxjqz";

    private final byte[] needle;
    private final boolean caseInsensitive;
    private final int firstAnchor;
    private final int secondAnchor;
    private final long firstBytes;
    private final long firstFold;
    private final long secondBytes;
    private final long secondFold;

    /** @param text non-empty; lower-cased (ASCII) already when {@code caseInsensitive} */
    ByteNeedle(String text, boolean caseInsensitive) {
        this.needle = text.getBytes(StandardCharsets.UTF_8);
        this.caseInsensitive = caseInsensitive;
        if (needle.length == 0) {
            throw new IllegalArgumentException("empty needle");
        }
        int first = 0;
        for (int i = 1; i < needle.length; i++) {
            if (rarity(needle[i]) > rarity(needle[first])) {
                first = i;
            }
        }
        int second = first;
        for (int i = 0; i < needle.length; i++) {
            if (i != first && needle[i] != needle[first]
                    && (second == first || rarity(needle[i]) > rarity(needle[second]))) {
                second = i;
            }
        }
        this.firstAnchor = first;
        this.secondAnchor = second;
        this.firstBytes = (needle[first] & 0xFFL) * EVERY_BYTE;
        this.firstFold = fold(needle[first]);
        this.secondBytes = (needle[second] & 0xFFL) * EVERY_BYTE;
        this.secondFold = fold(needle[second]);
    }

    /** Higher is rarer. */
    private static int rarity(byte b) {
        int index = b < 0 ? -1 : COMMON_FIRST.indexOf(b);
        return index < 0 ? COMMON_FIRST.length() : index;
    }

    /**
     * OR-ing 0x20 into a byte maps 'A'-'Z' onto 'a'-'z'; for a lower-case anchor letter c only c
     * and its upper case map onto c, so the anchor test stays exact.
     */
    private long fold(byte anchor) {
        return caseInsensitive && anchor >= 'a' && anchor <= 'z' ? 0x20 * EVERY_BYTE : 0;
    }

    /**
     * Searches {@code bytes[from, to)}, noting on the way whether they hold a backslash (where
     * there is none there is no JSON escape): {@link #FOUND}, {@link #ABSENT} or {@link
     * #ABSENT_WITHOUT_BACKSLASH}.
     */
    int search(byte[] bytes, int from, int to) {
        int last = to - needle.length;
        int reach = Math.max(firstAnchor, secondAnchor) + 8;
        long backslashes = 0;
        int start = from;
        for (; start + reach <= to; start += 8) {
            long first = (long) LONGS.get(bytes, start + firstAnchor);
            backslashes |= equalBytes(first, BACKSLASHES);
            long candidates = equalBytes(first | firstFold, firstBytes)
                    & equalBytes((long) LONGS.get(bytes, start + secondAnchor) | secondFold, secondBytes);
            while (candidates != 0) {
                int at = start + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (at <= last && matchesAt(bytes, at)) {
                    return FOUND;
                }
                candidates &= candidates - 1;
            }
        }
        for (int at = start; at <= last; at++) {
            if (matchesAt(bytes, at)) {
                return FOUND;
            }
        }
        // The words read cover [from + firstAnchor, start + firstAnchor); the rest, byte by byte.
        boolean backslash = backslashes != 0
                || hasBackslash(bytes, from, Math.min(to, from + firstAnchor))
                || hasBackslash(bytes, start + firstAnchor, to);
        return backslash ? ABSENT : ABSENT_WITHOUT_BACKSLASH;
    }

    private static boolean hasBackslash(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The high bit of each byte of {@code w} equal to the byte repeated in {@code pattern}. */
    private static long equalBytes(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOW7) + LOW7) | x) & HIGH;
    }

    private boolean matchesAt(byte[] bytes, int at) {
        for (int i = 0; i < needle.length; i++) {
            byte b = bytes[at + i];
            if (caseInsensitive && b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != needle[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(needle, StandardCharsets.UTF_8) + (caseInsensitive ? " (any ASCII case)" : "");
    }
}
