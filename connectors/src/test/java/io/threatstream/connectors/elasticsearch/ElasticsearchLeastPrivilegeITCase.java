package io.threatstream.connectors.elasticsearch;

import io.threatstream.connectors.record.Document;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.elasticsearch.client.ResponseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sink with the least privilege it needs, as in production: the user {@value
 * LocalElasticsearch#WRITER_USERNAME}, whose only role ({@code threatstream_alert_writer}, created
 * by deploy/local/elasticsearch.sh) may create documents in {@code logs-threatstream.alerts-*} and
 * nothing else; its password in an environment variable; the server's certificate verified with
 * the CA file. It writes alerts and dead letters; the same credentials may not write to another
 * index, read, or install templates; and a sink pointed at another index fails with the privileges
 * it lacks.
 */
@ExtendWith(ElasticsearchExtension.class)
class ElasticsearchLeastPrivilegeITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static TestClient admin;

    @BeforeAll
    static void connect() throws IOException {
        admin = new TestClient(ElasticsearchExtension.node());
    }

    @AfterAll
    static void disconnect() throws IOException {
        admin.close();
    }

    /** The options a deployment gives the job: only the names of the variable and the CA file. */
    private static Configuration writerOptions(String index) {
        LocalElasticsearch node = ElasticsearchExtension.node();
        node.writerPassword(); // fails with an explanation when the variable is missing
        Configuration options = new Configuration();
        options.setString("sink.elasticsearch.hosts", node.url());
        options.setString("sink.elasticsearch.index", index);
        options.setString("sink.elasticsearch.username", LocalElasticsearch.WRITER_USERNAME);
        options.setString("sink.elasticsearch.password-env", LocalElasticsearch.WRITER_PASSWORD_ENV);
        options.setString("sink.elasticsearch.ca-cert", node.caCertificate().toString());
        return options;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void write(List<Document> documents, ElasticsearchSink sink, String jobName) throws Exception {
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        env.setParallelism(2);
        env.fromData(documents).sinkTo(sink).name("elasticsearch");
        env.execute(jobName);
    }

    private static List<Document> alerts(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document("alert-" + i, ElasticsearchSinkITCase.alertJson(i).getBytes(StandardCharsets.UTF_8)));
        }
        return documents;
    }

    @Test
    void theWriterWritesAlertsAndDeadLettersOverTlsWithThePasswordFromTheEnvironment() throws Exception {
        String index = unique(LocalElasticsearch.WRITER_INDEX_PREFIX + "itcase-");
        List<Document> documents = alerts(50);
        String truncated = "{\"@timestamp\":\"2024-06-01T12:00:00Z\",\"n\":";
        documents.add(17, new Document("truncated", truncated.getBytes(StandardCharsets.UTF_8)));
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(writerOptions(index));
        assertThat(sink.settings().connection().toString())
                .contains("user '" + LocalElasticsearch.WRITER_USERNAME + "', password from environment variable "
                        + LocalElasticsearch.WRITER_PASSWORD_ENV)
                .contains("CA " + ElasticsearchExtension.node().caCertificate());

        write(documents, sink, "least privilege");

        assertThat(admin.count(index)).isEqualTo(50);
        List<JsonNode> deadLetters = admin.searchAll(index + "-dead-letter");
        assertThat(deadLetters).extracting(hit -> hit.path("_id").asText()).containsExactly("truncated");
        assertThat(deadLetters.get(0).path("_source").path("event").path("original").asText()).isEqualTo(truncated);
    }

    @Test
    void theSameCredentialsMayNeitherWriteElsewhereNorReadNorInstallTemplates() throws IOException {
        LocalElasticsearch node = ElasticsearchExtension.node();
        String elsewhere = unique("itcase-elsewhere-");
        String alertIndex = unique(LocalElasticsearch.WRITER_INDEX_PREFIX + "itcase-");
        try (TestClient writer = new TestClient(node, LocalElasticsearch.WRITER_USERNAME, node.writerPassword())) {
            JsonNode me = writer.call("GET", "/_security/_authenticate", null);
            assertThat(me.path("roles")).extracting(JsonNode::asText).containsExactly("threatstream_alert_writer");

            assertForbidden(() -> writer.call("POST", "/" + elsewhere + "/_doc", "{\"@timestamp\":\"2024-06-01T12:00:00Z\"}"));
            writer.call("PUT", "/" + alertIndex + "/_create/one", "{\"@timestamp\":\"2024-06-01T12:00:00Z\"}");
            assertForbidden(() -> writer.call("GET", "/" + alertIndex + "/_search", null));
            assertForbidden(() -> writer.call("DELETE", "/" + alertIndex + "/_doc/one", null));
            assertForbidden(() -> writer.call("PUT", "/_index_template/" + alertIndex,
                    "{\"index_patterns\":[\"" + alertIndex + "\"],\"data_stream\":{}}"));
        }
        assertThat(admin.count(elsewhere)).isZero();
        assertThat(admin.count(alertIndex)).isEqualTo(1);
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void assertForbidden(Call call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(ResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusLine().getStatusCode()).isEqualTo(403);
                    assertThat(e.getMessage())
                            .contains("security_exception")
                            .contains("is unauthorized for user [" + LocalElasticsearch.WRITER_USERNAME + "]");
                });
    }

    @Test
    void aSinkPointedAtAnotherIndexFailsTheJobNamingThePrivilegesItLacks() throws IOException {
        String elsewhere = unique("itcase-elsewhere-");
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(writerOptions(elsewhere));

        assertThatThrownBy(() -> write(alerts(5), sink, "another index"))
                .satisfies(failure -> {
                    String trace = ExceptionUtils.stringifyException(failure);
                    assertThat(trace)
                            .contains("Elasticsearch refused to write document 'alert-")
                            .contains("for index " + elsewhere + ": 403 security_exception: action [indices:admin/auto_create]"
                                    + " is unauthorized for user [" + LocalElasticsearch.WRITER_USERNAME + "]")
                            .contains("create_doc and auto_configure on the index and the dead-letter index");
                    assertThat(trace).doesNotContain(System.getenv(LocalElasticsearch.WRITER_PASSWORD_ENV));
                });
        assertThat(admin.count(elsewhere)).isZero();
        assertThat(admin.count(elsewhere + "-dead-letter")).isZero();
    }

    @Test
    void installingTemplatesNeedsAPrivilegeTheWriterLacks() {
        Configuration options = writerOptions(unique(LocalElasticsearch.WRITER_INDEX_PREFIX + "itcase-"));
        options.setString("sink.elasticsearch.install-template", "true");
        ElasticsearchSink sink = ElasticsearchSink.fromConfiguration(options);

        assertThatThrownBy(() -> write(alerts(1), sink, "install templates"))
                .satisfies(failure -> assertThat(ExceptionUtils.stringifyException(failure))
                        .contains("Cannot install the index template for")
                        .contains("HTTP 403 security_exception: action [indices:admin/index_template/put] is unauthorized")
                        .contains("install-template needs the cluster privilege manage_index_templates"));
    }
}
