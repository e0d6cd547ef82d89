package io.threatstream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectedAlertsTest {

    private static final String RULE_ID = RuleLoader.load(null, null).metadata().ruleId();

    /** 150 backdoor writes within a second, all by the one infected host of a 97-host fleet. */
    private static ExpectedAlerts oneHostWith150Matches(Set<String> ids) {
        FleetSimulator fleet = new FleetSimulator(7, 97, 1.0, 1.0, 1_767_225_600_000L, 1000);
        ExpectedAlerts expected = new ExpectedAlerts(RULE_ID);
        for (long i = 0; i < 150; i++) {
            byte[] event = fleet.event(i);
            expected.addMatch(event);
            ids.add(AlertIds.forMatch(RULE_ID, event));
        }
        return expected;
    }

    @Test
    void underTheLimitEveryMatchIsAnAlertWithTheIdTheJobGivesIt() {
        Set<String> ids = new HashSet<>();
        ExpectedAlerts expected = oneHostWith150Matches(ids);

        ExpectedAlerts.Expectation e = expected.limitedBy(200, Duration.ofMinutes(5));

        assertThat(expected.hosts()).isEqualTo(1);
        assertThat(e.matches()).isEqualTo(150);
        assertThat(e.alerts()).isEqualTo(150);
        assertThat(e.suppressed()).isZero();
        assertThat(e.summaries()).isZero();
        assertThat(e.ids()).isEqualTo(ids).hasSize(150);
    }

    @Test
    void overTheLimitTheRestIsSuppressedIntoOneSummaryAndOnlyCountsAreKnown() {
        ExpectedAlerts expected = oneHostWith150Matches(new HashSet<>());

        ExpectedAlerts.Expectation e = expected.limitedBy(100, Duration.ofMinutes(5));

        assertThat(e.alerts()).isEqualTo(100);
        assertThat(e.suppressed()).isEqualTo(50);
        assertThat(e.summaries()).isEqualTo(1);
        assertThat(e.documents()).isEqualTo(101);
        assertThat(e.ids()).isNull();
    }
}
