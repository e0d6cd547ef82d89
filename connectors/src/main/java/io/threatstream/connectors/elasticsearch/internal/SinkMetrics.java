package io.threatstream.connectors.elasticsearch.internal;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The sink's own metrics, on the writer's metric group (next to Flink's numRecordsSend etc.):
 * {@code requests} (bulk requests answered or failed), {@code documentsWritten}, {@code
 * duplicates} (409: written before), {@code retries} (documents sent again), {@code deadLettered}
 * (documents rejected for good), {@code requestLatencyMs} (histogram over the last 1,000
 * requests) and {@code lastRequestLatencyMs}. Updated on the task's mailbox thread only.
 */
final class SinkMetrics {
    private static final int LATENCY_WINDOW = 1000;

    final Counter requests;
    final Counter documentsWritten;
    final Counter duplicates;
    final Counter retries;
    final Counter deadLettered;
    private final Histogram requestLatency;
    private volatile long lastRequestLatencyMs;

    SinkMetrics(SinkWriterMetricGroup group) {
        requests = group.counter("requests");
        documentsWritten = group.counter("documentsWritten");
        duplicates = group.counter("duplicates");
        retries = group.counter("retries");
        deadLettered = group.counter("deadLettered");
        requestLatency = group.histogram("requestLatencyMs", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        group.gauge("lastRequestLatencyMs", () -> lastRequestLatencyMs);
    }

    void requestCompleted(long latencyMs) {
        requests.inc();
        requestLatency.update(latencyMs);
        lastRequestLatencyMs = latencyMs;
    }
}
