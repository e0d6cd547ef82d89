package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.ConnectionSettings;
import io.threatstream.connectors.elasticsearch.internal.Credentials;
import io.threatstream.connectors.elasticsearch.internal.RetryPolicy;
import io.threatstream.connectors.elasticsearch.internal.SinkSettings;
import io.threatstream.connectors.elasticsearch.internal.TrustedCertificates;

import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Builds an {@link ElasticsearchSink}. Only the hosts are required:
 *
 * <pre>{@code
 * ElasticsearchSink sink = ElasticsearchSink.builder()
 *         .setHosts("https://es-1:9200", "https://es-2:9200")
 *         .setIndex("logs-threatstream.alerts-default")
 *         .setApiKey(Secret.fromEnv("ELASTICSEARCH_API_KEY"))
 *         .setCaCertificate(Path.of("/etc/elasticsearch/http_ca.crt"))
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} checks the settings, reads the CA file and checks that the secret can be
 * read, so mistakes show when the job is built, with a message that names the setting. The sink
 * keeps only where the secret is (see {@link Secret}); each writer reads it when it connects.
 */
public final class ElasticsearchSinkBuilder {
    static final String DEFAULT_INDEX = "logs-threatstream.alerts-default";
    static final String DEAD_LETTER_SUFFIX = "-dead-letter";
    static final int DEFAULT_MAX_BATCH_SIZE = 1000;
    static final long DEFAULT_MAX_BATCH_BYTES = 5L * 1024 * 1024;
    static final Duration DEFAULT_MAX_TIME_IN_BUFFER = Duration.ofMillis(200);
    static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 2;
    static final int DEFAULT_MAX_BUFFERED_REQUESTS = 10_000;
    /**
     * Long enough to ride out a node restart or a short network outage with back-pressure, and
     * well inside Flink's default checkpoint timeout (10 min): a checkpoint waits for the retries.
     */
    static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** A request still unanswered after this is sent again (the client's own timeouts come first). */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(AsyncSinkWriterConfiguration.DEFAULT_REQUEST_TIMEOUT_MS);

    private List<String> hosts;
    private String index = DEFAULT_INDEX;
    private String deadLetterIndex;
    private Credentials credentials;
    private Path caCertificate;
    private boolean installTemplates;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private long maxBatchSizeInBytes = DEFAULT_MAX_BATCH_BYTES;
    private Duration maxTimeInBuffer = DEFAULT_MAX_TIME_IN_BUFFER;
    private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
    private int maxBufferedRequests = DEFAULT_MAX_BUFFERED_REQUESTS;
    private int maxRetries = RetryPolicy.UNLIMITED_RETRIES;
    private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private RejectedDocumentHandler rejectedDocumentHandler = RejectedDocumentHandler.writeToDeadLetterIndex();

    ElasticsearchSinkBuilder() {}

    /** Node URLs, e.g. {@code https://es-1:9200}; the client fails over between them. */
    public ElasticsearchSinkBuilder setHosts(String... hosts) {
        return setHosts(Arrays.asList(hosts));
    }

    public ElasticsearchSinkBuilder setHosts(List<String> hosts) {
        this.hosts = hosts;
        return this;
    }

    /** Index or data stream for the documents; default {@value #DEFAULT_INDEX}. */
    public ElasticsearchSinkBuilder setIndex(String index) {
        this.index = index;
        return this;
    }

    /** Where rejected documents go; default: the index name followed by {@code -dead-letter}. */
    public ElasticsearchSinkBuilder setDeadLetterIndex(String deadLetterIndex) {
        this.deadLetterIndex = deadLetterIndex;
        return this;
    }

    /** Authenticate with an API key (the base64 "encoded" value). */
    public ElasticsearchSinkBuilder setApiKey(Secret apiKey) {
        this.credentials = Credentials.apiKey(apiKey);
        return this;
    }

    /** Authenticate with a username and password (HTTP basic). */
    public ElasticsearchSinkBuilder setBasicAuth(String username, Secret password) {
        this.credentials = Credentials.basic(username, password);
        return this;
    }

    /** Trust the CA(s) in this PEM file instead of the JVM's default trust store. */
    public ElasticsearchSinkBuilder setCaCertificate(Path pemFile) {
        this.caCertificate = pemFile;
        return this;
    }

    /** Install index templates for the index and the dead-letter index at start; default false. */
    public ElasticsearchSinkBuilder setInstallTemplates(boolean installTemplates) {
        this.installTemplates = installTemplates;
        return this;
    }

    /** Most documents per bulk request; default {@value #DEFAULT_MAX_BATCH_SIZE}. */
    public ElasticsearchSinkBuilder setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        return this;
    }

    /** Largest bulk body in bytes, also the largest document; default 5 MiB. */
    public ElasticsearchSinkBuilder setMaxBatchSizeInBytes(long maxBatchSizeInBytes) {
        this.maxBatchSizeInBytes = maxBatchSizeInBytes;
        return this;
    }

    /** Longest wait of a document in the buffer; default 200 ms. */
    public ElasticsearchSinkBuilder setMaxTimeInBuffer(Duration maxTimeInBuffer) {
        this.maxTimeInBuffer = maxTimeInBuffer;
        return this;
    }

