package io.threatstream.connectors.elasticsearch.internal;

import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Writes buffered items into checkpoints. Version 1: a flags byte (bit 0: has id, bit 1:
 * dead letter), the id as modified UTF-8, the JSON length and bytes. Failed attempts are not kept:
 * after a restore every item gets its full retries and retry timeout again.
 */
public final class BulkItemStateSerializer extends AsyncSinkWriterStateSerializer<BulkItem> {
    private static final int HAS_ID = 1;
    private static final int DEAD_LETTER = 2;

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    protected void serializeRequestToStream(BulkItem item, DataOutputStream out) throws IOException {
        out.writeByte((item.id() != null ? HAS_ID : 0) | (item.isDeadLetter() ? DEAD_LETTER : 0));
        if (item.id() != null) {
            out.writeUTF(item.id());
        }
        out.writeInt(item.json().length);
        out.write(item.json());
    }

    @Override
    protected BulkItem deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        int flags = in.readUnsignedByte();
        String id = (flags & HAS_ID) != 0 ? in.readUTF() : null;
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return (flags & DEAD_LETTER) != 0 ? BulkItem.deadLetter(id, json) : BulkItem.document(id, json);
    }
}
