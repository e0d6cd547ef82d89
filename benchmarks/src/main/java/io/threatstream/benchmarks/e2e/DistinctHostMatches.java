package io.threatstream.benchmarks.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.event.EventDocumentParser;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.event.RecordRejectedException;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.pipeline.HostKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Matching events of as many distinct hosts as asked for, one each: the fleet simulator's backdoor
 * writes of its four agent shapes (Elastic Defend and SentinelOne keyed by a {@code host.id} UUID,
 * Auditbeat and Endgame by a {@code host.name}), with every occurrence of the host key's value replaced
 * by host {@code i}'s own, in the same form. (The simulator itself puts all matches on one host in
 * 97, so it would need millions of events to touch 100,000 distinct hosts.)
 */
final class DistinctHostMatches {

    /** An event split at every occurrence of its host key's value (quotes included). */
    private record Template(List<byte[]> pieces, boolean uuid) {}

    private final List<Template> templates;
    private final long seed;

    /**
     * @param eventTime the event time of every event ({@code @timestamp}; {@code event.ingested},
     *     which the rule prefers, is up to a second later)
     */
    DistinctHostMatches(long seed, long eventTime) {
        this.seed = seed;
        // 388 hosts: the 4 infected ones (every 97th) are of the 4 agent shapes (host % 4).
        FleetSimulator fleet = new FleetSimulator(seed, 4 * 97, 1.0, 1.0, eventTime, 1e9);
        EventDocumentParser parser = new EventDocumentParser(ParserLimits.defaults());
        Map<String, Template> byHost = new LinkedHashMap<>();
        for (long i = 0; byHost.size() < 4; i++) {
            byte[] event = fleet.event(i);
            HostKey host;
            try {
                ObjectNode document = parser.parse(event);
                host = HostKey.of(document);
            } catch (RecordRejectedException e) {
                throw new IllegalStateException("the generator wrote an unreadable event", e);
            }
            byHost.computeIfAbsent(host.value(), value -> template(event, value, "host.id".equals(host.field())));
        }
        this.templates = new ArrayList<>(byHost.values());
    }

    private static Template template(byte[] event, String hostValue, boolean uuid) {
        String text = new String(event, StandardCharsets.UTF_8);
        String quoted = "\"" + hostValue + "\"";
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, from)) {
            pieces.add(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
            from = at + quoted.length();
        }
        if (pieces.isEmpty()) {
            throw new IllegalStateException("host value " + hostValue + " not found in " + text);
        }
        pieces.add(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return new Template(pieces, uuid);
    }

    /** The matching event of host {@code i}: agent shape {@code i % 4}, a host identifier of its own. */
    byte[] event(long i) {
        Template t = templates.get((int) (i % templates.size()));
        String host = t.uuid ? new UUID(seed, i).toString() : String.format(Locale.ROOT, "bench-host-%07d", i);
        byte[] id = ("\"" + host + "\"").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream event = new ByteArrayOutputStream(1024);
        for (int p = 0; p < t.pieces.size(); p++) {
            if (p > 0) {
                event.writeBytes(id);
            }
            event.writeBytes(t.pieces.get(p));
        }
        return event.toByteArray();
    }
}
