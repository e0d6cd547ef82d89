package io.threatstream.connectors.elasticsearch.internal;

import io.threatstream.connectors.record.Document;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link Document} into a bulk item. The bulk body is newline-delimited, so the JSON must
 * be on one line: a raw CR or LF can only be whitespace between tokens in valid JSON (inside
 * strings they must be escaped, and UTF-8 never uses those bytes in multi-byte characters), so
 * replacing them with spaces keeps the document's meaning. A missing body is sent as {@code null},
 * which Elasticsearch rejects for that item alone, so it reaches the dead-letter index with the
 * server's reason instead of failing the job.
 */
public final class DocumentConverter implements ElementConverter<Document, BulkItem> {
    private static final long serialVersionUID = 1L;
    private static final byte[] MISSING_BODY = "null".getBytes(StandardCharsets.US_ASCII);

    @Override
    public BulkItem apply(Document document, SinkWriter.Context context) {
        return BulkItem.document(document.id, oneLine(document.json));
    }

    static byte[] oneLine(byte[] json) {
        if (json == null || json.length == 0) {
            return MISSING_BODY;
        }
        byte[] line = null;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                if (line == null) {
                    line = json.clone(); // never modify the caller's array
                }
                line[i] = ' ';
            }
        }
        return line == null ? json : line;
    }
}
