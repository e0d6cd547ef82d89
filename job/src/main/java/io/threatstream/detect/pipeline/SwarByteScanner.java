package io.threatstream.detect.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The portable {@link ByteScanner}: eight start positions at a time in a {@code long} word (SWAR),
 * testing the needle's two anchors, then the whole needle only where both are in place. Allocates
 * nothing.
 */
final class SwarByteScanner implements ByteScanner {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long EVERY_BYTE = 0x0101010101010101L;
    private static final long BACKSLASHES = '\\' * EVERY_BYTE;

    private final String whyChosen;

    /** A scanner that says, in the operator's log, why it runs instead of the SIMD one. */
    SwarByteScanner(String whyChosen) {
        this.whyChosen = whyChosen;
    }

    @Override
    public boolean contains(ByteNeedle needle, byte[] bytes, int from, int to) {
        int firstAnchor = needle.firstAnchor();
        int secondAnchor = needle.secondAnchor();
        long firstBytes = (needle.byteAt(firstAnchor) & 0xFFL) * EVERY_BYTE;
        long firstFold = (needle.foldAt(firstAnchor) & 0xFFL) * EVERY_BYTE;
        long secondBytes = (needle.byteAt(secondAnchor) & 0xFFL) * EVERY_BYTE;
        long secondFold = (needle.foldAt(secondAnchor) & 0xFFL) * EVERY_BYTE;
        int last = to - needle.length();
        int reach = Math.max(firstAnchor, secondAnchor) + 8;
        int start = from;
        for (; start + reach <= to; start += 8) {
            long candidates = equalBytes((long) LONGS.get(bytes, start + firstAnchor) | firstFold, firstBytes)
                    & equalBytes((long) LONGS.get(bytes, start + secondAnchor) | secondFold, secondBytes);
            while (candidates != 0) {
                int at = start + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (at <= last && needle.matchesAt(bytes, at)) {
                    return true;
                }
                candidates &= candidates - 1;
            }
        }
        for (int at = start; at <= last; at++) {
            if (needle.matchesAt(bytes, at)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean containsBackslash(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (equalBytes((long) LONGS.get(bytes, i), BACKSLASHES) != 0) {
                return true;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    @Override
    public int absentSearchNanos() {
        return 300;
    }

    /** The high bit of each byte of {@code w} equal to the byte repeated in {@code pattern}. */
    private static long equalBytes(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOW7) + LOW7) | x) & HIGH;
    }

    @Override
    public String toString() {
        return "eight bytes at a time (SWAR: " + whyChosen + ")";
    }
}
