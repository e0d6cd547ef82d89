package io.threatstream.connectors.file;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out one file at a time to whichever reader asks (readers ask again when they finish a
 * file), so a few large files do not pile up on one subtask. Tells a reader "no more splits" once
 * every file has been handed out; splits of a failed reader come back and go out again first.
 */
final class NdjsonSplitEnumerator
        implements SplitEnumerator<NdjsonFileSplit, Collection<NdjsonFileSplit>> {
    private final SplitEnumeratorContext<NdjsonFileSplit> context;
    private final ArrayDeque<NdjsonFileSplit> unassigned;

    NdjsonSplitEnumerator(
            SplitEnumeratorContext<NdjsonFileSplit> context,
            Collection<NdjsonFileSplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayDeque<>(unassigned);
    }

    @Override
    public void start() {
        // Readers pull splits; nothing to discover.
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            return; // the reader failed after asking; its replacement will ask again
        }
        NdjsonFileSplit next = unassigned.poll();
        if (next != null) {
            context.assignSplit(next, subtaskId);
        } else {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<NdjsonFileSplit> splits, int subtaskId) {
        // Splits come back as of the last checkpoint; the restarted reader resumes them there.
        for (int i = splits.size() - 1; i >= 0; i--) {
            unassigned.addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Splits are assigned on request only.
    }

    @Override
    public Collection<NdjsonFileSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
}
