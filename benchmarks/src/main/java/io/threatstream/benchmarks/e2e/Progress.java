package io.threatstream.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Samples a growing record count every {@value #INTERVAL_MS} ms while a topic drains, and tells
 * when the count crossed a given value (interpolated between samples), so that rates can exclude
 * startup and the tail: see {@link DrainRate}. Also notes the CPU time this JVM and the whole machine
 * used meanwhile.
 */
final class Progress implements AutoCloseable {

    static final long INTERVAL_MS = 50;

    private final LongSupplier count;
    private final Thread sampler;
    private long[] nanos = new long[1024];
    private long[] counts = new long[1024];
    private int size;
    private volatile boolean running = true;
    private final long cpuStart = processCpuNanos();
    private final double machineStart = MachineCpu.busySeconds();
    private long cpuEnd;
    private double machineEnd;

    private Progress(LongSupplier count) {
        this.count = count;
        this.sampler = new Thread(this::run, "progress-sampler");
        this.sampler.setDaemon(true);
    }

    /** Starts sampling {@code count} now. */
    static Progress start(LongSupplier count) {
        Progress progress = new Progress(count);
        progress.sample();
        progress.sampler.start();
        return progress;
    }

    private void run() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        nanos[size] = System.nanoTime();
        counts[size] = count.getAsLong();
        size++;
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample();
        cpuEnd = processCpuNanos();
        machineEnd = MachineCpu.busySeconds();
    }

    /** CPU time of all this JVM's threads so far (the MiniCluster's tasks, the bare consumers). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The last sampled count. */
    synchronized long last() {
        return counts[size - 1];
    }

    /**
     * The {@link System#nanoTime()} at which the count reached {@code value}, interpolated between
     * the two samples around it; fails if it never did.
     */
    synchronized long nanosWhenReached(long value) {
        for (int i = 0; i < size; i++) {
            if (counts[i] >= value) {
                if (i == 0 || counts[i] == counts[i - 1]) {
                    return nanos[i];
                }
                double share = (double) (value - counts[i - 1]) / (counts[i] - counts[i - 1]);
                return nanos[i - 1] + (long) (share * (nanos[i] - nanos[i - 1]));
            }
        }
        throw new IllegalStateException("the count never reached " + value + " (last: " + counts[size - 1] + ")");
    }

    /** The rates of a drain of {@code total} records that began at {@code startNanos} and ended at {@code endNanos}. */
    DrainRate rate(long total, long startNanos, long endNanos) {
        long first = nanosWhenReached(1);
        long last = nanosWhenReached(total);
        long p10 = nanosWhenReached(total / 10);
        long p90 = nanosWhenReached(total - total / 10);
        return new DrainRate(
                total,
                seconds(endNanos - startNanos),
                seconds(last - first),
                seconds(p90 - p10),
                total - 2 * (total / 10),
                seconds(first - startNanos),
                seconds(cpuEnd - cpuStart),
                machineEnd - machineStart);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
