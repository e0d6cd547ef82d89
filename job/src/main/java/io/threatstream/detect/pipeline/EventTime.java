package io.threatstream.detect.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.event.EventDocument;
import io.threatstream.detect.event.EventTimestamps;
import java.util.OptionalLong;

/**
 * The rule's notion of when an event happened, as Elastic's {@code timestamp_override =
 * "event.ingested"} defines it: {@code event.ingested} if present and readable, else {@code
 * @timestamp}, else a fallback (the source's timestamp or the time of detection).
 */
public final class EventTime {

    private static final String[] FIELDS = {"event.ingested", "@timestamp"};

    private EventTime() {}

    public static long of(ObjectNode event, long fallback) {
        for (String field : FIELDS) {
            OptionalLong millis =
                    EventDocument.firstValue(event, field)
                            .map(EventTimestamps::toEpochMillis)
                            .orElse(OptionalLong.empty());
            if (millis.isPresent()) {
                return millis.getAsLong();
            }
        }
        return fallback;
    }
}
