package io.threatstream.benchmarks.e2e;

import io.threatstream.detect.generator.FleetSimulator;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a live simulated fleet's events to a topic at a fixed rate, paced against its start (so
 * delays do not add up), event {@code i} to partition {@code i % partitions}. The producer client
 * keeps its default batching ({@code linger.ms}); each record's timestamp is the time it was
 * handed to the client, the start of the latency measured.
 */
final class FixedRateProducer {

    /**
     * @param events events written
     * @param startMillis wall-clock time of event 0
     * @param seconds time taken
     * @param maxBehindMs the furthest the producer fell behind its schedule
     */
    record Produced(long events, long startMillis, double seconds, long maxBehindMs) {
        double rate() {
            return events / seconds;
        }
    }

    private FixedRateProducer() {}

    static Produced run(
            Kafka kafka, String topic, int partitions, FleetSimulator fleet, double rate, Duration duration,
            ExpectedAlerts expected)
            throws InterruptedException, ExecutionException {
        long count = (long) (rate * duration.toMillis() / 1000.0);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long maxBehindNanos = 0;
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(null, 16 * 1024)) {
            for (long i = 0; i < count && failure.get() == null; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    maxBehindNanos = Math.max(maxBehindNanos, -wait);
                }
                byte[] event = fleet.event(i);
                producer.send(
                        new ProducerRecord<>(topic, (int) (i % partitions), null, event),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                if (fleet.isBackdoorWrite(i)) {
                    expected.addMatch(event);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new ExecutionException("writing to " + topic + " failed", failure.get());
        }
        return new Produced(count, startMillis, (System.nanoTime() - start) / 1e9, maxBehindNanos / 1_000_000);
    }
}
