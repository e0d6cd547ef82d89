package io.threatstream.detect.limit;

import io.threatstream.detect.model.Match;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs an {@link AlertLimiter} and, when it opens, counts the host windows its restored keyed
 * state holds, so that the limiter's {@value AlertLimiter#WINDOWS_IN_STATE} gauge is right after a
 * restore from a checkpoint or savepoint, also one taken at another parallelism (the count is over
 * the key groups this subtask was given, not a number remembered from before).
 *
 * <p>Counting walks every host in this subtask's state once, at start; the state is small by design
 * (hosts that matched within about a window), so this costs little next to restoring it.
 */
public final class AlertLimiterOperator extends KeyedProcessOperator<String, Match, LimitedAlert> {
    private static final long serialVersionUID = 1L;

    public AlertLimiterOperator(LimiterSettings settings) {
        super(new AlertLimiter(settings));
    }

    @Override
    public void open() throws Exception {
        super.open();
        long[] windows = {0};
        this.<String>getKeyedStateBackend()
                .applyToAllKeys(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        AlertLimiter.windowsDescriptor(),
                        (host, hostWindows) -> {
                            for (Long ignored : hostWindows.keys()) {
                                windows[0]++;
                            }
                        });
        ((AlertLimiter) userFunction).countRestoredWindows(windows[0]);
    }
}
