package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.RetryPolicy;
import io.threatstream.connectors.elasticsearch.internal.SinkSettings;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's checks and {@link ElasticsearchSink#fromConfiguration}. */
class ElasticsearchSinkConfigurationTest {

    private static Configuration conf(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return Configuration.fromMap(map);
    }

    @Test
    void optionKeysAreStable() {
        assertThat(ElasticsearchSinkOptions.HOSTS.key()).isEqualTo("sink.elasticsearch.hosts");
        assertThat(ElasticsearchSinkOptions.INDEX.key()).isEqualTo("sink.elasticsearch.index");
        assertThat(ElasticsearchSinkOptions.API_KEY_ENV.key()).isEqualTo("sink.elasticsearch.api-key-env");
        assertThat(ElasticsearchSinkOptions.API_KEY_FILE.key()).isEqualTo("sink.elasticsearch.api-key-file");
        assertThat(ElasticsearchSinkOptions.USERNAME.key()).isEqualTo("sink.elasticsearch.username");
        assertThat(ElasticsearchSinkOptions.PASSWORD_ENV.key()).isEqualTo("sink.elasticsearch.password-env");
        assertThat(ElasticsearchSinkOptions.PASSWORD_FILE.key()).isEqualTo("sink.elasticsearch.password-file");
        assertThat(ElasticsearchSinkOptions.CA_CERT.key()).isEqualTo("sink.elasticsearch.ca-cert");
        assertThat(ElasticsearchSinkOptions.BULK_MAX_ACTIONS.key()).isEqualTo("sink.elasticsearch.bulk.max-actions");
        assertThat(ElasticsearchSinkOptions.BULK_MAX_BYTES.key()).isEqualTo("sink.elasticsearch.bulk.max-bytes");
        assertThat(ElasticsearchSinkOptions.BULK_FLUSH_INTERVAL.key()).isEqualTo("sink.elasticsearch.bulk.flush-interval");
        assertThat(ElasticsearchSinkOptions.INSTALL_TEMPLATE.key()).isEqualTo("sink.elasticsearch.install-template");
        assertThat(ElasticsearchSinkOptions.RETRY_TIMEOUT.key()).isEqualTo("sink.elasticsearch.retry.timeout");
        assertThat(ElasticsearchSinkOptions.RETRY_MAX_RETRIES.key()).isEqualTo("sink.elasticsearch.retry.max-retries");
    }

    @Test
    void retriesAreLimitedByTimeOnlyUnlessACountIsSet() {
        RetryPolicy byDefault =
                ElasticsearchSink.fromConfiguration(conf("sink.elasticsearch.hosts", "https://a:9200"), Map.of())
                        .settings()
                        .retryPolicy();
        RetryPolicy configured =
                ElasticsearchSink.fromConfiguration(
                                conf(
                                        "sink.elasticsearch.hosts", "https://a:9200",
                                        "sink.elasticsearch.retry.timeout", "90 s",
                                        "sink.elasticsearch.retry.max-retries", "7"),
                                Map.of())
                        .settings()
                        .retryPolicy();

        assertThat(byDefault.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(byDefault.maxRetries()).isEqualTo(RetryPolicy.UNLIMITED_RETRIES);
        assertThat(configured.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(configured.maxRetries()).isEqualTo(7);
    }

    @Test
    void aZeroRetryTimeoutIsAConfigurationError() {
        assertThatThrownBy(
                        () -> ElasticsearchSink.fromConfiguration(
                                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.retry.timeout", "0 s"),
                                Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("retry timeout must be at least 1 ms");
    }

    @Test
    void defaultsGiveADataStreamUnderLogsAndItsDeadLetterIndex() {
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200, https://b:9200"), Map.of());

        SinkSettings settings = sink.settings();
        assertThat(settings.connection().hosts()).containsExactly("https://a:9200", "https://b:9200");
        assertThat(settings.index()).isEqualTo("logs-threatstream.alerts-default");
        assertThat(settings.deadLetterIndex()).isEqualTo("logs-threatstream.alerts-default-dead-letter");
        assertThat(settings.connection().credentials()).isNull();
        assertThat(settings.installTemplates()).isFalse();
    }

    @Test
    void missingHostsNamesTheOption() {
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(conf(), Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("sink.elasticsearch.hosts is required");
    }

    @Test
    void apiKeyComesFromTheNamedEnvironmentVariable() {
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.api-key-env", "MY_KEY"),
                Map.of("MY_KEY", "a2V5"));

        assertThat(sink.settings().connection().credentials().authorizationHeader(Map.of("MY_KEY", "a2V5")::get))
                .isEqualTo("ApiKey a2V5");
        assertThat(sink.settings().connection().credentials().toString())
                .isEqualTo("API key from environment variable MY_KEY (option sink.elasticsearch.api-key-env)");
    }

    @Test
    void apiKeyFileWinsOverTheVariable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("key"), "ZmlsZQ==\n");

        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.api-key-file", file.toString()),
                Map.of("ELASTICSEARCH_API_KEY", "ZW52"));

        assertThat(sink.settings().connection().credentials().authorizationHeader()).isEqualTo("ApiKey ZmlsZQ==");
    }

    @Test
    void unreadableSecretFileNamesTheOption(@TempDir Path dir) {
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200",
                                "sink.elasticsearch.api-key-file", dir.resolve("absent").toString()),
                        Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessage("Invalid sink.elasticsearch.* configuration: The secret file " + dir.resolve("absent")
                        + " (option sink.elasticsearch.api-key-file) cannot be read (NoSuchFileException).");
    }

