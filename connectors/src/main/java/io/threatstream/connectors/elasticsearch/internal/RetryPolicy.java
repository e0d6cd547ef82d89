package io.threatstream.connectors.elasticsearch.internal;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often and how patiently a document is sent again after a retryable failure: exponential
 * backoff from {@code initialBackoff}, doubled per failed attempt up to {@code maxBackoff}, with
 * jitter (a random point in the upper half of the step) so that parallel writers do not retry in
 * lockstep.
 *
 * <p>The limit is foremost a time: a document is retried until {@code timeout} has passed since
 * its first failure, so that an outage of the cluster (a restart, a lost network) is ridden out
 * with back-pressure whatever the backoff settings, and an outage longer than that fails the job
 * instead of stalling it unnoticed; a restart resumes from the last checkpoint. {@code maxRetries}
 * optionally limits the number of retries as well ({@link #UNLIMITED_RETRIES}: only the time).
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 2L;

    /** {@code maxRetries} for no limit on the count of retries, only on their time. */
    public static final int UNLIMITED_RETRIES = Integer.MAX_VALUE;

    private final int maxRetries;
    private final long timeoutMillis;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    public RetryPolicy(int maxRetries, Duration timeout, Duration initialBackoff, Duration maxBackoff) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (timeout == null || initialBackoff == null || maxBackoff == null) {
            throw new IllegalArgumentException("The retry timeout and both retry backoff durations are required.");
        }
        if (timeout.toMillis() <= 0) {
            throw new IllegalArgumentException("The retry timeout must be at least 1 ms, was " + timeout);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Backoff must satisfy 0 < initial <= max, was initial "
                            + initialBackoff
                            + ", max "
                            + maxBackoff);
        }
        this.maxRetries = maxRetries;
        this.timeoutMillis = timeout.toMillis();
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    /** Whether the count of failed attempts is over {@code maxRetries}. */
    public boolean retriesExhausted(int failedAttempts) {
        return failedAttempts > maxRetries;
    }

    /** Whether a document first failed {@code failingForMillis} ago has used up the timeout. */
    public boolean timedOut(long failingForMillis) {
        return failingForMillis > timeoutMillis;
    }

    /**
     * The pause before the next attempt of items that have failed {@code failedAttempts} (≥ 1)
     * times; {@code random} in [0, 1) picks the jitter.
     */
    public long backoffMillis(int failedAttempts, double random) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long step = Math.min(maxBackoffMillis, initialBackoffMillis << doublings);
        return step / 2 + (long) (random * (step - step / 2));
    }
}
