package io.threatstream.connectors.elasticsearch.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkRequestBodyTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesCreateActionsAsNdjson() {
        BulkRequestBody body = new BulkRequestBody("logs-threatstream.alerts-default", "logs-threatstream.alerts-default-dead-letter");

        byte[] bytes = body.build(List.of(
                BulkItem.document("a\"1", utf8("{\"n\":1}")),
                BulkItem.document(null, utf8("{\"n\":2}")),
                BulkItem.deadLetter("x", utf8("{\"error\":{}}"))));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"create\":{\"_index\":\"logs-threatstream.alerts-default\",\"_id\":\"a\\\"1\"}}\n"
                        + "{\"n\":1}\n"
                        + "{\"create\":{\"_index\":\"logs-threatstream.alerts-default\"}}\n"
                        + "{\"n\":2}\n"
                        + "{\"create\":{\"_index\":\"logs-threatstream.alerts-default-dead-letter\",\"_id\":\"x\"}}\n"
                        + "{\"error\":{}}\n");
    }
}
