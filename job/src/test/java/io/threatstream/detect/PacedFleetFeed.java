package io.threatstream.detect;

import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.generator.FleetSimulator;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the simulated fleet's events 0, 1, 2, ... to a Kafka topic at a steady pace from a thread
 * of its own, round-robin over the partitions, as a live fleet would, and knows which alerts the
 * job must write for them. The producer is Kafka's default, idempotent one with {@code acks=all}:
 * while the broker is away it keeps the records and sends them when it is back (within its
 * delivery timeout, 2 minutes), and never writes one twice. A {@code send} that blocks meanwhile
 * (for up to a minute, waiting for the partitions' leader) holds the schedule back, which then
 * catches up.
 */
final class PacedFleetFeed implements AutoCloseable {

    private static final long TICK_MILLIS = 10;

    private final FleetSimulator fleet;
    private final String ruleId;
    private final String topic;
    private final int partitions;
    private final int eventsPerTick;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "paced-fleet-feed"));
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    /** Events handed to the producer; written by the ticker thread only. */
    private volatile long sent;

    /**
     * @param kafka client properties that reach the broker
     * @param eventsPerSecond the pace, in steps of 100 events per second
     */
    PacedFleetFeed(Properties kafka, String topic, int partitions, FleetSimulator fleet, String ruleId, int eventsPerSecond) {
        if (eventsPerSecond < 100 || eventsPerSecond % 100 != 0) {
            throw new IllegalArgumentException("eventsPerSecond must be a multiple of 100, was " + eventsPerSecond);
        }
        this.fleet = fleet;
        this.ruleId = ruleId;
        this.topic = topic;
        this.partitions = partitions;
        this.eventsPerTick = (int) (eventsPerSecond * TICK_MILLIS / 1000);
        Properties props = new Properties();
        props.putAll(kafka);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props);
    }

    /** Starts writing; the pace comes from a fixed-rate schedule, one batch per 10 ms tick. */
    PacedFleetFeed start() {
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        for (int n = 0; n < eventsPerTick && failure.get() == null; n++) {
            long i = sent;
            try {
                producer.send(
                        new ProducerRecord<>(topic, (int) (i % partitions), null, fleet.event(i)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            } catch (RuntimeException e) {
                // An exception escaping a tick would silently end the schedule.
                failure.compareAndSet(null, e);
                return;
            }
            sent = i + 1;
        }
    }

    /** Events written so far (handed to the producer; not necessarily acknowledged yet). */
    long sent() {
        return sent;
    }

    /**
     * Stops writing, waits until the broker has acknowledged every event, and returns the ids of
     * the alerts the job must write for them: one per backdoor write.
     *
     * @throws AssertionError if the producer gave up on an event
     */
    Set<String> stopAndFlush() throws InterruptedException {
        ticker.shutdown();
        if (!ticker.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new AssertionError("The feed did not stop within a minute");
        }
        producer.flush();
        if (failure.get() != null) {
            throw new AssertionError("Kafka did not take an event of the feed", failure.get());
        }
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < sent; i++) {
            if (fleet.isBackdoorWrite(i)) {
                ids.add(AlertIds.forMatch(ruleId, fleet.event(i)));
            }
        }
        return ids;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
