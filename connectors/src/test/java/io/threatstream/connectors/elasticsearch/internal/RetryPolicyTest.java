package io.threatstream.connectors.elasticsearch.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMinutes(2), Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
        assertThat(policy.backoffMillis(1, 0.0)).isEqualTo(50);
        assertThat(policy.backoffMillis(1, 0.999)).isEqualTo(99);
        assertThat(policy.backoffMillis(2, 0.0)).isEqualTo(100);
        assertThat(policy.backoffMillis(4, 0.0)).isEqualTo(400);
        assertThat(policy.backoffMillis(5, 0.0)).isEqualTo(500); // 1,600 capped at 1,000
        assertThat(policy.backoffMillis(500, 0.999)).isEqualTo(999);
    }

    @Test
    void retriesStopAfterMaxRetries() {
        assertThat(policy.retriesExhausted(5)).isFalse();
        assertThat(policy.retriesExhausted(6)).isTrue();
    }

    @Test
    void retriesStopWhenTheTimeoutHasPassedSinceTheFirstFailure() {
        assertThat(policy.timedOut(120_000)).isFalse();
        assertThat(policy.timedOut(120_001)).isTrue();
    }

    @Test
    void withoutACountLimitOnlyTheTimeoutStopsRetries() {
        RetryPolicy patient =
                new RetryPolicy(RetryPolicy.UNLIMITED_RETRIES, Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofSeconds(10));

        assertThat(patient.retriesExhausted(1_000_000)).isFalse();
        assertThat(patient.timedOut(Duration.ofMinutes(5).toMillis() + 1)).isTrue();
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxRetries must be >= 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("retry timeout must be at least 1 ms");
    }
}
