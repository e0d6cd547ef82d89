package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.BulkItem;
import io.threatstream.connectors.elasticsearch.internal.BulkItemStateSerializer;
import io.threatstream.connectors.elasticsearch.internal.DocumentConverter;
import io.threatstream.connectors.elasticsearch.internal.ElasticsearchSinkWriter;
import io.threatstream.connectors.elasticsearch.internal.SinkSettings;
import io.threatstream.connectors.record.Document;

import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.connector.base.sink.writer.strategy.AIMDScalingStrategy;
import org.apache.flink.connector.base.sink.writer.strategy.CongestionControlRateLimitingStrategy;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@link Document}s to Elasticsearch with bulk {@code create} requests, each under its
 * deterministic {@code _id}, so that a replay after a failure writes nothing twice: Elasticsearch
 * answers 409 for a document that exists, and the sink counts it as a duplicate, not an error.
 *
 * <pre>{@code
 * alerts.sinkTo(ElasticsearchSink.builder()
 *         .setHosts("https://es-1:9200", "https://es-2:9200")
 *         .setApiKey(Secret.fromEnv("ELASTICSEARCH_API_KEY"))
 *         .setCaCertificate(Path.of("/etc/elasticsearch/http_ca.crt"))
 *         .build());
 * // or, from --key value arguments or a config file:
 * alerts.sinkTo(ElasticsearchSink.fromConfiguration(conf));
 * }</pre>
 *
 * <p><b>Delivery.</b> At least once, which {@code create} with deterministic ids turns into
 * effectively once: at every checkpoint the writer sends everything it buffers and waits for the
 * answers, so a completed checkpoint has its documents in Elasticsearch.
 *
 * <p><b>Failures.</b> Per document: 201 written; 409 duplicate; 429, 408 and 5xx sent again after
 * an exponential backoff (100 ms doubling to 10 s, with jitter); 401 and 403 (the credentials may
 * not write to that index) fail the job with the privileges it needs; any other status (a mapping
 * conflict, malformed JSON) is a rejection: logged, counted, never retried, and handed to the
 * {@link RejectedDocumentHandler}, by default written to the dead-letter index with
 * Elasticsearch's error type and reason. Per request: connection errors and 429/5xx are retried
 * the same way (the client first tries the other hosts); 401/403, other 4xx and TLS failures fail
 * the job with a message saying what to check. Retries go on for up to the retry timeout (5 min by
 * default) from a document's first failure, so that an Elasticsearch restart or outage is ridden
 * out: the buffer fills, the job is back-pressured, checkpoints wait, and nothing is lost; a
 * document still failing after that fails the job instead of stalling it unnoticed (optionally
 * also after a number of retries). At start, each writer
 * authenticates against the cluster, so a wrong key or an untrusted certificate fails the job
 * before the first alert.
 *
 * <p><b>Credentials.</b> An API key or a username and password, from an environment variable or
 * a file. The sink holds only where the secret is (see {@link Secret}), so the job graph, which
 * Flink stores and ships to every task manager, carries no secret: each writer reads it when it
 * connects. The least the credentials need is the index privileges {@code create_doc} and {@code
 * auto_configure} on the index and the dead-letter index; {@code install-template} needs the
 * cluster privilege {@code manage_index_templates} as well.
 *
 * <p><b>Batching.</b> A bulk request goes out when 1,000 documents or 5 MiB are buffered, or
 * 200 ms after the first buffered document, with at most 2 requests in flight per subtask. Why these
 * numbers: an alert is 2 to 4 KiB of JSON, so 1,000 of them make a 2 to 4 MiB request, inside the
 * 5 to 15 MiB per request that Elastic recommends. Measured with ElasticsearchSinkThroughput (in
 * the tests) on a shared 2-core machine, one subtask wrote about 5,700 alerts/s (2.2 KB each) into
 * a single local node with 1,000 per request and 2 in flight; 2,000 per request or 4 in flight
 * gained nothing reliable (the node was CPU-bound), 100 per request with 1 in flight was 2.5 times
 * slower. Alerts are rare (the limiter caps them per host and window), so usually the interval
 * triggers and bounds how late an alert is acknowledged: with 1 s, the end-to-end benchmark
 * (BENCHMARKS.md) measured a p99 of 1.1 s from event to acknowledged alert, with 200 ms 0.3 s, at
 * the price of up to 5 small bulk requests per second per subtask while alerts flow. Two requests in flight keep the cluster
 * busy while an answer is processed, without piling up bulk work per subtask. An AIMD rate limiter
 * halves the documents in flight when items fail and grows them back as requests succeed.
 *
 * <p><b>Metrics</b> on the sink writer's group: {@code requests}, {@code documentsWritten},
 * {@code duplicates}, {@code retries}, {@code deadLettered}, {@code requestLatencyMs}
 * (histogram), {@code lastRequestLatencyMs}.
 */
