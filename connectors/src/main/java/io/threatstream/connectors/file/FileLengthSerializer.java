package io.threatstream.connectors.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Checkpoint format of the {@link NdjsonFileSink} writer state: the file length, 8 bytes. */
final class FileLengthSerializer implements SimpleVersionedSerializer<Long> {
    static final FileLengthSerializer INSTANCE = new FileLengthSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Long length) {
        return ByteBuffer.allocate(Long.BYTES).putLong(length).array();
    }

    @Override
    public Long deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION || serialized.length != Long.BYTES) {
            throw new IOException(
                    "Unknown file sink state: version "
                            + version
                            + ", "
                            + serialized.length
                            + " bytes");
        }
        return ByteBuffer.wrap(serialized).getLong();
    }
}
