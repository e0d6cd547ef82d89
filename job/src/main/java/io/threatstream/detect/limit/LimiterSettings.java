package io.threatstream.detect.limit;

import io.threatstream.detect.rule.RuleMetadata;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link AlertLimiter} limits alerts: at most {@link #maxAlertsPerWindow()} alerts per host
 * per tumbling event-time window of {@link #window()}, and how long a window may wait for a
 * watermark that does not come.
 *
 * <pre>{@code
 * LimiterSettings settings = LimiterSettings.forRule(rule);               // max_signals, interval
 * LimiterSettings custom = new LimiterSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(3));
 * }</pre>
 */
public final class LimiterSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Elastic's default {@code max_signals}. */
    public static final int DEFAULT_MAX_ALERTS = 100;

    /** Elastic's default rule {@code interval}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    /**
     * Added to the window length to get the default idle timeout: room for the watermark's bounded
     * out-of-orderness and source idleness before a window is closed without it.
     */
    public static final Duration DEFAULT_IDLE_MARGIN = Duration.ofMinutes(10);

    private final int maxAlertsPerWindow;
    private final Duration window;
    private final Duration idleTimeout;

    /**
     * @param maxAlertsPerWindow alerts emitted per host and window before the rest are suppressed;
     *     at least 1
     * @param window length of the tumbling windows, aligned to the epoch; positive, whole millis
     * @param idleTimeout processing time after a window's first match after which the window is
     *     closed even if the watermark never reaches its end (a quiet stream); at least {@code
     *     window}, so that a live stream's windows are closed by the watermark
     * @throws IllegalArgumentException naming the invalid setting
     */
    public LimiterSettings(int maxAlertsPerWindow, Duration window, Duration idleTimeout) {
        Objects.requireNonNull(window, "window is required but was not provided");
        Objects.requireNonNull(idleTimeout, "idleTimeout is required but was not provided");
        if (maxAlertsPerWindow < 1) {
            throw new IllegalArgumentException(
                    "maxAlertsPerWindow must be at least 1, was " + maxAlertsPerWindow);
        }
        if (window.isNegative() || window.isZero() || window.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "window must be a positive number of milliseconds, was " + window);
        }
        if (idleTimeout.compareTo(window) < 0) {
            throw new IllegalArgumentException(
                    "idleTimeout must be at least the window (" + window + "), was " + idleTimeout);
        }
        this.maxAlertsPerWindow = maxAlertsPerWindow;
        this.window = window;
        this.idleTimeout = idleTimeout;
    }

    /** {@code max_signals} alerts per rule {@code interval}, idle timeout = interval + 10 min. */
    public static LimiterSettings forRule(RuleMetadata rule) {
        Duration interval = rule.interval() != null ? rule.interval() : DEFAULT_WINDOW;
        return new LimiterSettings(rule.maxSignals(), interval, interval.plus(DEFAULT_IDLE_MARGIN));
    }

    /** 100 alerts per 5 minutes, idle timeout 15 minutes. */
    public static LimiterSettings defaults() {
        return new LimiterSettings(
                DEFAULT_MAX_ALERTS, DEFAULT_WINDOW, DEFAULT_WINDOW.plus(DEFAULT_IDLE_MARGIN));
    }

    public int maxAlertsPerWindow() {
        return maxAlertsPerWindow;
    }

    public Duration window() {
        return window;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        return "LimiterSettings{maxAlertsPerWindow="
                + maxAlertsPerWindow
                + ", window="
                + window
                + ", idleTimeout="
                + idleTimeout
                + "}";
    }
}