    @Test
    void emptyPasswordFileFailsAtBuildNamingTheOption(@TempDir Path dir) throws IOException {
        Path blank = Files.writeString(dir.resolve("password"), "\n");

        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.username", "writer",
                                "sink.elasticsearch.password-file", blank.toString()),
                        Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("The secret file " + blank + " (option sink.elasticsearch.password-file) is empty.");
    }

    @Test
    void theSerializedSinkHoldsWhereTheSecretsAreNeverTheSecrets(@TempDir Path dir) throws IOException {
        String apiKey = "api-key-do-not-leak-51d2";
        String password = "password-do-not-leak-93be";
        Path keyFile = Files.writeString(dir.resolve("api-key"), apiKey);
        ElasticsearchSink withKeyFile = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.api-key-file", keyFile.toString()),
                Map.of());
        ElasticsearchSink withPasswordVariable = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.username", "writer",
                        "sink.elasticsearch.password-env", "WRITER_PASSWORD"),
                Map.of("WRITER_PASSWORD", password));

        String keyFileSink = serialized(withKeyFile);
        String passwordVariableSink = serialized(withPasswordVariable);

        assertThat(keyFileSink).contains(keyFile.toString()).doesNotContain(apiKey);
        assertThat(passwordVariableSink).contains("WRITER_PASSWORD").doesNotContain(password);
        // The serialized sink is what Flink ships: a copy still authenticates, reading the secret anew.
        assertThat(deserialized(keyFileSink).settings().connection().credentials().authorizationHeader())
                .isEqualTo("ApiKey " + apiKey);
    }

    private static String serialized(ElasticsearchSink sink) throws IOException {
        return new String(InstantiationUtil.serializeObject(sink), StandardCharsets.ISO_8859_1);
    }

    private static ElasticsearchSink deserialized(String bytes) throws IOException {
        try {
            return InstantiationUtil.deserializeObject(
                    bytes.getBytes(StandardCharsets.ISO_8859_1), ElasticsearchSink.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void basicAuthNeedsAPassword() {
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.username", "writer"), Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("sink.elasticsearch.username is set but there is no password")
                .hasMessageContaining("ELASTICSEARCH_PASSWORD")
                .hasMessageContaining("sink.elasticsearch.password-file");
    }

    @Test
    void basicAuthFromTheEnvironment() {
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(
                conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.username", "writer"),
                Map.of("ELASTICSEARCH_PASSWORD", "pw"));

        assertThat(sink.settings().connection().credentials().toString())
                .isEqualTo("user 'writer', password from environment variable ELASTICSEARCH_PASSWORD (option sink.elasticsearch.password-env)");
    }

    @Test
    void apiKeyAndUsernameTogetherAreAmbiguous() {
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.username", "writer"),
                        Map.of("ELASTICSEARCH_API_KEY", "k", "ELASTICSEARCH_PASSWORD", "pw")))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("environment variable ELASTICSEARCH_API_KEY")
                .hasMessageContaining("configure one of them")
                .hasMessageNotContaining("pw");
    }

    @Test
    void builderErrorsAreReportedAsConfigurationErrors() {
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.index", "Alerts"), Map.of()))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining("Index name 'Alerts' must be lowercase");
        assertThatThrownBy(() -> ElasticsearchSink.fromConfiguration(
                        conf("sink.elasticsearch.hosts", "https://a:9200", "sink.elasticsearch.bulk.max-actions", "20000"), Map.of()))
                .hasMessageContaining("Max buffered requests (10000) must be greater than the max batch size (20000)");
    }

    @Test
    void builderRequiresHosts() {
        assertThatThrownBy(() -> ElasticsearchSink.builder().build())
                .hasMessage("Elasticsearch hosts are required but not provided (setHosts, e.g. https://localhost:9200).");
    }

    @Test
    void hostsMustBeHttpUrlsWithoutCredentials() {
        assertThatThrownBy(() -> ElasticsearchSink.builder().setHosts("es-1:9200").build())
                .hasMessageContaining("'es-1:9200' must start with http:// or https://");
        assertThatThrownBy(() -> ElasticsearchSink.builder().setHosts("https://elastic:pw@es-1:9200").build())
                .hasMessageContaining("contains user info")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ElasticsearchSink.builder().setHosts("https://es-1:9200/prefix").build())
                .hasMessageContaining("must not have a path");
    }

    @Test
    void caCertificateIsCheckedAtBuild(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.crt"), "hello");

        assertThatThrownBy(() -> ElasticsearchSink.builder().setHosts("https://a:9200").setCaCertificate(notPem).build())
                .hasMessageContaining("The CA certificate file " + notPem);
        assertThatThrownBy(() -> ElasticsearchSink.builder().setHosts("https://a:9200").setCaCertificate(dir.resolve("absent")).build())
                .hasMessageContaining("cannot be read");
    }
}
