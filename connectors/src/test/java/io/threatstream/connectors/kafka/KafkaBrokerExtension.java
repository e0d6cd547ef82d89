package io.threatstream.connectors.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real Kafka broker for tests: Kafka's own {@link KafkaClusterTestKit}, one node in KRaft
 * combined mode (broker and controller), in this JVM.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ...
 * String topic = KAFKA.createTopic("events", 3);
 * }</pre>
 *
 * <p>The broker starts when the first test class that registers the extension starts, and is shared
 * by all test classes of the JVM (it lives in JUnit's root store, which closes it at the end).
 * Tests keep out of each other's way by creating topics with unique names. {@link #withSaslPlain()}
 * gives a second, separate broker whose listener requires SASL/PLAIN.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    private final SecurityProtocol protocol;
    private Broker broker;

    /** A plaintext broker. */
    public KafkaBrokerExtension() {
        this(SecurityProtocol.PLAINTEXT);
    }

    private KafkaBrokerExtension(SecurityProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * A broker whose listener requires SASL/PLAIN; {@link #saslUsername()} with {@link
     * #saslPassword()} is a super user.
     */
    public static KafkaBrokerExtension withSaslPlain() {
        return new KafkaBrokerExtension(SecurityProtocol.SASL_PLAINTEXT);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent(protocol, p -> Broker.start(protocol), Broker.class);
    }

    public String bootstrapServers() {
        return broker().bootstrapServers;
    }

    public String saslUsername() {
        return JaasUtils.KAFKA_PLAIN_ADMIN;
    }

    public String saslPassword() {
        return JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;
    }

    /** Properties that connect a client to the broker (with the SASL login if it needs one). */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
            props.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
            props.setProperty(SaslConfigs.SASL_MECHANISM, "PLAIN");
            props.setProperty(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + saslUsername() + "\" password=\"" + saslPassword() + "\";");
        }
        return props;
    }

    /** An admin client on the broker; close it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /** {@code base} with a suffix unique in this JVM, so that tests never share a topic. */
    public static String uniqueTopicName(String base) {
        return base + "-" + TOPIC_SEQUENCE.incrementAndGet();
    }

    /** Creates a topic named {@code base} plus a unique suffix, and returns its name. */
    public String createTopic(String base, int partitions) {
        return createTopicNamed(uniqueTopicName(base), partitions);
    }

    /** Creates a topic with exactly this name, and returns it. */
    public String createTopicNamed(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Cannot create topic " + topic, e);
        }
        return topic;
    }

    /** Writes the records, waits until all are acknowledged, and returns where they landed. */
    public List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = clientProperties();
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            List<RecordMetadata> acknowledged = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                acknowledged.add(future.get());
            }
            return acknowledged;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Cannot produce to the test broker", e);
        }
    }

    /**
     * Reads every partition of {@code topic} from the beginning until {@code count} records have
     * arrived, or fails when {@code timeout} passes first. Reads committed records only, so that
     * records of open or aborted transactions never show up.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
        Properties props = clientProperties();
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, timeout).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < count) {
            throw new AssertionError(
                    "Expected " + count + " records in " + topic + " within " + timeout + " but got " + records.size());
        }
        return records;
    }

    private Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker starts in beforeAll: register the extension on a static field");
        }
        return broker;
    }

    /** The running cluster, closed by JUnit with the root store. */
    private static final class Broker implements AutoCloseable {
        final KafkaClusterTestKit cluster;
        final String bootstrapServers;

        private Broker(KafkaClusterTestKit cluster) {
            this.cluster = cluster;
            this.bootstrapServers = cluster.bootstrapServers();
        }

        static Broker start(SecurityProtocol protocol) {
            long started = System.nanoTime();
            KafkaClusterTestKit cluster = null;
            try {
                TestKitNodes nodes =
                        new TestKitNodes.Builder()
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .setBrokerSecurityProtocol(protocol)
                                // The same protocol for the controller listener: with SASL the
                                // authorizer would refuse the node's anonymous self-registration.
                                .setControllerSecurityProtocol(protocol)
                                .build();
                cluster =
                        new KafkaClusterTestKit.Builder(nodes)
                                // One broker: internal topics cannot have more replicas than that.
                                .setConfigProp("offsets.topic.replication.factor", "1")
                                .setConfigProp("offsets.topic.num.partitions", "1")
                                .setConfigProp("transaction.state.log.replication.factor", "1")
                                .setConfigProp("transaction.state.log.min.isr", "1")
                                .setConfigProp("transaction.state.log.num.partitions", "1")
                                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                                .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                Broker broker = new Broker(cluster);
                LOG.info("Test Kafka broker ({}) ready at {} after {} ms",
                        protocol, broker.bootstrapServers, (System.nanoTime() - started) / 1_000_000);
                return broker;
            } catch (Exception e) {
                if (cluster != null) {
                    try {
                        cluster.close();
                    } catch (Exception closing) {
                        e.addSuppressed(closing);
                    }
                }
                throw new IllegalStateException("Cannot start the test Kafka broker (" + protocol + ")", e);
            }
        }

        @Override
        public void close() {
            try {
                cluster.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping the test Kafka broker", e);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot stop the test Kafka broker", e);
            }
        }
    }
}
