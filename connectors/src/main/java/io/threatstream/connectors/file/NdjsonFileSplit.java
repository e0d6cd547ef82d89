package io.threatstream.connectors.file;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One input file of an {@link NdjsonFileSource} and how far it has been read: the byte offset where
 * the next line starts and that line's 1-based number. A fresh split starts at offset 0, line 1; a
 * checkpointed split resumes exactly at the next unread line, with correct numbering.
 */
public final class NdjsonFileSplit implements SourceSplit {
    private final String path;
    private final long offset;
    private final long nextLine;

    public NdjsonFileSplit(String path, long offset, long nextLine) {
        if (offset < 0 || nextLine < 1) {
            throw new IllegalArgumentException(
                    "Invalid position for " + path + ": offset " + offset + ", line " + nextLine);
        }
        this.path = Objects.requireNonNull(path, "path");
        this.offset = offset;
        this.nextLine = nextLine;
    }

    /** A split that reads {@code path} from its first line. */
    static NdjsonFileSplit fromStart(String path) {
        return new NdjsonFileSplit(path, 0, 1);
    }

    /** The file's path; also the split id (the source never holds a file twice). */
    @Override
    public String splitId() {
        return path;
    }

    public String path() {
        return path;
    }

    /** Byte offset in the file where the next unread line starts. */
    public long offset() {
        return offset;
    }

    /** 1-based number of the next unread line. */
    public long nextLine() {
        return nextLine;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NdjsonFileSplit)) {
            return false;
        }
        NdjsonFileSplit that = (NdjsonFileSplit) o;
        return offset == that.offset && nextLine == that.nextLine && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, offset, nextLine);
    }

    @Override
    public String toString() {
        return path + " from line " + nextLine + " (byte " + offset + ")";
    }
}
