package io.threatstream.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine has spent busy so far, from Linux's {@code /proc/stat}: every process
 * on it (the harness, the Kafka broker, the Elasticsearch node, anything else), so that a drain's
 * CPU can be split into the harness JVM's and everyone else's. {@code NaN} where there is no
 * {@code /proc/stat}.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");

    /** Clock ticks per second of {@code /proc/stat}: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private MachineCpu() {}

    /** Seconds of CPU the machine's processors spent busy since boot, all of them together. */
    static double busySeconds() {
        try {
            return busyTicks(Files.readAllLines(STAT).get(0)) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Busy ticks of the aggregate {@code cpu} line: user, nice, system, irq, softirq and steal;
     * idle and iowait are not busy, and guest time is already counted in user.
     */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu")) {
            throw new IllegalArgumentException("not the aggregate cpu line: " + cpuLine);
        }
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += field < f.length ? Long.parseLong(f[field]) : 0;
        }
        return busy;
    }
}
