package io.threatstream.detect.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.event.EventDocument;

/**
 * The host a match is limited by: {@code host.id}, else {@code host.name}, else {@code
 * host.hostname}, else {@link #UNKNOWN} (all host-less matches share one budget).
 *
 * @param value the key
 * @param field the ECS field it came from; null for {@link #UNKNOWN}
 */
public record HostKey(String value, String field) {

    /** The key of matches that name no host. */
    public static final String UNKNOWN = "(unknown host)";

    private static final String[] FIELDS = {"host.id", "host.name", "host.hostname"};

    public static HostKey of(ObjectNode event) {
        for (String field : FIELDS) {
            String value = EventDocument.firstValue(event, field).orElse("");
            if (!value.isEmpty()) {
                return new HostKey(value, field);
            }
        }
        return new HostKey(UNKNOWN, null);
    }
}
