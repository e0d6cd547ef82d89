package io.threatstream.detect.generator;

import io.threatstream.detect.config.CommandLine;
import io.threatstream.detect.config.JobOptions;
import io.threatstream.detect.config.OptionsException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link FleetSimulator}'s events to a Kafka topic at a steady rate, for the local stack
 * ({@code deploy/local/up.sh}) and for trying the job on Kafka by hand. Event times follow the wall
 * clock: event {@code i} happens {@code i / rate} seconds after the start.
 *
 * <pre>
 * java -cp ... io.threatstream.detect.generator.FleetToKafka --topic events \
 *     [--bootstrap-servers localhost:9092] [--generator.rate 200] [--generator.count 0] ...
 * </pre>
 *
 * <p>It runs until {@code --generator.count} events are written (0: until it is stopped; SIGTERM
 * flushes what is in flight). Exit codes: 0 done or stopped, 2 bad option, 1 Kafka failure.
 *
 * <p>Load tests embed it: {@link #fromArgs} with the same options, {@link #run()} on a thread of
 * their own, {@link #stop()} to end it.
 */
public final class FleetToKafka {

    static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka brokers, as a comma-separated host:port list.");

    static final ConfigOption<String> TOPIC =
            ConfigOptions.key("topic").stringType().noDefaultValue().withDescription("Topic to write the events to.");

    private static final String USAGE =
            "usage: FleetToKafka --topic TOPIC [--key value ...]\n"
                    + "Writes the simulated fleet's ECS file events to a Kafka topic.";
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Logger LOG = LoggerFactory.getLogger(FleetToKafka.class);

    private final Configuration options;
    private volatile boolean stopped;

    private FleetToKafka(Configuration options) {
        this.options = options;
    }

    static CommandLine commandLine() {
        return new CommandLine(
                List.of(
                        BOOTSTRAP_SERVERS,
                        TOPIC,
                        JobOptions.GENERATOR_HOSTS,
                        JobOptions.GENERATOR_RATE,
                        JobOptions.GENERATOR_COUNT,
                        JobOptions.GENERATOR_SSH_RATIO,
                        JobOptions.GENERATOR_MATCH_RATIO,
                        JobOptions.GENERATOR_SEED),
                List.of());
    }

    /**
     * Parses and checks the options.
     *
     * @throws OptionsException naming the option that is missing or wrong
     */
    public static FleetToKafka fromArgs(String[] args) {
        Configuration options = commandLine().parse(args);
        if (options.getOptional(TOPIC).filter(topic -> !topic.isBlank()).isEmpty()) {
            throw new OptionsException("Option --topic is required");
        }
        if (options.get(JobOptions.GENERATOR_RATE) < 0 || options.get(JobOptions.GENERATOR_COUNT) < 0) {
            throw new OptionsException("Options --generator.rate and --generator.count must not be negative");
        }
        try {
            fleet(options);
        } catch (IllegalArgumentException e) {
            throw new OptionsException("Options --generator.*: " + e.getMessage());
        }
        return new FleetToKafka(options);
    }

    public static void main(String[] args) throws InterruptedException {
        if (CommandLine.wantsHelp(args)) {
            System.out.println(commandLine().help(USAGE));
            return;
        }
        FleetToKafka feed;
        try {
            feed = fromArgs(args);
        } catch (OptionsException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // On SIGTERM: stop after the current event and let run() flush what is in flight.
        Thread main = Thread.currentThread();
        Thread stopFeed =
                new Thread(
                        () -> {
                            feed.stop();
                            try {
                                main.join(TimeUnit.SECONDS.toMillis(10));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "stop-feed");
        Runtime.getRuntime().addShutdownHook(stopFeed);
        try {
            feed.run();
        } catch (ExecutionException e) {
            LOG.error("Cannot write to Kafka: {}", e.getCause().getMessage(), e.getCause());
            Runtime.getRuntime().removeShutdownHook(stopFeed); // it would wait for this thread
            System.exit(1);
        }
    }

    /** Ends {@link #run()} after the event being written. */
    public void stop() {
        stopped = true;
    }

    /**
     * Writes the events until the count is reached or {@link #stop()} is called, and returns how
     * many were acknowledged.
     *
     * @throws ExecutionException with Kafka's error when a write fails (the feed stops there)
     */
    public long run() throws ExecutionException, InterruptedException {
        String topic = options.get(TOPIC);
        long count = options.get(JobOptions.GENERATOR_COUNT);
        double rate = options.get(JobOptions.GENERATOR_RATE);
        FleetSimulator fleet = fleet(options);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long backdoorWrites = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            LOG.info("Writing the simulated fleet's events to {} at {} ({})", topic,
                    options.get(BOOTSTRAP_SERVERS), rate > 0 ? rate + " events/s" : "full speed");
            long start = System.nanoTime();
            long nextProgress = start + PROGRESS_INTERVAL_NANOS;
            for (long i = 0; (count == 0 || i < count) && !stopped && failure.get() == null; i++) {
                if (rate > 0) {
                    // Paced against the start, not the previous event, so that delays do not add up.
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                producer.send(
                        new ProducerRecord<>(topic, fleet.event(i)),
                        (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                sent++;
                if (fleet.isBackdoorWrite(i)) {
                    backdoorWrites++;
                }
                if (System.nanoTime() >= nextProgress) {
                    LOG.info("{} events written, {} of them backdoor writes", sent, backdoorWrites);
                    nextProgress += PROGRESS_INTERVAL_NANOS;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new ExecutionException(failure.get());
        }
        LOG.info("Done: {} events written, {} of them backdoor writes", sent, backdoorWrites);
        return sent;
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get(BOOTSTRAP_SERVERS));
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "50");
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "threatstream-fleet-feed");
        return props;
    }

    private static FleetSimulator fleet(Configuration options) {
        double rate = options.get(JobOptions.GENERATOR_RATE);
        return new FleetSimulator(
                options.get(JobOptions.GENERATOR_SEED),
                options.get(JobOptions.GENERATOR_HOSTS),
                options.get(JobOptions.GENERATOR_SSH_RATIO),
                options.get(JobOptions.GENERATOR_MATCH_RATIO),
                System.currentTimeMillis(),
                rate > 0 ? rate : 10_000);
    }
}