public class ElasticsearchSink extends AsyncSinkBase<Document, BulkItem> {
    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;

    ElasticsearchSink(
            SinkSettings settings,
            int maxBatchSize,
            int maxInFlightRequests,
            int maxBufferedRequests,
            long maxBatchSizeInBytes,
            long maxTimeInBufferMS,
            long requestTimeoutMS) {
        super(
                new DocumentConverter(),
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBufferMS,
                maxBatchSizeInBytes,
                requestTimeoutMS,
                false);
        this.settings = settings;
    }

    public static ElasticsearchSinkBuilder builder() {
        return new ElasticsearchSinkBuilder();
    }

    /**
     * A sink configured by {@link ElasticsearchSinkOptions}. The sink keeps where the secrets are,
     * the files or environment variables the options name, and checks here that they can be read.
     *
     * @throws IllegalConfigurationException naming the option that is missing or wrong
     */
    public static ElasticsearchSink fromConfiguration(Configuration conf) {
        return fromConfiguration(conf, System.getenv());
    }

    static ElasticsearchSink fromConfiguration(Configuration conf, Map<String, String> env) {
        ElasticsearchSinkBuilder builder = builder();
        String hosts =
                conf.getOptional(ElasticsearchSinkOptions.HOSTS)
                        .filter(value -> !value.isBlank())
                        .orElseThrow(
                                () ->
                                        new IllegalConfigurationException(
                                                ElasticsearchSinkOptions.HOSTS.key()
                                                        + " is required, e.g. https://localhost:9200."));
        builder.setHosts(hosts.split(","));
        builder.setIndex(conf.get(ElasticsearchSinkOptions.INDEX));
        conf.getOptional(ElasticsearchSinkOptions.DEAD_LETTER_INDEX).ifPresent(builder::setDeadLetterIndex);
        configureCredentials(builder, conf, env);
        conf.getOptional(ElasticsearchSinkOptions.CA_CERT).map(Path::of).ifPresent(builder::setCaCertificate);
        builder.setInstallTemplates(conf.get(ElasticsearchSinkOptions.INSTALL_TEMPLATE));
        builder.setMaxBatchSize(conf.get(ElasticsearchSinkOptions.BULK_MAX_ACTIONS));
        builder.setMaxBatchSizeInBytes(conf.get(ElasticsearchSinkOptions.BULK_MAX_BYTES).getBytes());
        builder.setMaxTimeInBuffer(conf.get(ElasticsearchSinkOptions.BULK_FLUSH_INTERVAL));
        builder.setMaxInFlightRequests(conf.get(ElasticsearchSinkOptions.BULK_MAX_IN_FLIGHT_REQUESTS));
        builder.setMaxBufferedRequests(conf.get(ElasticsearchSinkOptions.BULK_MAX_BUFFERED_ACTIONS));
        builder.setRetryTimeout(conf.get(ElasticsearchSinkOptions.RETRY_TIMEOUT));
        conf.getOptional(ElasticsearchSinkOptions.RETRY_MAX_RETRIES).ifPresent(builder::setMaxRetries);
        builder.setRetryBackoff(
                conf.get(ElasticsearchSinkOptions.RETRY_INITIAL_BACKOFF),
                conf.get(ElasticsearchSinkOptions.RETRY_MAX_BACKOFF));
        try {
            return builder.build(env::get);
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException("Invalid sink.elasticsearch.* configuration: " + e.getMessage(), e);
        }
    }

