package io.threatstream.detect.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.detect.rule.RuleMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimiterSettingsTest {

    private static final Duration FIVE = Duration.ofMinutes(5);

    @Test
    void defaultsAreElasticsMaxSignalsPerInterval() {
        LimiterSettings settings = LimiterSettings.defaults();
        assertThat(settings.maxAlertsPerWindow()).isEqualTo(100);
        assertThat(settings.window()).isEqualTo(FIVE);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void forRuleTakesMaxSignalsAndInterval() {
        RuleMetadata rule =
                new RuleMetadata(
                        "id",
                        "name",
                        "description",
                        1,
                        21,
                        "low",
                        Duration.ofMinutes(1),
                        "now-2m",
                        7,
                        "event.ingested",
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        "license",
                        List.of());
        LimiterSettings settings = LimiterSettings.forRule(rule);
        assertThat(settings.maxAlertsPerWindow()).isEqualTo(7);
        assertThat(settings.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void rejectsInvalidSettingsNamingTheSetting() {
        assertThatThrownBy(() -> new LimiterSettings(0, FIVE, FIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAlertsPerWindow must be at least 1, was 0");
        assertThatThrownBy(() -> new LimiterSettings(1, Duration.ZERO, FIVE))
                .hasMessage("window must be a positive number of milliseconds, was PT0S");
        assertThatThrownBy(() -> new LimiterSettings(1, Duration.ofMinutes(-1), FIVE))
                .hasMessage("window must be a positive number of milliseconds, was PT-1M");
        assertThatThrownBy(() -> new LimiterSettings(1, Duration.ofNanos(1_500_000), FIVE))
                .hasMessageStartingWith("window must be a positive number of milliseconds");
        assertThatThrownBy(() -> new LimiterSettings(1, FIVE, Duration.ofMinutes(4)))
                .hasMessage("idleTimeout must be at least the window (PT5M), was PT4M");
        assertThatThrownBy(() -> new LimiterSettings(1, null, FIVE))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("window is required but was not provided");
    }
}
