package io.threatstream.detect.pipeline;

/**
 * Searches a record's raw bytes for a {@link ByteNeedle} or a backslash: the pre-filter's inner
 * loop. Two implementations give the same answers at different speeds: {@link VectorByteScanner}
 * with SIMD instructions, when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} and the CPU has vectors of at least 32 bytes, and {@link SwarByteScanner}
 * on eight-byte words everywhere else. Stateless and thread-safe.
 */
interface ByteScanner {

    /** Whether {@code needle} occurs in {@code bytes[from, to)}. */
    boolean contains(ByteNeedle needle, byte[] bytes, int from, int to);

    /** Whether {@code bytes[from, to)} hold a backslash (where there is none there is no JSON escape). */
    boolean containsBackslash(byte[] bytes, int from, int to);

    /**
     * Roughly the CPU nanoseconds one {@link #contains} costs on a 950-byte event without the
     * needle, measured on the benchmark machine: the {@link Detector}'s cost model uses it to decide
     * which searches pay for themselves.
     */
    int absentSearchNanos();

    /** The fastest scanner this JVM supports. */
    static ByteScanner best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new SwarByteScanner("the JVM lacks --add-modules=jdk.incubator.vector");
        }
        // VectorByteScanner is loaded only here, so a JVM without the module never touches its classes.
        String unfit = VectorByteScanner.whyUnfit();
        return unfit == null ? new VectorByteScanner() : new SwarByteScanner(unfit);
    }
}
