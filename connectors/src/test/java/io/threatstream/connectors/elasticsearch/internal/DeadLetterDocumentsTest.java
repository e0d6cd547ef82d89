package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.elasticsearch.RejectedDocument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterDocumentsTest {

    @Test
    void describesTheRejectionInEcsFields() throws IOException {
        RejectedDocument rejected = new RejectedDocument(
                "alerts", "id-7", 400, "document_parsing_exception", "failed to parse field [n]",
                "{\"n\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
        Clock clock = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

        JsonNode json = new ObjectMapper().readTree(DeadLetterDocuments.describe(rejected, clock));

        assertThat(json.path("@timestamp").asText()).isEqualTo("2024-06-01T12:00:00Z");
        assertThat(json.path("event").path("kind").asText()).isEqualTo("pipeline_error");
        assertThat(json.path("event").path("original").asText()).isEqualTo("{\"n\":\"abc\"}");
        assertThat(json.path("error").path("code").asText()).isEqualTo("400");
        assertThat(json.path("error").path("type").asText()).isEqualTo("document_parsing_exception");
        assertThat(json.path("error").path("message").asText()).isEqualTo("failed to parse field [n]");
        assertThat(json.path("labels").path("target_index").asText()).isEqualTo("alerts");
    }
}
