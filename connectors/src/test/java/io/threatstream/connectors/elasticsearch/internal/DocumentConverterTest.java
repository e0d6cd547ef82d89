package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.record.Document;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentConverterTest {
    private final DocumentConverter converter = new DocumentConverter();

    @Test
    void prettyPrintedJsonBecomesOneLineWithoutTouchingTheCallersBytes() {
        byte[] pretty = "{\r\n  \"a\": \"x\\ny\"\n}".getBytes(StandardCharsets.UTF_8);
        byte[] original = pretty.clone();

        BulkItem item = converter.apply(new Document("id-1", pretty), null);

        assertThat(new String(item.json(), StandardCharsets.UTF_8)).isEqualTo("{    \"a\": \"x\\ny\" }");
        assertThat(pretty).isEqualTo(original);
        assertThat(item.id()).isEqualTo("id-1");
        assertThat(item.isDeadLetter()).isFalse();
        assertThat(item.failedAttempts()).isZero();
    }

    @Test
    void oneLineJsonIsKeptAsIs() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(converter.apply(new Document("id", json), null).json()).isSameAs(json);
    }

    @Test
    void missingBodyIsSentAsNullForElasticsearchToReject() {
        assertThat(converter.apply(new Document("id", null), null).json()).isEqualTo("null".getBytes(StandardCharsets.US_ASCII));
        assertThat(converter.apply(new Document("id", new byte[0]), null).json()).isEqualTo("null".getBytes(StandardCharsets.US_ASCII));
    }
}
