package io.threatstream.connectors.elasticsearch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the item results of a {@code _bulk} response, in request order. The sink asks for a
 * trimmed response ({@link #FILTER_PATH}): per item only the status and the error's type and
 * reason.
 */
public final class BulkResponseParser {
    /** The {@code filter_path} query parameter that keeps only what the sink reads. */
    public static final String FILTER_PATH =
            "errors,items.*.status,items.*.error.type,items.*.error.reason";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BulkResponseParser() {}

    /**
     * @throws IOException if the body is not JSON or has no {@code items} array, or an item lacks a
     *     status
     */
    public static List<ItemResult> parse(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        JsonNode items = root == null ? null : root.get("items");
        if (items == null || !items.isArray()) {
            throw new IOException("the response has no \"items\" array");
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        for (JsonNode wrapper : items) {
            // Each item is {"<action>": {...}}; the action is always "create" here.
            Iterator<JsonNode> actions = wrapper.elements();
            JsonNode item = actions.hasNext() ? actions.next() : null;
            JsonNode status = item == null ? null : item.get("status");
            if (status == null || !status.canConvertToInt()) {
                throw new IOException("item " + results.size() + " has no status");
            }
            JsonNode error = item.get("error");
            results.add(
                    new ItemResult(
                            status.intValue(),
                            error == null ? null : ElasticsearchError.type(error),
                            error == null ? null : ElasticsearchError.reason(error)));
        }
        return results;
    }
}
