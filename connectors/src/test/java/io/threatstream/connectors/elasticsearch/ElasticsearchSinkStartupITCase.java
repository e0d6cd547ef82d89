package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.elasticsearch.internal.ClusterSetup;
import io.threatstream.connectors.elasticsearch.internal.ConnectionSettings;
import io.threatstream.connectors.elasticsearch.internal.Credentials;
import io.threatstream.connectors.elasticsearch.internal.RestClientFactory;
import io.threatstream.connectors.record.Document;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wrong credentials or an untrusted certificate fail the job at start, clearly and without secrets. */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchSinkStartupITCase {
    private static final String WRONG_PASSWORD = "wrong-password-6f1d";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static ConnectionSettings settings(Credentials credentials, boolean trustTheTestCa) throws IOException {
        LocalElasticsearch node = ElasticsearchExtension.node();
        return new ConnectionSettings(
                List.of(node.url()),
                credentials,
                trustTheTestCa ? Files.readAllBytes(node.caCertificate()) : null,
                trustTheTestCa ? node.caCertificate().toString() : null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    @TempDir Path dir;

    /** Runs a job of one document into the sink, without restarts; its failure is returned by the assertion. */
    private static void runOneDocument(ElasticsearchSink sink, String jobName) throws Exception {
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        env.fromData(new Document("a", "{}".getBytes(StandardCharsets.UTF_8))).sinkTo(sink);
        env.execute(jobName);
    }

    @Test
    void wrongPasswordFailsTheJobBeforeTheFirstDocument() throws IOException {
        ElasticsearchSink sink = ElasticsearchExtension.node().sinkBuilder()
                .setBasicAuth(LocalElasticsearch.USERNAME, Secret.fromFile(Files.writeString(dir.resolve("wrong"), WRONG_PASSWORD)))
                .setIndex("itcase-never-written")
                .build();

        assertThatThrownBy(() -> runOneDocument(sink, "wrong password"))
                .satisfies(failure -> {
                    // The cause arrives from the task manager as a SerializedThrowable: find it by message.
                    assertThat(ExceptionUtils.findThrowableWithMessage(failure, "HTTP 401 security_exception: unable to authenticate user [elastic]"))
                            .get()
                            .extracting(Throwable::getMessage)
                            .asString()
                            .contains("Cannot use Elasticsearch at hosts [" + ElasticsearchExtension.node().url() + "]")
                            .contains("check the API key or the username and password");
                    assertThat(ExceptionUtils.stringifyException(failure)).doesNotContain(WRONG_PASSWORD);
                });
    }

    @Test
    void theSecretIsReadWhereTheWriterRunsAndItsAbsenceThereFailsTheStartNamingIt() {
        LocalElasticsearch node = ElasticsearchExtension.node();
        Configuration options = new Configuration();
        options.setString("sink.elasticsearch.hosts", node.url());
        options.setString("sink.elasticsearch.ca-cert", node.caCertificate().toString());
        options.setString("sink.elasticsearch.username", LocalElasticsearch.USERNAME);
        options.setString("sink.elasticsearch.password-env", "THREATSTREAM_NOT_IN_THIS_PROCESS");
        // Where the sink is built the variable exists; where it runs (this JVM's task manager) it does not.
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(
                options, Map.of("THREATSTREAM_NOT_IN_THIS_PROCESS", LocalElasticsearch.PASSWORD));

        assertThatThrownBy(() -> runOneDocument(sink, "variable missing on the task manager"))
                .satisfies(failure -> assertThat(ExceptionUtils.findThrowableWithMessage(failure,
                                "Cannot read the Elasticsearch credentials in this process: The environment variable"
                                        + " THREATSTREAM_NOT_IN_THIS_PROCESS (option sink.elasticsearch.password-env) is not set or empty."))
                        .isPresent());
    }

    @Test
    void unknownApiKeyIsRefused() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("api-key"), "Zm9vOmJhcg==");
        Credentials key = Credentials.apiKey(Secret.fromFile(keyFile));
        try (RestClient client = RestClientFactory.create(settings(key, true))) {
            assertThatThrownBy(() -> ClusterSetup.verifyConnection(client, settings(key, true)))
                    .isInstanceOf(ElasticsearchSinkException.class)
                    .hasMessageContaining("API key from file " + keyFile)
                    .hasMessageContaining("HTTP 401 security_exception")
                    .hasMessageNotContaining("Zm9vOmJhcg==");
        }
    }

    @Test
    void certificateSignedByAnUnknownCaFailsWithAHint() throws IOException {
        Credentials password = Credentials.basic(LocalElasticsearch.USERNAME, ElasticsearchExtension.node().password());
        try (RestClient client = RestClientFactory.create(settings(password, false))) {
            assertThatThrownBy(() -> ClusterSetup.verifyConnection(client, settings(password, false)))
                    .isInstanceOf(ElasticsearchSinkException.class)
                    .hasMessageContaining("TLS failure")
                    .hasMessageContaining("sink.elasticsearch.ca-cert");
        }
    }

    @Test
    void rightCredentialsAndCaConnect() throws IOException {
        Credentials password = Credentials.basic(LocalElasticsearch.USERNAME, ElasticsearchExtension.node().password());
        try (RestClient client = RestClientFactory.create(settings(password, true))) {
            ConnectionSettings settings = settings(password, true);
            assertThatCode(() -> ClusterSetup.verifyConnection(client, settings)).doesNotThrowAnyException();
        }
    }
}
