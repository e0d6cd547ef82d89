package io.threatstream.detect.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * A text to search for in raw UTF-8 bytes, optionally folding ASCII case (and only ASCII case, as
 * EQL does). It names its two <em>anchors</em>, the needle's two rarest bytes by a fixed guess of
 * byte frequencies in JSON events: a {@link ByteScanner} tests many start positions at once for
 * both anchors and compares the whole needle ({@link #matchesAt}) only where both are in place.
 */
final class ByteNeedle {

    /** Bytes from most to least common in JSON events, a guess; bytes not listed are rarer. */
    private static final String COMMON_FIRST = "\":,.-_/ 0123456789etaoinsrlcdumhpgfbyvwkxjqz";

    private final byte[] needle;
    private final boolean caseInsensitive;
    private final int firstAnchor;
    private final int secondAnchor;

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
    }

    /** Higher is rarer. */
    private static int rarity(byte b) {
        int index = b < 0 ? -1 : COMMON_FIRST.indexOf(b);
        return index < 0 ? COMMON_FIRST.length() : index;
    }

    int length() {
        return needle.length;
    }

    /** Offset of the rarest byte in the needle. */
    int firstAnchor() {
        return firstAnchor;
    }

    /** Offset of the second rarest byte (of another value), or {@link #firstAnchor()} if none. */
    int secondAnchor() {
        return secondAnchor;
    }

    /** The needle's byte at {@code offset}: lower case for a letter of a case-insensitive needle. */
    byte byteAt(int offset) {
        return needle[offset];
    }

    /**
     * What to OR into a record's byte before comparing it with the needle's byte at {@code offset}:
     * 0x20 maps 'A'-'Z' onto 'a'-'z', and for a lower-case letter c only c and its upper case map
     * onto c, so the test stays exact; 0 where no folding applies.
     */
    byte foldAt(int offset) {
        byte b = needle[offset];
        return caseInsensitive && b >= 'a' && b <= 'z' ? (byte) 0x20 : 0;
    }

    /** Whether the needle occurs at {@code bytes[at, at + length())}; the caller keeps that in range. */
    boolean matchesAt(byte[] bytes, int at) {
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
