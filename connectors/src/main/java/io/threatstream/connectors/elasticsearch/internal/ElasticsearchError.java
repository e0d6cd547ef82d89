package io.threatstream.connectors.elasticsearch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads Elasticsearch's error objects ({@code {"type": ..., "reason": ...}}) for messages. */
final class ElasticsearchError {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_UNPARSED_LENGTH = 500;

    private ElasticsearchError() {}

    static String type(JsonNode error) {
        return error.isObject() ? error.path("type").asText("unknown_error") : "error";
    }

    static String reason(JsonNode error) {
        return error.isObject() ? error.path("reason").asText("") : error.asText();
    }

    /**
     * {@code "security_exception: unable to authenticate user [elastic] ..."} from an error
     * response body ({@code {"error": {...}, "status": 401}}, where error may also be a plain
     * string); the start of the body if it is something else.
     */
    static String describeBody(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty response body)";
        }
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            if (!error.isMissingNode()) {
                return type(error) + ": " + reason(error);
            }
        } catch (IOException notJson) {
            // fall through: show the start of the body as text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_UNPARSED_LENGTH ? text : text.substring(0, MAX_UNPARSED_LENGTH) + "...";
    }
}
