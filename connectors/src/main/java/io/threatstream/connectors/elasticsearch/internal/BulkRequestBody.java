package io.threatstream.connectors.elasticsearch.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the NDJSON body of a {@code _bulk} request: for each item an action line {@code
 * {"create":{"_index":"…","_id":"…"}}} and the document on the next line. Only {@code create}:
 * with a deterministic {@code _id}, a replayed document is answered with 409 and never written
 * twice; data streams accept nothing else.
 */
public final class BulkRequestBody {
    private static final byte[] ID_FIELD = ",\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_END = "}}\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] documentActionPrefix;
    private final byte[] deadLetterActionPrefix;

    public BulkRequestBody(String index, String deadLetterIndex) {
        this.documentActionPrefix = actionPrefix(index);
        this.deadLetterActionPrefix = actionPrefix(deadLetterIndex);
    }

    private static byte[] actionPrefix(String index) {
        return ("{\"create\":{\"_index\":\"" + new String(quote(index), StandardCharsets.UTF_8) + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] quote(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text);
    }

    public byte[] build(List<BulkItem> items) {
        long size = 0;
        for (BulkItem item : items) {
            size += item.sizeInBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size + 64, Integer.MAX_VALUE - 8));
        for (BulkItem item : items) {
            out.writeBytes(item.isDeadLetter() ? deadLetterActionPrefix : documentActionPrefix);
            if (item.id() != null) {
                out.writeBytes(ID_FIELD);
                out.writeBytes(quote(item.id()));
                out.write('"');
            }
            out.writeBytes(ACTION_END);
            out.writeBytes(item.json());
            out.write('\n');
        }
        return out.toByteArray();
    }
}
