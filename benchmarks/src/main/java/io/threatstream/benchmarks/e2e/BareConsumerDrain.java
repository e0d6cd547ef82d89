package io.threatstream.benchmarks.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The ceiling for a drain: plain {@link KafkaConsumer}s of the client version the job uses, one
 * per job subtask, each assigned its share of the partitions, polling from the beginning to the end
 * offsets with the client's default fetch settings and doing nothing with the records but count
 * them and their bytes.
 */
final class BareConsumerDrain {

    /** @param rate the drain's rates @param valueBytes bytes of the record values read */
    record Result(DrainRate rate, long valueBytes) {}

    private BareConsumerDrain() {}

    static Result run(Kafka kafka, String topic, int partitions, int consumers) throws InterruptedException {
        Map<TopicPartition, Long> ends = kafka.endOffsets(topic, partitions);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        long start = System.nanoTime();
        Progress progress = Progress.start(records::get);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (TopicPartition tp : ends.keySet()) {
                if (tp.partition() % consumers == c) {
                    assigned.add(tp);
                }
            }
            Thread thread =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
                                    drain(consumer, assigned, ends, records, bytes);
                                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                                } catch (RuntimeException e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "bare-consumer-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        progress.close();
        if (failure.get() != null) {
            throw new IllegalStateException("a bare consumer failed", failure.get());
        }
        if (records.get() != total) {
            throw new IllegalStateException("bare consumers read " + records.get() + " records, the topic holds " + total);
        }
        return new Result(progress.rate(total, start, lastEnd.get()), bytes.get());
    }

    private static void drain(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> assigned,
            Map<TopicPartition, Long> ends,
            AtomicLong records,
            AtomicLong bytes) {
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        while (!reachedEnd(consumer, assigned, ends)) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
            long size = 0;
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                size += record.serializedValueSize();
            }
            bytes.addAndGet(size);
            records.addAndGet(batch.count());
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> assigned, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : assigned) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
