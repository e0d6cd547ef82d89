package io.threatstream.detect.limit;

import io.threatstream.detect.model.Match;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Limits alerts per host, like Elastic's {@code max_signals}: in each tumbling event-time window
 * (aligned to the epoch, e.g. {@code [10:00, 10:05)}) the first {@code maxAlertsPerWindow} matches
 * of a host pass as alerts and the rest are only counted. When the window closes, one {@link
 * SuppressionSummary} reports the count (only if it is above zero). Keyed by the host key.
 *
 * <pre>{@code
 * matches.keyBy(m -> m.hostKey)
 *        .transform("Limit alerts per host", TypeInformation.of(LimitedAlert.class),
 *                   new AlertLimiterOperator(LimiterSettings.forRule(rule)))
 *        .uid("alert-limiter");
 * }</pre>
 *
 * <p>Run it in an {@link AlertLimiterOperator}, which gives the {@value #WINDOWS_IN_STATE} gauge
 * its starting value after a restore; in a plain {@code process(...)} that gauge would count only
 * the windows opened and closed since the task started.
 *
 * <p><b>Closing a window.</b> A window {@code [start, end)} closes when the watermark reaches
 * {@code end - 1}, its last millisecond (as Flink's own windows do): an event-time timer at {@code
 * end - 1} fires then, and from then on a match for the window is late. Several windows of a host
 * may be open at once, so out-of-order matches count toward their own window.
 *
 * <p><b>A quiet stream.</b> If every input goes quiet the watermark stops, and the event-time timer
 * would hold the window (and its summary) forever. A processing-time safety timer, {@code
 * idleTimeout} after the window's first match, closes it instead. The window is then remembered
 * as closed until the watermark passes it or another {@code idleTimeout} elapses, so that its
 * summary is never emitted twice and a match that still arrives for it is late instead of
 * reopening it.
 *
 * <p><b>Late matches</b> are never dropped: they are alerted with {@link LimitedAlert#late} set,
 * counted in {@code lateMatches}, and open no state.
 *
 * <p>Metrics: counters {@value #ALERTS_EMITTED} (all alerts, late ones included), {@value
 * #ALERTS_SUPPRESSED}, {@value #LATE_MATCHES}, {@value #SUMMARIES_EMITTED}, {@value
 * #WINDOWS_CLOSED_BY_IDLE_TIMEOUT}; gauge {@value #WINDOWS_IN_STATE}, the host windows this subtask
 * holds in keyed state (open ones and those closed early but still remembered): the size of the
 * limiter's state, which stays bounded by the hosts that match within a window or two.
 */
public class AlertLimiter extends KeyedProcessFunction<String, Match, LimitedAlert> {
    private static final long serialVersionUID = 1L;

    public static final String ALERTS_EMITTED = "alertsEmitted";
    public static final String ALERTS_SUPPRESSED = "alertsSuppressed";
    public static final String LATE_MATCHES = "lateMatches";
    public static final String SUMMARIES_EMITTED = "suppressionSummariesEmitted";
    public static final String WINDOWS_CLOSED_BY_IDLE_TIMEOUT = "windowsClosedByIdleTimeout";
    public static final String WINDOWS_IN_STATE = "windowsInState";

    static final String STATE_NAME = "alert-limiter-windows";

    private final int maxAlertsPerWindow;
    private final long windowMillis;
    private final long idleTimeoutMillis;

    /**
     * Window start -> its tally, for every window of the current host that is open or closed early.
     */
    private transient MapState<Long, WindowTally> windows;

    private transient Counter alertsEmitted;
    private transient Counter alertsSuppressed;
    private transient Counter lateMatches;
    private transient Counter summariesEmitted;
    private transient Counter windowsClosedByIdleTimeout;

    /**
     * Entries of {@link #windows} over all hosts of this subtask. Kept in step with every put of a
     * new window and every remove; its starting value after a restore comes from {@link
     * AlertLimiterOperator}, which counts the restored state. Volatile: the metric reporter reads it.
     */
    private transient volatile long windowsInState;

    public AlertLimiter(LimiterSettings settings) {
        this.maxAlertsPerWindow = settings.maxAlertsPerWindow();
        this.windowMillis = settings.window().toMillis();
        this.idleTimeoutMillis = settings.idleTimeout().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        windows = getRuntimeContext().getMapState(windowsDescriptor());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        alertsEmitted = metrics.counter(ALERTS_EMITTED);
        alertsSuppressed = metrics.counter(ALERTS_SUPPRESSED);
        lateMatches = metrics.counter(LATE_MATCHES);
        summariesEmitted = metrics.counter(SUMMARIES_EMITTED);
        windowsClosedByIdleTimeout = metrics.counter(WINDOWS_CLOSED_BY_IDLE_TIMEOUT);
        metrics.gauge(WINDOWS_IN_STATE, (Gauge<Long>) () -> windowsInState);
    }

    /** The descriptor of the per-host map from window start to {@link WindowTally}. */
    static MapStateDescriptor<Long, WindowTally> windowsDescriptor() {
        return new MapStateDescriptor<>(
                STATE_NAME, Types.LONG, TypeInformation.of(WindowTally.class));
    }

    /** Sets the gauge to the windows found in the restored state, before any input arrives. */
    void countRestoredWindows(long count) {
        windowsInState = count;
    }

    @Override
    public void processElement(Match match, Context ctx, Collector<LimitedAlert> out)
            throws Exception {
        long start = windowStart(match.eventTime, windowMillis);
        long lastTimestamp = windowEnd(start) - 1;
        if (lastTimestamp <= ctx.timerService().currentWatermark()) {
            emitLate(match, out);
            return;
        }
        WindowTally tally = windows.get(start);
        if (tally == null) {
            tally =
                    new WindowTally(
                            match.hostKeyField,
                            ctx.timerService().currentProcessingTime() + idleTimeoutMillis);
            ctx.timerService().registerEventTimeTimer(lastTimestamp);
            ctx.timerService().registerProcessingTimeTimer(tally.processingDeadline);
            windowsInState++;
        } else if (tally.closedEarly) {
            emitLate(match, out);
            return;
        }
        tally.matches++;
        windows.put(start, tally);
        if (tally.matches <= maxAlertsPerWindow) {
            out.collect(LimitedAlert.ofMatch(match, false));
            alertsEmitted.inc();
        } else {
            alertsSuppressed.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LimitedAlert> out)
            throws Exception {
        // Timers of one host share timestamps when windows were opened in the same millisecond
        // (Flink keeps one timer per key and timestamp), so each firing handles every window due.
        List<Long> starts = new ArrayList<>();
        for (Long start : windows.keys()) {
            starts.add(start);
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            onWatermarkPassed(timestamp, starts, ctx, out);
        } else {
            onIdleTimeout(timestamp, starts, ctx, out);
        }
    }

    private void onWatermarkPassed(
            long watermark, List<Long> starts, OnTimerContext ctx, Collector<LimitedAlert> out)
            throws Exception {
        Set<Long> releasedDeadlines = new HashSet<>();
        for (long start : starts) {
            if (windowEnd(start) - 1 > watermark) {
                continue;
            }
            WindowTally tally = windows.get(start);
            if (!tally.closedEarly) {
                emitSummary(ctx.getCurrentKey(), start, tally, out);
            }
            windows.remove(start);
            windowsInState--;
            releasedDeadlines.add(tally.processingDeadline);
        }
        for (Map.Entry<Long, WindowTally> remaining : windows.entries()) {
            releasedDeadlines.remove(remaining.getValue().processingDeadline);
        }
        for (long deadline : releasedDeadlines) {
            ctx.timerService().deleteProcessingTimeTimer(deadline);
        }
    }

    private void onIdleTimeout(
            long now, List<Long> starts, OnTimerContext ctx, Collector<LimitedAlert> out)
            throws Exception {
        for (long start : starts) {
            WindowTally tally = windows.get(start);
            if (tally.processingDeadline > now) {
                continue;
            }
            if (tally.closedEarly) {
                windows.remove(start);
                windowsInState--;
                ctx.timerService().deleteEventTimeTimer(windowEnd(start) - 1);
            } else {
                emitSummary(ctx.getCurrentKey(), start, tally, out);
                windowsClosedByIdleTimeout.inc();
                tally.closedEarly = true;
                tally.processingDeadline = now + idleTimeoutMillis;
                ctx.timerService().registerProcessingTimeTimer(tally.processingDeadline);
                windows.put(start, tally);
            }
        }
    }

    private void emitLate(Match match, Collector<LimitedAlert> out) {
        out.collect(LimitedAlert.ofMatch(match, true));
        alertsEmitted.inc();
        lateMatches.inc();
    }

    private void emitSummary(
            String hostKey, long start, WindowTally tally, Collector<LimitedAlert> out) {
        long suppressed = tally.matches - maxAlertsPerWindow;
        if (suppressed > 0) {
            out.collect(
                    LimitedAlert.ofSummary(
                            new SuppressionSummary(
                                    hostKey,
                                    tally.hostKeyField,
                                    start,
                                    windowEnd(start),
                                    suppressed)));
            summariesEmitted.inc();
        }
    }

    private long windowEnd(long start) {
        long end = start + windowMillis;
        return end < start ? Long.MAX_VALUE : end; // saturate instead of overflowing
    }

    /** Start of the epoch-aligned window of length {@code size} that contains {@code time}. */
    static long windowStart(long time, long size) {
        long start = time - Math.floorMod(time, size);
        return start > time ? Long.MIN_VALUE : start; // saturate instead of overflowing
    }
}
