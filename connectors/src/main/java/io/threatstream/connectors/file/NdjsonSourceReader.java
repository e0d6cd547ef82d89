package io.threatstream.connectors.file;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its assigned files one after the other, one line per {@link #pollNext} call, in the task
 * thread. Local-file reads are short and buffered, so no fetcher thread is needed, and reading and
 * checkpointing in one thread makes the snapshot trivially consistent with what was emitted.
 *
 * <p>The position in a checkpoint moves past a line only after its record has been handed to the
 * output, so a checkpoint never covers a line whose record was not emitted.
 */
final class NdjsonSourceReader implements SourceReader<RawRecord, NdjsonFileSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(NdjsonSourceReader.class);
    static final String TRUNCATED_LINES_METRIC = "numTruncatedLines";

    private final SourceReaderContext context;
    private final int maxLineBytes;
    private final Counter truncatedLines;
    private final ArrayDeque<NdjsonFileSplit> pending = new ArrayDeque<>();

    private NdjsonFileSplit current;
    private LineReader lines;

    /** Byte offset of the next line not yet emitted from {@link #current}. */
    private long committedOffset;

    /** 1-based number of that line. */
    private long nextLine;

    private boolean splitRequested;
    private boolean noMoreSplits;
    private CompletableFuture<Void> splitsArrived = new CompletableFuture<>();

    NdjsonSourceReader(SourceReaderContext context, int maxLineBytes) {
        this.context = context;
        this.maxLineBytes = maxLineBytes;
        this.truncatedLines = context.metricGroup().counter(TRUNCATED_LINES_METRIC);
    }

    @Override
    public void start() {
        if (pending.isEmpty()) {
            requestSplit();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) throws IOException {
        while (true) {
            if (current == null && !openNextSplit()) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                requestSplit();
                return InputStatus.NOTHING_AVAILABLE;
            }
            byte[] value = lines.readLine();
            if (value == null) {
                closeCurrentSplit();
                continue;
            }
            if (lines.lastLineTruncated()) {
                truncatedLines.inc();
                LOG.warn(
                        "Line {} of {} is longer than {} bytes; emitting only its first {} bytes",
                        nextLine,
                        current.path(),
                        maxLineBytes,
                        maxLineBytes);
            }
            output.collect(new RawRecord(value, SourceCoordinates.file(current.path(), nextLine)));
            committedOffset = lines.nextLineOffset();
            nextLine++;
            return InputStatus.MORE_AVAILABLE;
        }
    }

    @Override
    public List<NdjsonFileSplit> snapshotState(long checkpointId) {
        List<NdjsonFileSplit> state = new ArrayList<>(pending.size() + 1);
        if (current != null) {
            state.add(new NdjsonFileSplit(current.path(), committedOffset, nextLine));
        }
        state.addAll(pending);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (current != null || !pending.isEmpty() || noMoreSplits) {
            return CompletableFuture.completedFuture(null);
        }
        if (splitsArrived.isDone()) {
            splitsArrived = new CompletableFuture<>();
        }
        return splitsArrived;
    }

    @Override
    public void addSplits(List<NdjsonFileSplit> splits) {
        pending.addAll(splits);
        splitRequested = false;
        splitsArrived.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        splitsArrived.complete(null);
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
            lines = null;
        }
    }

    private boolean openNextSplit() throws IOException {
        NdjsonFileSplit split = pending.poll();
        if (split == null) {
            return false;
        }
        try {
            lines = LineReader.open(Paths.get(split.path()), split.offset(), maxLineBytes);
        } catch (IOException e) {
            throw new IOException("Cannot open input file " + split + ": " + e.getMessage(), e);
        }
        current = split;
        committedOffset = split.offset();
        nextLine = split.nextLine();
        return true;
    }

    private void closeCurrentSplit() throws IOException {
        LOG.debug("Finished reading {} ({} lines)", current.path(), nextLine - 1);
        current = null;
        close();
    }

    private void requestSplit() {
        if (!splitRequested && !noMoreSplits) {
            splitRequested = true;
            context.sendSplitRequest();
        }
    }
}
