package io.threatstream.connectors.elasticsearch.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));

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
        assertThat(policy.mayRetry(5)).isTrue();
        assertThat(policy.mayRetry(6)).isFalse();
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxRetries must be >= 0");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < initial <= max");
    }
}