    /** Concurrent bulk requests per subtask; default {@value #DEFAULT_MAX_IN_FLIGHT_REQUESTS}. */
    public ElasticsearchSinkBuilder setMaxInFlightRequests(int maxInFlightRequests) {
        this.maxInFlightRequests = maxInFlightRequests;
        return this;
    }

    /** Documents buffered per subtask before back-pressure; default {@value #DEFAULT_MAX_BUFFERED_REQUESTS}. */
    public ElasticsearchSinkBuilder setMaxBufferedRequests(int maxBufferedRequests) {
        this.maxBufferedRequests = maxBufferedRequests;
        return this;
    }

    /**
     * How long one document is retried, from its first failure, before the job fails; default 5
     * min. Meanwhile the sink's buffer fills up and the job is back-pressured.
     */
    public ElasticsearchSinkBuilder setRetryTimeout(Duration retryTimeout) {
        this.retryTimeout = retryTimeout;
        return this;
    }

    /** Retries of one document before the job fails, also within the retry timeout; default no limit. */
    public ElasticsearchSinkBuilder setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    /** Backoff between retries: from {@code initial}, doubling, at most {@code max}; default 100 ms to 10 s. */
    public ElasticsearchSinkBuilder setRetryBackoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** What to do with rejected documents; default {@link RejectedDocumentHandler#writeToDeadLetterIndex()}. */
    public ElasticsearchSinkBuilder setRejectedDocumentHandler(RejectedDocumentHandler handler) {
        this.rejectedDocumentHandler = handler;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting that is missing or wrong, or the
     *     variable or file of a secret that cannot be read
     */
    public ElasticsearchSink build() {
        return build(System::getenv);
    }

    /** Like {@link #build()}, with environment variables looked up in {@code environment}. */
    ElasticsearchSink build(Function<String, String> environment) {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException(
                    "Elasticsearch hosts are required but not provided (setHosts, e.g. https://localhost:9200).");
        }
        List<String> validHosts = ConnectionSettings.validateHosts(hosts);
        checkIndexName(index, "Index");
        String deadLetters = deadLetterIndex == null ? index + DEAD_LETTER_SUFFIX : deadLetterIndex;
        checkIndexName(deadLetters, "Dead-letter index");
        if (deadLetters.equals(index)) {
            throw new IllegalArgumentException("The dead-letter index must differ from the index '" + index + "'.");
        }
        if (rejectedDocumentHandler == null) {
            throw new IllegalArgumentException("The rejected-document handler must not be null.");
        }
        checkPositive(maxBatchSize, "Max batch size (actions)");
        checkPositive(maxBatchSizeInBytes, "Max batch size in bytes");
        checkPositive(maxInFlightRequests, "Max in-flight requests");
        if (maxBufferedRequests <= maxBatchSize) {
            throw new IllegalArgumentException(
                    "Max buffered requests ("
                            + maxBufferedRequests
                            + ") must be greater than the max batch size ("
                            + maxBatchSize
                            + ").");
        }
        if (maxTimeInBuffer == null || maxTimeInBuffer.toMillis() <= 0) {
            throw new IllegalArgumentException("Max time in buffer must be at least 1 ms, was " + maxTimeInBuffer + ".");
        }
        if (maxBackoff != null && maxBackoff.compareTo(REQUEST_TIMEOUT) >= 0) {
            throw new IllegalArgumentException("Max retry backoff must be below the request timeout " + REQUEST_TIMEOUT + ".");
        }
        RetryPolicy retryPolicy = new RetryPolicy(maxRetries, retryTimeout, initialBackoff, maxBackoff);
        if (credentials != null) {
            // Read once and dropped: a missing variable or file fails here, before the job starts.
            credentials.authorizationHeader(environment);
        }
        byte[] caPem = caCertificate == null ? null : readCaCertificate(caCertificate);
        ConnectionSettings connection =
                new ConnectionSettings(
                        validHosts,
                        credentials,
                        caPem,
                        caCertificate == null ? null : caCertificate.toString(),
                        CONNECT_TIMEOUT,
                        SOCKET_TIMEOUT);
        SinkSettings settings =
                new SinkSettings(connection, index, deadLetters, installTemplates, retryPolicy, rejectedDocumentHandler);
        return new ElasticsearchSink(
                settings,
                maxBatchSize,
                maxInFlightRequests,
                maxBufferedRequests,
                maxBatchSizeInBytes,
                maxTimeInBuffer.toMillis(),
                REQUEST_TIMEOUT.toMillis());
    }

    private static byte[] readCaCertificate(Path file) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("The CA certificate file " + file + " cannot be read: " + e);
        }
        TrustedCertificates.parse(pem, file.toString());
        return pem;
    }

    /** Elasticsearch's rules for index names, checked early for a clear message. */
    static void checkIndexName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " name is required but empty.");
        }
        if (name.equals(".") || name.equals("..") || "-_+".indexOf(name.charAt(0)) >= 0) {
            throw new IllegalArgumentException(what + " name '" + name + "' must not be '.', '..' or start with '-', '_' or '+'.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z' || "\\/*?\"<>| ,#:".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        what + " name '" + name + "' must be lowercase and must not contain \\ / * ? \" < > | space , # :");
            }
        }
    }

    private static void checkPositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value + ".");
        }
    }
}
