package io.threatstream.detect.limit;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.model.Match;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The limiter's input, output and state must serialize as POJOs, not fall back to Kryo. */
class LimitedAlertTypeTest {

    @Test
    void limiterTypesArePojos() {
        assertThat(TypeInformation.of(Match.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(LimitedAlert.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SuppressionSummary.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(WindowTally.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void factoriesSayWhichPayloadIsSet() {
        LimitedAlert alert = LimitedAlert.ofMatch(new Match(), true);
        assertThat(alert.isSummary()).isFalse();
        assertThat(alert.late).isTrue();
        assertThat(alert.summary).isNull();

        LimitedAlert summary = LimitedAlert.ofSummary(new SuppressionSummary("h", null, 0, 1, 2));
        assertThat(summary.isSummary()).isTrue();
        assertThat(summary.match).isNull();
    }
}
