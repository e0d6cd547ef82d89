package io.threatstream.detect.e2e;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads ECS fields of events and alerts written either as nested objects ({@code
 * {"host":{"name":…}}}) or as dotted keys ({@code {"host.name":…}}), as the simulated agents do and
 * as the alerts keep them.
 */
final class AlertFields {

    private AlertFields() {}

    static String hostName(JsonNode document) {
        return text(document, "host", "name");
    }

    static String text(JsonNode document, String object, String field) {
        JsonNode nested = document.path(object).path(field);
        return nested.isValueNode() ? nested.asText() : document.path(object + "." + field).asText(null);
    }
}
