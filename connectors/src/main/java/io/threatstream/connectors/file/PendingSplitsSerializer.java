package io.threatstream.connectors.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Checkpoint format of the enumerator's unassigned splits: a count, then each split. */
final class PendingSplitsSerializer
        implements SimpleVersionedSerializer<Collection<NdjsonFileSplit>> {
    static final PendingSplitsSerializer INSTANCE = new PendingSplitsSerializer();

    @Override
    public int getVersion() {
        return NdjsonFileSplitSerializer.INSTANCE.getVersion();
    }

    @Override
    public byte[] serialize(Collection<NdjsonFileSplit> splits) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(splits.size());
        for (NdjsonFileSplit split : splits) {
            NdjsonFileSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public Collection<NdjsonFileSplit> deserialize(int version, byte[] serialized)
            throws IOException {
        NdjsonFileSplitSerializer.checkVersion(version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("Corrupt NDJSON enumerator state: negative split count " + count);
        }
        List<NdjsonFileSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(NdjsonFileSplitSerializer.read(in));
        }
        return splits;
    }
}
