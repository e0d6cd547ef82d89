package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.alert.AlertIds;
import io.threatstream.detect.event.EventDocumentParser;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.event.RecordRejectedException;
import io.threatstream.detect.pipeline.EventTime;
import io.threatstream.detect.pipeline.HostKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alerts a run must produce, from the generator's own labels ({@code
 * FleetSimulator.isBackdoorWrite}), not from the rule: every labelled event is recorded here with
 * its alert id, host key and event time, and {@link #limitedBy} applies the limiter's arithmetic
 * (at most N alerts per host per window, one suppression summary per window over the limit).
 * Thread-safe: the topic is written by several threads.
 */
final class ExpectedAlerts {

    private record Labelled(String id, String host, long eventTime) {}

    private final String ruleId;
    private final EventDocumentParser parser = new EventDocumentParser(ParserLimits.defaults());
    private final List<Labelled> matches = new ArrayList<>();

    ExpectedAlerts(String ruleId) {
        this.ruleId = ruleId;
    }

    /** Records {@code event}, which the generator labelled a backdoor write. */
    synchronized void addMatch(byte[] event) {
        ObjectNode document;
        try {
            document = parser.parse(event);
        } catch (RecordRejectedException e) {
            throw new IllegalStateException("the generator wrote an unreadable event: " + e.getMessage(), e);
        }
        matches.add(new Labelled(AlertIds.forMatch(ruleId, event), HostKey.of(document).value(), EventTime.of(document, -1)));
    }

    synchronized int matches() {
        return matches.size();
    }

    /** Distinct host keys among the matches. */
    synchronized int hosts() {
        Set<String> hosts = new HashSet<>();
        matches.forEach(m -> hosts.add(m.host));
        return hosts.size();
    }

    /**
     * What reaches Elasticsearch through a limiter of {@code maxAlerts} per host per {@code window}.
     * The alert ids are exact only when nothing is suppressed (which matches of a window pass
     * depends on the order they arrive in); otherwise only the counts are.
     */
    synchronized Expectation limitedBy(int maxAlerts, Duration window) {
        Map<String, Integer> perHostWindow = new HashMap<>();
        Map<String, String> summaryIds = new HashMap<>();
        long size = window.toMillis();
        for (Labelled m : matches) {
            long start = m.eventTime - Math.floorMod(m.eventTime, size);
            String key = m.host + '\u0000' + start;
            perHostWindow.merge(key, 1, Integer::sum);
            summaryIds.putIfAbsent(key, AlertIds.forSummary(ruleId, m.host, start));
        }
        long alerts = 0;
        long suppressed = 0;
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, Integer> e : perHostWindow.entrySet()) {
            int n = e.getValue();
            alerts += Math.min(n, maxAlerts);
            if (n > maxAlerts) {
                suppressed += n - maxAlerts;
                ids.add(summaryIds.get(e.getKey()));
            }
        }
        long summaries = ids.size();
        if (suppressed == 0) {
            matches.forEach(m -> ids.add(m.id));
        }
        return new Expectation(matches.size(), alerts, suppressed, summaries, suppressed == 0 ? Set.copyOf(ids) : null);
    }

    /**
     * @param matches labelled events
     * @param alerts match alerts the limiter lets through
     * @param suppressed matches it only counts
     * @param summaries suppression summary documents
     * @param ids every document id (alerts and summaries) when nothing is suppressed, else null
     */
    record Expectation(long matches, long alerts, long suppressed, long summaries, Set<String> ids) {
        long documents() {
            return alerts + summaries;
        }
    }
}
