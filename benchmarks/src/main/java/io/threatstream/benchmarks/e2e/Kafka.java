package io.threatstream.benchmarks.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The harness's side of the Kafka broker: topics, producers, consumers, end offsets. */
final class Kafka {

    private final String bootstrapServers;

    Kafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates {@code topic} with {@code partitions} partitions and its dead-letter topic (1 partition). */
    void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, partitions, (short) 1),
                                    new NewTopic(topic + ".dead-letter", 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** A producer of byte records; {@code lingerMs} null keeps the client's default. */
    KafkaProducer<byte[], byte[]> producer(Integer lingerMs, int batchBytes) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchBytes));
        if (lingerMs != null) {
            props.setProperty(ProducerConfig.LINGER_MS_CONFIG, lingerMs.toString());
        }
        return new KafkaProducer<>(props);
    }

    /** A consumer without a group (partitions are assigned by hand), with the client's defaults. */
    KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    /** The partitions of {@code topic} and their end offsets. */
    Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return new HashMap<>(
                    consumer.endOffsets(IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList()));
        }
    }

    /**
     * Writes events {@code 0 .. count-1} to {@code topic} as fast as it can, from {@code threads}
     * threads sharing one producer; event {@code i} goes to partition {@code i % partitions}, so
     * the partitions hold equal shares.
     *
     * @return the value bytes written
     */
    long writeAll(String topic, int partitions, long count, int threads, LongFunction<byte[]> event)
            throws InterruptedException, ExecutionException {
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong written = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = producer(20, 512 * 1024)) {
            Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                writers[t] =
                        new Thread(
                                () -> {
                                    for (long i = first; i < count && failure.get() == null; i += threads) {
                                        byte[] value = event.apply(i);
                                        bytes.addAndGet(value.length);
                                        producer.send(
                                                new ProducerRecord<>(topic, (int) (i % partitions), null, value),
                                                (metadata, error) -> {
                                                    if (error != null) {
                                                        failure.compareAndSet(null, error);
                                                    }
                                                });
                                        long n = written.incrementAndGet();
                                        if (n % (count / 10 == 0 ? 1 : count / 10) == 0) {
                                            Log.info("  %,d of %,d events written", n, count);
                                        }
                                    }
                                },
                                "topic-writer-" + t);
                writers[t].start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new ExecutionException("writing to " + topic + " failed", failure.get());
        }
        return bytes.get();
    }
}
