package io.threatstream.connectors.file;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Checkpoint format of {@link NdjsonFileSplit}: path (modified UTF-8), offset, next line. */
final class NdjsonFileSplitSerializer implements SimpleVersionedSerializer<NdjsonFileSplit> {
    static final NdjsonFileSplitSerializer INSTANCE = new NdjsonFileSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(NdjsonFileSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + split.path().length());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public NdjsonFileSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        return read(new DataInputDeserializer(serialized));
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown NDJSON file split version " + version + " (expected " + VERSION + ")");
        }
    }

    static void write(NdjsonFileSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeLong(split.nextLine());
    }

    static NdjsonFileSplit read(DataInputView in) throws IOException {
        String path = in.readUTF();
        long offset = in.readLong();
        long nextLine = in.readLong();
        try {
            return new NdjsonFileSplit(path, offset, nextLine);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt NDJSON file split: " + e.getMessage(), e);
        }
    }
}
