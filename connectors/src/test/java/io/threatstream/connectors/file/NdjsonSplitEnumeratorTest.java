package io.threatstream.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class NdjsonSplitEnumeratorTest {
    private static final NdjsonFileSplit A = NdjsonFileSplit.fromStart("/data/a.ndjson");
    private static final NdjsonFileSplit B = NdjsonFileSplit.fromStart("/data/b.ndjson");
    private static final NdjsonFileSplit C = NdjsonFileSplit.fromStart("/data/c.ndjson");

    private final RecordingContext context = new RecordingContext();

    @Test
    void handsOutOneFilePerRequestInOrderThenSignalsTheEnd() {
        NdjsonSplitEnumerator enumerator = enumerator(List.of(A, B));
        context.register(0);
        context.register(1);

        enumerator.handleSplitRequest(1, "host");
        enumerator.handleSplitRequest(0, "host");
        enumerator.handleSplitRequest(1, "host");

        assertThat(context.assigned).containsExactly("1<-" + A.path(), "0<-" + B.path());
        assertThat(context.noMoreSplits).containsExactly(1);
    }

    @Test
    void checkpointsTheFilesNotYetHandedOut() throws Exception {
        NdjsonSplitEnumerator enumerator = enumerator(List.of(A, B, C));
        context.register(0);
        enumerator.handleSplitRequest(0, "host");

        List<NdjsonFileSplit> state = new ArrayList<>(enumerator.snapshotState(1));
        PendingSplitsSerializer serializer = PendingSplitsSerializer.INSTANCE;

        assertThat(state).containsExactly(B, C);
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
                .isEqualTo(state);
    }

    @Test
    void handsOutReturnedSplitsFirstAtTheirCheckpointedPosition() {
        NdjsonSplitEnumerator enumerator = enumerator(List.of(A, B));
        context.register(0);
        enumerator.handleSplitRequest(0, "host");
        NdjsonFileSplit resumedA = new NdjsonFileSplit(A.path(), 120, 9);

        enumerator.addSplitsBack(List.of(resumedA), 0);
        enumerator.handleSplitRequest(0, "host");

        assertThat(context.assignedSplits).containsExactly(A, resumedA);
    }

    @Test
    void ignoresRequestsOfReadersThatAreGone() {
        NdjsonSplitEnumerator enumerator = enumerator(List.of(A));

        enumerator.handleSplitRequest(3, "host");

        assertThat(context.assigned).isEmpty();
        assertThat(context.noMoreSplits).isEmpty();
        assertThat(enumerator.snapshotState(1)).containsExactly(A);
    }

    private NdjsonSplitEnumerator enumerator(List<NdjsonFileSplit> splits) {
        NdjsonSplitEnumerator enumerator = new NdjsonSplitEnumerator(context, splits);
        enumerator.start();
        return enumerator;
    }

    /** Records assignments; only what the enumerator uses is supported. */
    private static final class RecordingContext implements SplitEnumeratorContext<NdjsonFileSplit> {
        final Map<Integer, ReaderInfo> readers = new HashMap<>();
        final List<String> assigned = new ArrayList<>();
        final List<NdjsonFileSplit> assignedSplits = new ArrayList<>();
        final Set<Integer> noMoreSplits = new HashSet<>();

        void register(int subtask) {
            readers.put(subtask, new ReaderInfo(subtask, "host"));
        }

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int currentParallelism() {
            return readers.size();
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<NdjsonFileSplit> assignment) {
            assignment
                    .assignment()
                    .forEach(
                            (subtask, splits) ->
                                    splits.forEach(
                                            split -> {
                                                assigned.add(subtask + "<-" + split.path());
                                                assignedSplits.add(split);
                                            }));
        }

        @Override
        public void signalNoMoreSplits(int subtask) {
            noMoreSplits.add(subtask);
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable,
                BiConsumer<T, Throwable> handler,
                long initialDelay,
                long period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            throw new UnsupportedOperationException();
        }
    }
}
