package io.threatstream.connectors.elasticsearch;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

/**
 * Configuration of the Elasticsearch sink, read by {@link ElasticsearchSink#fromConfiguration}.
 * Secrets are never options themselves: the options name the environment variable or file that
 * holds them, and the sink keeps only that name (see {@link Secret}).
 */
public final class ElasticsearchSinkOptions {
    private ElasticsearchSinkOptions() {}

    /** A string, not a Flink list option: Flink lists separate with ';', people write commas. */
    public static final ConfigOption<String> HOSTS =
            ConfigOptions.key("sink.elasticsearch.hosts")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Elasticsearch nodes, comma-separated URLs such as"
                                    + " https://es-1:9200,https://es-2:9200. Requests are spread over"
                                    + " them; a failing node is skipped until it answers again.");

    public static final ConfigOption<String> INDEX =
            ConfigOptions.key("sink.elasticsearch.index")
                    .stringType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_INDEX)
                    .withDescription(
                            "Index or data stream for the alerts. The default is a data stream under"
                                    + " logs-*, which Elasticsearch's built-in 'logs' template creates"
                                    + " on the first write and Kibana's Security app reads. Data streams"
                                    + " take only 'create' and need @timestamp, which every alert has.");

    public static final ConfigOption<String> DEAD_LETTER_INDEX =
            ConfigOptions.key("sink.elasticsearch.dead-letter-index")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Index or data stream for documents Elasticsearch rejects for good (e.g. a"
                                    + " mapping conflict), with the server's reason. Default: the index"
                                    + " name followed by '-dead-letter'.");

    public static final ConfigOption<String> API_KEY_ENV =
            ConfigOptions.key("sink.elasticsearch.api-key-env")
                    .stringType()
                    .defaultValue("ELASTICSEARCH_API_KEY")
                    .withDescription(
                            "Environment variable holding an API key (the base64 'encoded' value),"
                                    + " sent as 'Authorization: ApiKey <key>'. Used when set and"
                                    + " non-empty where the job is built; every process that runs"
                                    + " the job reads it itself.");

    public static final ConfigOption<String> API_KEY_FILE =
            ConfigOptions.key("sink.elasticsearch.api-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the API key; takes precedence over the environment variable.");

    public static final ConfigOption<String> USERNAME =
            ConfigOptions.key("sink.elasticsearch.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User for basic authentication; set it instead of an API key.");

    public static final ConfigOption<String> PASSWORD_ENV =
            ConfigOptions.key("sink.elasticsearch.password-env")
                    .stringType()
                    .defaultValue("ELASTICSEARCH_PASSWORD")
                    .withDescription("Environment variable holding the password of sink.elasticsearch.username.");

    public static final ConfigOption<String> PASSWORD_FILE =
            ConfigOptions.key("sink.elasticsearch.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the password; takes precedence over the environment variable.");

    public static final ConfigOption<String> CA_CERT =
            ConfigOptions.key("sink.elasticsearch.ca-cert")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "PEM file of the CA that signed the cluster's HTTP certificate (e.g."
                                    + " Elasticsearch's http_ca.crt). Without it the JVM's default"
                                    + " trust store is used.");

    public static final ConfigOption<Integer> BULK_MAX_ACTIONS =
            ConfigOptions.key("sink.elasticsearch.bulk.max-actions")
                    .intType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_MAX_BATCH_SIZE)
                    .withDescription("Most documents in one bulk request.");

    public static final ConfigOption<MemorySize> BULK_MAX_BYTES =
            ConfigOptions.key("sink.elasticsearch.bulk.max-bytes")
                    .memoryType()
                    .defaultValue(new MemorySize(ElasticsearchSinkBuilder.DEFAULT_MAX_BATCH_BYTES))
                    .withDescription("Largest bulk request body; also the largest single document.");

    public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL =
            ConfigOptions.key("sink.elasticsearch.bulk.flush-interval")
                    .durationType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_MAX_TIME_IN_BUFFER)
                    .withDescription(
                            "Longest time a document waits in the buffer before a bulk request goes"
                                    + " out; a checkpoint also sends everything buffered.");

    public static final ConfigOption<Integer> BULK_MAX_IN_FLIGHT_REQUESTS =
            ConfigOptions.key("sink.elasticsearch.bulk.max-in-flight-requests")
                    .intType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_MAX_IN_FLIGHT_REQUESTS)
                    .withDescription("Most concurrent bulk requests per sink subtask.");

    public static final ConfigOption<Integer> BULK_MAX_BUFFERED_ACTIONS =
            ConfigOptions.key("sink.elasticsearch.bulk.max-buffered-actions")
                    .intType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_MAX_BUFFERED_REQUESTS)
                    .withDescription(
                            "Most documents buffered per subtask; when full, the sink back-pressures"
                                    + " the job. Must exceed bulk.max-actions.");

    public static final ConfigOption<Duration> RETRY_TIMEOUT =
            ConfigOptions.key("sink.elasticsearch.retry.timeout")
                    .durationType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_RETRY_TIMEOUT)
                    .withDescription(
                            "How long one document is sent again after retryable failures (429,"
                                    + " 5xx, connection refused or reset, timeouts), counted from its"
                                    + " first failure, before the job fails; the restart resumes from"
                                    + " the last checkpoint. Meanwhile the sink buffers up to"
                                    + " bulk.max-buffered-actions documents and then back-pressures the"
                                    + " job, so an Elasticsearch outage shorter than this costs latency,"
                                    + " not alerts. A checkpoint waits for the retries: keep this below"
                                    + " execution.checkpointing.timeout (10 min by default).");

    public static final ConfigOption<Integer> RETRY_MAX_RETRIES =
            ConfigOptions.key("sink.elasticsearch.retry.max-retries")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Optionally, also the most retries of one document before the job fails"
                                    + " (whichever of this and retry.timeout comes first). Unset: only"
                                    + " the timeout limits retries.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF =
            ConfigOptions.key("sink.elasticsearch.retry.initial-backoff")
                    .durationType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_INITIAL_BACKOFF)
                    .withDescription("Pause before the first retry; doubled for every further one.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
            ConfigOptions.key("sink.elasticsearch.retry.max-backoff")
                    .durationType()
                    .defaultValue(ElasticsearchSinkBuilder.DEFAULT_MAX_BACKOFF)
                    .withDescription("Longest pause between retries.");

    public static final ConfigOption<Boolean> INSTALL_TEMPLATE =
            ConfigOptions.key("sink.elasticsearch.install-template")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Install composable index templates (priority 200, above the built-in"
                                    + " 'logs' template) for the index and the dead-letter index at"
                                    + " start: data streams with typed alert fields (dates, numbers,"
                                    + " keywords). A template already installed as this version"
                                    + " writes it is left alone. Needs the manage_index_templates"
                                    + " privilege.");
}
