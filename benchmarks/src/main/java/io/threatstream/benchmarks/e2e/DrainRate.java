package io.threatstream.benchmarks.e2e;

/**
 * How fast a topic of {@code records} was read, three ways:
 *
 * <ul>
 *   <li>{@link #wallRate()}: from the start (job submission, consumer creation) to the end (job
 *       finished, last record polled): what an operator waits for;
 *   <li>{@link #firstToLastRate()}: from the first record read to the last: without the start-up;
 *   <li>{@link #steadyRate()}: between 10% and 90% of the records: the steady state, without
 *       start-up, JIT warm-up at the very start and the tail.
 * </ul>
 *
 * @param records records read
 * @param wallSeconds start to end
 * @param firstToLastSeconds first record to last record
 * @param steadySeconds 10% of the records to 90%
 * @param steadyRecords records between those two marks
 * @param startupSeconds start to first record
 * @param cpuSeconds CPU time the harness JVM (MiniCluster or bare consumers) used from start to end
 * @param machineCpuSeconds CPU time the whole machine used from start to end (see {@link MachineCpu})
 */
record DrainRate(
        long records,
        double wallSeconds,
        double firstToLastSeconds,
        double steadySeconds,
        long steadyRecords,
        double startupSeconds,
        double cpuSeconds,
        double machineCpuSeconds) {

    double wallRate() {
        return records / wallSeconds;
    }

    double firstToLastRate() {
        return records / firstToLastSeconds;
    }

    double steadyRate() {
        return steadyRecords / steadySeconds;
    }

    /** CPU time per record, in microseconds: the figure that a busy machine disturbs least. */
    double cpuMicrosPerRecord() {
        return cpuSeconds * 1e6 / records;
    }

    /**
     * CPU time per record, in microseconds, of every process but the harness JVM: the Kafka broker
     * serving the fetches, the Elasticsearch node, anything else that ran meanwhile.
     */
    double otherCpuMicrosPerRecord() {
        return (machineCpuSeconds - cpuSeconds) * 1e6 / records;
    }
}
