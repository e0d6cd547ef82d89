package io.threatstream.connectors.elasticsearch.internal;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often and how patiently a document is sent again after a retryable failure: exponential
 * backoff from {@code initialBackoff}, doubled per failed attempt up to {@code maxBackoff}, with
 * jitter (a random point in the upper half of the step) so that parallel writers do not retry in
 * lockstep. After {@code maxRetries} retries of one document the job fails instead of retrying
 * forever unnoticed; a restart resumes from the last checkpoint.
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxRetries;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;

    public RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff == null || maxBackoff == null) {
            throw new IllegalArgumentException("Both retry backoff durations are required.");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Backoff must satisfy 0 < initial <= max, was initial "
                            + initialBackoff
                            + ", max "
                            + maxBackoff);
        }
        this.maxRetries = maxRetries;
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Whether an item that has failed {@code failedAttempts} times may be sent again. */
    public boolean mayRetry(int failedAttempts) {
        return failedAttempts <= maxRetries;
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
