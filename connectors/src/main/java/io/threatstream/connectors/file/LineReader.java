package io.threatstream.connectors.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code '\n'} without decoding anything: every line comes back
 * as the exact bytes between two line feeds, minus one {@code '\r'} right before the line end (CRLF
 * files). The end of the stream ends a last line that has no line feed; a stream that ends right
 * after a line feed has no further (empty) line.
 *
 * <p>Lines longer than {@code maxLineBytes} are cut to their first {@code maxLineBytes} bytes (see
 * {@link #lastLineTruncated()}); the rest of such a line is read and dropped, never buffered.
 *
 * <p>{@link #nextLineOffset()} is the byte offset where the next line starts, so a reader opened at
 * that offset continues exactly after the last line returned.
 */
final class LineReader implements Closeable {
    static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

    /** The largest supported line cap (1 GiB): far above any sane event, far below array limits. */
    static final int MAX_SUPPORTED_LINE_BYTES = 1 << 30;

    private static final int INITIAL_LINE_BYTES = 1024;

    /** Above this, a line buffer is dropped after use instead of kept for the next long line. */
    private static final int RETAINED_LINE_BYTES = 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean endOfStream;

    /** Holds a line that spans buffer refills; at most {@code maxLineBytes + 1} bytes are kept. */
    private byte[] line = new byte[0];

    private int lineLength;

    private long nextLineOffset;
    private boolean lastLineTruncated;

    LineReader(InputStream in, long startOffset, int maxLineBytes, int bufferBytes) {
        if (maxLineBytes < 1 || maxLineBytes > MAX_SUPPORTED_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be between 1 and "
                            + MAX_SUPPORTED_LINE_BYTES
                            + ": "
                            + maxLineBytes);
        }
        this.in = in;
        this.nextLineOffset = startOffset;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[bufferBytes];
    }

    /** Opens {@code file} positioned at {@code offset}, the start of a line. */
    static LineReader open(Path file, long offset, int maxLineBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new LineReader(
                Channels.newInputStream(channel), offset, maxLineBytes, DEFAULT_BUFFER_BYTES);
    }

    /** The next line's bytes, or {@code null} when the stream has no more lines. */
    byte[] readLine() throws IOException {
        lineLength = 0;
        long bytesInLine = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (bytesInLine == 0) {
                    return null;
                }
                nextLineOffset += bytesInLine;
                return finishLine(bytesInLine);
            }
            int end = indexOfLineFeed();
            boolean foundEnd = end < limit;
            if (foundEnd && bytesInLine == 0) {
                // Common case: the whole line is in the buffer; copy it once.
                int length = end - pos;
                byte[] result = finishBufferedLine(pos, length);
                pos = end + 1;
                nextLineOffset += length + 1L;
                return result;
            }
            append(pos, end - pos);
            bytesInLine += end - pos;
            if (foundEnd) {
                pos = end + 1;
                nextLineOffset += bytesInLine + 1;
                return finishLine(bytesInLine);
            }
            pos = limit;
        }
    }

    /** Whether the line last returned by {@link #readLine()} was cut to {@code maxLineBytes}. */
    boolean lastLineTruncated() {
        return lastLineTruncated;
    }

    /** Byte offset in the stream where the line after the last one returned starts. */
    long nextLineOffset() {
        return nextLineOffset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean fill() throws IOException {
        if (endOfStream) {
            return false;
        }
        int n = in.read(buffer);
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int indexOfLineFeed() {
        for (int i = pos; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return limit;
    }

    private byte[] finishBufferedLine(int from, int length) {
        if (length > 0 && buffer[from + length - 1] == '\r') {
            length--;
        }
        lastLineTruncated = length > maxLineBytes;
        return Arrays.copyOfRange(buffer, from, from + Math.min(length, maxLineBytes));
    }

    /**
     * Keeps up to {@code maxLineBytes + 1} bytes: one more than the cap so that a line of exactly
     * the cap plus its CR is still recognised as not too long.
     */
    private void append(int from, int length) {
        int keep = Math.min(length, maxLineBytes + 1 - lineLength);
        if (keep <= 0) {
            return;
        }
        if (lineLength + keep > line.length) {
            int grown =
                    (int)
                            Math.min(
                                    Math.max(2L * line.length, INITIAL_LINE_BYTES),
                                    maxLineBytes + 1L);
            line = Arrays.copyOf(line, Math.max(grown, lineLength + keep));
        }
        System.arraycopy(buffer, from, line, lineLength, keep);
        lineLength += keep;
    }

    private byte[] finishLine(long bytesInLine) {
        int length = lineLength;
        if (bytesInLine == lineLength && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        // Dropped bytes mean the line had at least maxLineBytes + 2 bytes: too long even without
        // CR.
        lastLineTruncated = bytesInLine > lineLength || length > maxLineBytes;
        byte[] result = Arrays.copyOf(line, Math.min(length, maxLineBytes));
        if (line.length > RETAINED_LINE_BYTES) {
            line = new byte[0];
        }
        return result;
    }
}