    /**
     * API key from its file or environment variable, or username plus password; never both. An
     * environment variable counts as given when it is set and not blank here.
     */
    private static void configureCredentials(ElasticsearchSinkBuilder builder, Configuration conf, Map<String, String> env) {
        Optional<Secret> apiKey =
                fileOption(conf, ElasticsearchSinkOptions.API_KEY_FILE)
                        .or(() -> variableOption(conf, ElasticsearchSinkOptions.API_KEY_ENV, env));
        Optional<String> username = conf.getOptional(ElasticsearchSinkOptions.USERNAME);
        if (username.isEmpty()) {
            if (conf.contains(ElasticsearchSinkOptions.PASSWORD_FILE)) {
                throw new IllegalConfigurationException(
                        ElasticsearchSinkOptions.PASSWORD_FILE.key()
                                + " is set but "
                                + ElasticsearchSinkOptions.USERNAME.key()
                                + " is not.");
            }
            apiKey.ifPresent(builder::setApiKey);
            return;
        }
        if (apiKey.isPresent()) {
            throw new IllegalConfigurationException(
                    "Both an API key (from "
                            + apiKey.get().origin()
                            + ") and "
                            + ElasticsearchSinkOptions.USERNAME.key()
                            + " are configured; configure one of them.");
        }
        Secret password =
                fileOption(conf, ElasticsearchSinkOptions.PASSWORD_FILE)
                        .or(() -> variableOption(conf, ElasticsearchSinkOptions.PASSWORD_ENV, env))
                        .orElseThrow(
                                () ->
                                        new IllegalConfigurationException(
                                                ElasticsearchSinkOptions.USERNAME.key()
                                                        + " is set but there is no password: set the"
                                                        + " environment variable "
                                                        + conf.get(ElasticsearchSinkOptions.PASSWORD_ENV)
                                                        + " ("
                                                        + ElasticsearchSinkOptions.PASSWORD_ENV.key()
                                                        + ") or "
                                                        + ElasticsearchSinkOptions.PASSWORD_FILE.key()
                                                        + "."));
        try {
            builder.setBasicAuth(username.get(), password);
        } catch (IllegalArgumentException e) {
            throw new IllegalConfigurationException(ElasticsearchSinkOptions.USERNAME.key() + ": " + e.getMessage());
        }
    }

    /** The file the option names, if set; whether it can be read is checked by the builder. */
    private static Optional<Secret> fileOption(Configuration conf, ConfigOption<String> option) {
        Optional<String> file = conf.getOptional(option);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Secret.fromFile(Path.of(file.get())).namedBy(option.key()));
        } catch (InvalidPathException e) {
            throw new IllegalConfigurationException(option.key() + ": '" + file.get() + "' is not a file path: " + e.getReason());
        }
    }

    /** The variable the option names, if it is set and not blank in {@code env}. */
    private static Optional<Secret> variableOption(Configuration conf, ConfigOption<String> option, Map<String, String> env) {
        String variable = conf.get(option);
        String value = variable == null || variable.isBlank() ? null : env.get(variable.strip());
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Secret.fromEnv(variable).namedBy(option.key()));
    }

    @Override
    public StatefulSinkWriter<Document, BufferedRequestState<BulkItem>> createWriter(WriterInitContext context)
            throws IOException {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public StatefulSinkWriter<Document, BufferedRequestState<BulkItem>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<BulkItem>> recoveredState)
            throws IOException {
        return new ElasticsearchSinkWriter(getElementConverter(), context, writerConfiguration(), recoveredState, settings);
    }

    private AsyncSinkWriterConfiguration writerConfiguration() {
        return AsyncSinkWriterConfiguration.builder()
                .setMaxBatchSize(getMaxBatchSize())
                .setMaxBatchSizeInBytes(getMaxBatchSizeInBytes())
                .setMaxInFlightRequests(getMaxInFlightRequests())
                .setMaxBufferedRequests(getMaxBufferedRequests())
                .setMaxTimeInBufferMS(getMaxTimeInBufferMS())
                .setMaxRecordSizeInBytes(getMaxRecordSizeInBytes())
                .setRequestTimeoutMS(getRequestTimeoutMS())
                .setFailOnTimeout(getFailOnTimeout())
                .setRateLimitingStrategy(
                        CongestionControlRateLimitingStrategy.builder()
                                .setMaxInFlightRequests(getMaxInFlightRequests())
                                .setInitialMaxInFlightMessages(getMaxBatchSize())
                                .setScalingStrategy(
                                        AIMDScalingStrategy.builder(getMaxBatchSize() * getMaxInFlightRequests())
                                                .setIncreaseRate(getMaxBatchSize() / 10 + 1)
                                                .setDecreaseFactor(0.5)
                                                .build())
                                .build())
                .build();
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<BulkItem>> getWriterStateSerializer() {
        return new BulkItemStateSerializer();
    }

    /** The resolved settings, for tests and logs. */
    SinkSettings settings() {
        return settings;
    }
}
