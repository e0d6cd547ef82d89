package io.threatstream.detect.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.connectors.record.SourceCoordinates;
import io.threatstream.detect.model.Match;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertLimiterTest {

    private static final long MINUTE = 60_000;
    private static final long T_10_00 = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
    private static final long T_10_05 = T_10_00 + 5 * MINUTE;
    private static final long T_10_10 = T_10_00 + 10 * MINUTE;
    private static final Duration IDLE = Duration.ofMinutes(15);
    private static final int MAX_PARALLELISM = 128;

    private InterceptingOperatorMetricGroup metrics;
    private MockEnvironment environment;
    private KeyedOneInputStreamOperatorTestHarness<String, Match, LimitedAlert> harness;
    private int sequence;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    void firstMatchesPassAndTheRestAreSuppressedUntilTheWindowCloses() throws Exception {
        harness = open(limit(3), null);
        for (int i = 0; i < 5; i++) {
            process(match("web-01", T_10_00 + i));
        }

        List<LimitedAlert> out = harness.extractOutputValues();
        assertThat(out)
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.kind).isEqualTo(LimitedAlert.Kind.MATCH));
        assertThat(out).extracting(a -> a.late).containsOnly(false);
        assertThat(out)
                .extracting(a -> a.match.eventTime)
                .containsExactly(T_10_00, T_10_00 + 1, T_10_00 + 2);

        harness.processWatermark(T_10_05 - 1);
        SuppressionSummary summary = onlySummary();
        assertThat(summary.suppressedCount).isEqualTo(2);
        assertThat(counter(AlertLimiter.ALERTS_EMITTED)).isEqualTo(3);
        assertThat(counter(AlertLimiter.ALERTS_SUPPRESSED)).isEqualTo(2);
        assertThat(counter(AlertLimiter.SUMMARIES_EMITTED)).isEqualTo(1);
        assertThat(counter(AlertLimiter.LATE_MATCHES)).isZero();
        assertNothingLeft();
    }

    @Test
    void defaultLimitLetsHundredOfTwoHundredFiftyThroughAndSummarisesExactlyAtWindowClose()
            throws Exception {
        harness = open(LimiterSettings.defaults(), null);
        for (int i = 0; i < 250; i++) {
            process(match("web-01", T_10_00 + i * 1000L));
        }
        assertThat(harness.extractOutputValues()).hasSize(100).noneMatch(LimitedAlert::isSummary);

        harness.processWatermark(T_10_05 - 2);
        assertThat(harness.extractOutputValues()).hasSize(100).noneMatch(LimitedAlert::isSummary);

        harness.processWatermark(T_10_05 - 1);
        List<LimitedAlert> out = harness.extractOutputValues();
        assertThat(out).hasSize(101);
        SuppressionSummary summary = out.get(100).summary;
        assertThat(out.get(100).isSummary()).isTrue();
        assertThat(summary.hostKey).isEqualTo("web-01");
        assertThat(summary.hostKeyField).isEqualTo("host.name");
        assertThat(summary.windowStart).isEqualTo(T_10_00);
        assertThat(summary.windowEnd).isEqualTo(T_10_05);
        assertThat(summary.suppressedCount).isEqualTo(150);
        assertNothingLeft();
    }

    @Test
    void hostsAreLimitedIndependently() throws Exception {
        harness = open(limit(2), null);
        for (int i = 0; i < 3; i++) {
            process(match("web-01", T_10_00 + i));
        }
        process(match("db-01", T_10_00));
        process(match("db-01", T_10_00 + 1));

        assertThat(harness.extractOutputValues())
                .extracting(a -> a.match.hostKey)
                .containsExactly("web-01", "web-01", "db-01", "db-01");

        harness.processWatermark(T_10_05 - 1);
        SuppressionSummary summary = onlySummary();
        assertThat(summary.hostKey).isEqualTo("web-01");
        assertThat(summary.suppressedCount).isEqualTo(1);
        assertNothingLeft();
    }

    @Test
    void windowsAreAlignedToTheEpoch() throws Exception {
        harness = open(limit(1), null);
        process(match("web-01", T_10_00 + 3 * MINUTE + 17_000)); // 10:03:17 alerts
        process(match("web-01", T_10_05 - 1)); // 10:04:59.999, same window: suppressed
        process(match("web-01", T_10_05)); // 10:05:00.000 opens the next window: alerts

        assertThat(harness.extractOutputValues())
                .extracting(a -> a.match.eventTime)
                .containsExactly(T_10_00 + 3 * MINUTE + 17_000, T_10_05);

        harness.processWatermark(T_10_10 - 1);
        SuppressionSummary summary = onlySummary();
        assertThat(summary.windowStart).isEqualTo(T_10_00);
        assertThat(summary.windowEnd).isEqualTo(T_10_05);
        assertThat(summary.suppressedCount).isEqualTo(1);
        assertNothingLeft();
    }

    @Test
    void windowStartIsEpochAlignedAlsoBeforeTheEpochAndAtTheExtremes() {
        long five = 5 * MINUTE;
        assertThat(AlertLimiter.windowStart(T_10_05 - 1, five)).isEqualTo(T_10_00);
        assertThat(AlertLimiter.windowStart(T_10_05, five)).isEqualTo(T_10_05);
        assertThat(AlertLimiter.windowStart(-1, five)).isEqualTo(-five);
        assertThat(AlertLimiter.windowStart(Long.MIN_VALUE, five)).isEqualTo(Long.MIN_VALUE);
        assertThat(AlertLimiter.windowStart(Long.MAX_VALUE, five))
                .isEqualTo(Long.MAX_VALUE - Long.MAX_VALUE % five);
    }

    @Test
    void outOfOrderMatchesCountTowardTheirOwnOpenWindow() throws Exception {
        harness = open(limit(2), null);
        process(match("web-01", T_10_05 + 10)); // second window, 1
        process(match("web-01", T_10_00 + 10)); // first window, 1
        process(match("web-01", T_10_05 + 20)); // second, 2
        process(match("web-01", T_10_00 + 20)); // first, 2
        process(match("web-01", T_10_00 + 30)); // first, 3: suppressed
        process(match("web-01", T_10_05 + 30)); // second, 3: suppressed
        process(match("web-01", T_10_05 + 40)); // second, 4: suppressed

        assertThat(harness.extractOutputValues())
                .extracting(a -> a.match.eventTime)
                .containsExactly(T_10_05 + 10, T_10_00 + 10, T_10_05 + 20, T_10_00 + 20);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        // both windows opened at the same processing time: one shared safety timer
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.processWatermark(T_10_05 - 1);
        assertThat(onlySummary().suppressedCount).isEqualTo(1);
        assertThat(onlySummary().windowStart).isEqualTo(T_10_00);
        // the second window still needs the shared safety timer
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.processWatermark(T_10_10 - 1);
        List<SuppressionSummary> summaries = summaries();
        assertThat(summaries).hasSize(2);
        assertThat(summaries.get(1).windowStart).isEqualTo(T_10_05);
        assertThat(summaries.get(1).suppressedCount).isEqualTo(2);
        assertNothingLeft();
    }

    @Test
    void lateMatchesAreAlertedFlaggedAndCountedWithoutOpeningState() throws Exception {
        harness = open(limit(1), null);
        harness.processWatermark(T_10_05 - 1); // closes [10:00, 10:05)

        process(match("web-01", T_10_00 + 1));
        process(match("web-01", T_10_05 - 1)); // the closed window's last millisecond: late
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(windowsInState()).isZero();
        process(match("web-01", T_10_05)); // next window: on time

        List<LimitedAlert> out = harness.extractOutputValues();
        assertThat(out).extracting(a -> a.late).containsExactly(true, true, false);
        assertThat(counter(AlertLimiter.LATE_MATCHES)).isEqualTo(2);
        assertThat(counter(AlertLimiter.ALERTS_EMITTED)).isEqualTo(3);

        harness.processWatermark(T_10_10 - 1);
        assertThat(summaries()).isEmpty();
        assertNothingLeft();
    }

    @Test
    void aMatchInTheWindowsLastMillisecondIsOnTimeWhileTheWatermarkIsBehindIt() throws Exception {
        harness = open(limit(1), null);
        harness.processWatermark(T_10_05 - 2);
        process(match("web-01", T_10_05 - 1));
        process(match("web-01", T_10_05 - 1));

        assertThat(harness.extractOutputValues()).extracting(a -> a.late).containsExactly(false);
        harness.processWatermark(T_10_05 - 1);
        assertThat(onlySummary().suppressedCount).isEqualTo(1);
        assertThat(counter(AlertLimiter.LATE_MATCHES)).isZero();
        assertNothingLeft();
    }

    @Test
    void noSummaryWhenNothingWasSuppressed() throws Exception {
        harness = open(limit(5), null);
        for (int i = 0; i < 5; i++) {
            process(match("web-01", T_10_00 + i));
        }
        harness.processWatermark(T_10_05 - 1);

        assertThat(harness.extractOutputValues()).hasSize(5).noneMatch(LimitedAlert::isSummary);
        assertThat(counter(AlertLimiter.SUMMARIES_EMITTED)).isZero();
        assertNothingLeft();
    }

    @Test
    void quietStreamIsClosedByTheSafetyTimerAndForgottenAfterAnotherIdleTimeout() throws Exception {
        harness = open(new LimiterSettings(1, Duration.ofMinutes(5), IDLE), null);
        harness.setProcessingTime(1_000);
        for (int i = 0; i < 3; i++) {
            process(match("web-01", T_10_00 + i));
        }

        harness.setProcessingTime(1_000 + IDLE.toMillis() - 1);
        assertThat(summaries()).isEmpty();

        harness.setProcessingTime(1_000 + IDLE.toMillis());
        assertThat(onlySummary().suppressedCount).isEqualTo(2);
        assertThat(counter(AlertLimiter.WINDOWS_CLOSED_BY_IDLE_TIMEOUT)).isEqualTo(1);
        assertThat(windowsInState()).as("closed early, still remembered").isEqualTo(1);

        // the window is closed: a match that still arrives for it is late, not a new window
        process(match("web-01", T_10_00 + 10));
        assertThat(harness.extractOutputValues().get(2).late).isTrue();
        assertThat(counter(AlertLimiter.LATE_MATCHES)).isEqualTo(1);

        harness.setProcessingTime(1_000 + 2 * IDLE.toMillis());
        assertThat(summaries()).hasSize(1);
        assertThat(windowsInState()).isZero();
        assertNothingLeft();
    }

    @Test
    void watermarkAfterTheSafetyTimerDoesNotSummariseAgain() throws Exception {
        harness = open(new LimiterSettings(1, Duration.ofMinutes(5), IDLE), null);
        harness.setProcessingTime(0);
        process(match("web-01", T_10_00));
        process(match("web-01", T_10_00 + 1));

        harness.setProcessingTime(IDLE.toMillis());
        assertThat(summaries()).hasSize(1);

        harness.processWatermark(T_10_05 - 1);
        assertThat(summaries()).hasSize(1);
        assertNothingLeft();
    }

    @Test
    void safetyTimerAfterTheWatermarkDoesNotSummariseAgain() throws Exception {
        harness = open(new LimiterSettings(1, Duration.ofMinutes(5), IDLE), null);
        harness.setProcessingTime(0);
        process(match("web-01", T_10_00));
        process(match("web-01", T_10_00 + 1));

        harness.processWatermark(T_10_05 - 1);
        assertThat(summaries()).hasSize(1);
        assertThat(harness.numProcessingTimeTimers()).isZero();

        harness.setProcessingTime(3 * IDLE.toMillis());
        assertThat(summaries()).hasSize(1);
        assertNothingLeft();
    }

    @Test
    void countsSurviveSnapshotAndRestoreMidWindow() throws Exception {
        harness = open(new LimiterSettings(2, Duration.ofMinutes(5), IDLE), null);
        harness.setProcessingTime(0);
        for (int i = 0; i < 3; i++) {
            process(match("web-01", T_10_00 + i));
        }
        assertThat(harness.extractOutputValues()).hasSize(2);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        environment.close();

        harness = open(new LimiterSettings(2, Duration.ofMinutes(5), IDLE), snapshot);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        process(match("web-01", T_10_00 + 10));
        process(match("web-01", T_10_00 + 11));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T_10_05 - 1);
        assertThat(onlySummary().suppressedCount).isEqualTo(3);
        assertNothingLeft();
    }

    @Test
    void windowsInStateCountsEveryHostWindowUntilItCloses() throws Exception {
        harness = open(limit(1), null);
        assertThat(windowsInState()).isZero();
        process(match("web-01", T_10_00));
        process(match("web-01", T_10_00 + 1)); // same window: suppressed, no new state
        process(match("web-01", T_10_05)); // its next window
        process(match("db-01", T_10_00));
        assertThat(windowsInState()).isEqualTo(3);

        harness.processWatermark(T_10_05 - 1);
        assertThat(windowsInState()).isEqualTo(1);
        harness.processWatermark(T_10_10 - 1);
        assertThat(windowsInState()).isZero();
        assertNothingLeft();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void windowsInStateIsCountedFromTheRestoredState(String backend) throws Exception {
        harness = open(limit(1), null, backend, 1, 0);
        for (int host = 0; host < 5; host++) {
            process(match("host-" + host, T_10_00 + host));
        }
        process(match("host-0", T_10_05));
        process(match("host-1", T_10_05 + 1));
        process(match("host-1", T_10_05 + 2));
        assertThat(windowsInState()).isEqualTo(7);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        environment.close();

        harness = open(limit(1), snapshot, backend, 1, 0);
        assertThat(windowsInState()).as("after restore").isEqualTo(7);
        process(match("host-2", T_10_05));
        assertThat(windowsInState()).isEqualTo(8);
        harness.processWatermark(T_10_05 - 1);
        assertThat(windowsInState()).isEqualTo(3);
        harness.processWatermark(T_10_10 - 1);
        assertThat(windowsInState()).isZero();
        assertThat(hostsInState()).isZero(); // the harness cannot count RocksDB's entries
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void windowsInStateIsCountedPerSubtaskAfterRescaling() throws Exception {
        int hosts = 40;
        harness = open(limit(1), null, "hashmap", 1, 0);
        for (int host = 0; host < hosts; host++) {
            process(match("host-" + host, T_10_00));
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        environment.close();

        long total = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState share =
                    KeyedOneInputStreamOperatorTestHarness.repartitionOperatorState(
                            snapshot, MAX_PARALLELISM, 1, 2, subtask);
            harness = open(limit(1), share, "hashmap", 2, subtask);
            // one window per host: the gauge equals this subtask's keyed state entries
            assertThat(windowsInState())
                    .as("subtask %d", subtask)
                    .isPositive()
                    .isLessThan(hosts)
                    .isEqualTo(harness.numKeyedStateEntries());
            total += windowsInState();
            harness.close();
            environment.close();
        }
        harness = null;
        environment = null;
        assertThat(total).isEqualTo(hosts);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static LimiterSettings limit(int maxAlerts) {
        return new LimiterSettings(maxAlerts, Duration.ofMinutes(5), IDLE);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Match, LimitedAlert> open(
            LimiterSettings settings, OperatorSubtaskState restoreFrom) throws Exception {
        return open(settings, restoreFrom, "hashmap", 1, 0);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Match, LimitedAlert> open(
            LimiterSettings settings,
            OperatorSubtaskState restoreFrom,
            String backend,
            int parallelism,
            int subtask)
            throws Exception {
        metrics = new InterceptingOperatorMetricGroup();
        InterceptingOperatorMetricGroup operatorMetrics = metrics;
        environment =
                new MockEnvironmentBuilder()
                        .setMetricGroup(
                                new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                                    @Override
                                    public InternalOperatorMetricGroup getOrAddOperator(
                                            OperatorID id, String name, Map<String, String> extra) {
                                        return operatorMetrics;
                                    }
                                })
                        .setMaxParallelism(MAX_PARALLELISM)
                        .setParallelism(parallelism)
                        .setSubtaskIndex(subtask)
                        .build();
        KeyedOneInputStreamOperatorTestHarness<String, Match, LimitedAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new AlertLimiterOperator(settings), m -> m.hostKey, Types.STRING, environment);
        if ("rocksdb".equals(backend)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private Match match(String host, long eventTime) {
        int n = ++sequence;
        byte[] event = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        return new Match(
                host, "host.name", eventTime, event, SourceCoordinates.kafka("events", 0, n, -1));
    }

    private void process(Match match) throws Exception {
        harness.processElement(match, match.eventTime);
    }

    private List<SuppressionSummary> summaries() {
        return harness.extractOutputValues().stream()
                .filter(LimitedAlert::isSummary)
                .map(a -> a.summary)
                .toList();
    }

    private SuppressionSummary onlySummary() {
        List<SuppressionSummary> summaries = summaries();
        assertThat(summaries).isNotEmpty();
        return summaries.get(0);
    }

    private long counter(String name) {
        return ((Counter) metrics.get(name)).getCount();
    }

    @SuppressWarnings("unchecked")
    private long windowsInState() {
        return ((Gauge<Long>) metrics.get(AlertLimiter.WINDOWS_IN_STATE)).getValue();
    }

    private long hostsInState() {
        try (Stream<String> hosts =
                harness.getOperator()
                        .<String>getKeyedStateBackend()
                        .getKeys(AlertLimiter.STATE_NAME, VoidNamespace.INSTANCE)) {
            return hosts.count();
        }
    }

    private void assertNothingLeft() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
        assertThat(harness.numProcessingTimeTimers()).as("processing-time timers").isZero();
    }
}
