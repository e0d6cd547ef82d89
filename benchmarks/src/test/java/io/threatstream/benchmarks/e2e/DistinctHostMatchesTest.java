package io.threatstream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.event.EventDocumentParser;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.pipeline.Detector;
import io.threatstream.detect.pipeline.EventTime;
import io.threatstream.detect.pipeline.HostKey;
import io.threatstream.detect.pipeline.Verdict;
import io.threatstream.detect.rule.RuleLoader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctHostMatchesTest {

    private static final long EVENT_TIME = 1_767_225_605_000L;

    @Test
    void everyEventMatchesTheRuleOnAHostOfItsOwnAtTheGivenTime() throws Exception {
        DistinctHostMatches matches = new DistinctHostMatches(42, EVENT_TIME);
        Detector detector = new Detector(RuleLoader.load(null, null), ParserLimits.defaults());
        EventDocumentParser parser = new EventDocumentParser(ParserLimits.defaults());
        Set<String> hosts = new HashSet<>();
        Set<String> keyFields = new HashSet<>();

        for (int i = 0; i < 2000; i++) {
            byte[] event = matches.event(i);
            assertThat(detector.evaluate(event)).as("verdict on event %d", i).isEqualTo(Verdict.MATCH);
            ObjectNode document = parser.parse(event);
            HostKey host = HostKey.of(document);
            hosts.add(host.value());
            keyFields.add(host.field());
            assertThat(EventTime.of(document, -1)).isBetween(EVENT_TIME, EVENT_TIME + 1000);
        }

        assertThat(hosts).hasSize(2000);
        assertThat(keyFields).containsExactlyInAnyOrder("host.id", "host.name");
    }

    @Test
    void theSameHostIndexGivesTheSameEvent() {
        assertThat(new DistinctHostMatches(42, EVENT_TIME).event(17))
                .isEqualTo(new DistinctHostMatches(42, EVENT_TIME).event(17));
    }
}
