package io.threatstream.connectors.elasticsearch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterSetupTest {

    @Test
    void alertTemplateIsADataStreamAboveTheBuiltInLogsTemplate() {
        JsonNode template = ClusterSetup.template("logs-threatstream.alerts-default", "alert-mappings.json");

        assertThat(template.path("index_patterns").get(0).asText()).isEqualTo("logs-threatstream.alerts-default");
        assertThat(template.path("priority").asInt()).isGreaterThan(100);
        assertThat(template.path("data_stream").isObject()).isTrue();
        JsonNode properties = template.path("template").path("mappings").path("properties");
        assertThat(properties.path("@timestamp").path("type").asText()).isEqualTo("date");
        JsonNode alert = properties.path("kibana").path("properties").path("alert").path("properties");
        assertThat(alert.path("original_time").path("type").asText()).isEqualTo("date");
        JsonNode suppression = alert.path("suppression").path("properties");
        assertThat(suppression.path("start").path("type").asText()).isEqualTo("date");
        assertThat(suppression.path("end").path("type").asText()).isEqualTo("date");
        assertThat(suppression.path("docs_count").path("type").asText()).isEqualTo("long");
    }

    @Test
    void deadLetterTemplateKeepsTheOriginalUnindexed() {
        JsonNode template = ClusterSetup.template("alerts-dead-letter", "dead-letter-mappings.json");

        JsonNode original = template.path("template").path("mappings").path("properties").path("event").path("properties").path("original");
        assertThat(original.path("index").asBoolean(true)).isFalse();
    }

    @Test
    void theContentDigestNamesTheTemplateExactly() {
        String digest = digest(ClusterSetup.template("logs-a.alerts-default", "alert-mappings.json"));

        assertThat(digest).matches("[0-9a-f]{64}");
        assertThat(digest(ClusterSetup.template("logs-a.alerts-default", "alert-mappings.json"))).isEqualTo(digest);
        assertThat(digest(ClusterSetup.template("logs-b.alerts-default", "alert-mappings.json"))).isNotEqualTo(digest);
        assertThat(digest(ClusterSetup.template("logs-a.alerts-default", "dead-letter-mappings.json"))).isNotEqualTo(digest);
    }

    private static String digest(JsonNode template) {
        return template.path("_meta").path(ClusterSetup.CONTENT_DIGEST).asText();
    }
}
