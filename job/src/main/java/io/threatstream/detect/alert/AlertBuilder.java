package io.threatstream.detect.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.connectors.record.Document;
import io.threatstream.connectors.record.SourceCoordinatesJson;
import io.threatstream.detect.limit.LimitedAlert;
import io.threatstream.detect.limit.SuppressionSummary;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.rule.RuleMetadata;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns what the limiter lets through into alert documents shaped like Elastic Security's: ECS
 * fields nested ({@code {"event":{"kind":"alert"}}}), Kibana's fields as flat dotted keys ({@code
 * "kibana.alert.rule.name": ...}) as in Elastic's own alerts index.
 *
 * <pre>{@code
 * AlertBuilder builder = new AlertBuilder(rule, AlertBuilder.DEFAULT_DATA_STREAM, Clock.systemUTC());
 * Document doc = builder.build(limitedAlert);   // doc.id = kibana.alert.uuid
 * }</pre>
 *
 * <p><b>Match alerts</b> copy the event's top-level fields, then:
 *
 * <ul>
 *   <li>{@code @timestamp} is the detection time; the event's own goes to {@code
 *       kibana.alert.original_time}.
 *   <li>{@code event.*} (nested or dotted keys) is kept, with {@code event.kind: "alert"}, and also
 *       copied, flattened, to {@code kibana.alert.original_event.*} (original {@code kind}
 *       included).
 *   <li>{@code rule}, {@code threat}, {@code kibana}, {@code threatstream} and {@code data_stream}
 *       belong to the alert: the event's values for them are dropped. {@code data_stream} in
 *       particular must name the alert's own data stream, or Elasticsearch rejects the document.
 *   <li>{@code threatstream.source} says where the event came from, {@code threatstream.late}
 *       whether it arrived after its limiter window closed.
 * </ul>
 *
 * <p><b>Suppression summaries</b> carry {@code
 * kibana.alert.suppression.{terms,start,end,docs_count}} and the host field the key came from. Ids:
 * see {@link AlertIds}.
 *
 * <p>{@code event.kind} is {@code "alert"} (ECS: an alert from another system) rather than Kibana's
 * internal {@code "signal"}, since these documents live in a {@code logs-*} data stream, not in
 * Kibana's alerts index.
 */
public final class AlertBuilder implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A data stream that Kibana's Security app reads ({@code logs-*}). */
    public static final String DEFAULT_DATA_STREAM = "logs-threatstream.alerts-default";

    /** Largest event accepted; the detect step already enforced its own limits. */
    static final int MAX_EVENT_BYTES = 1 << 20;

    private static final int MAX_NESTING_DEPTH = 64;
    private static final String ORIGINAL_EVENT = "kibana.alert.original_event";
    private static final String HOST_PREFIX = "host.";

    /** Top-level fields the alert writes itself; an event's values for them are not copied. */
    private static final Set<String> ALERT_OWNED_ROOTS =
            Set.of("@timestamp", "rule", "threat", "kibana", "threatstream", "data_stream");

    private final RuleMetadata rule;
    private final String dataStream;
    private final Clock clock;

    private transient ObjectMapper mapper;
    private transient RuleFields ruleFields;

    /**
     * Alerts for {@code rule}, stamped with the system clock, without {@code data_stream} fields.
     */
    public AlertBuilder(RuleMetadata rule) {
        this(rule, null, Clock.systemUTC());
    }

    /**
     * @param rule the rule whose alerts these are
     * @param dataStream the data stream the alerts are written to ({@code type-dataset-namespace}),
     *     written to {@code data_stream.*}; null to write no {@code data_stream} fields (plain
     *     index)
     * @param clock the detection time source
     * @throws IllegalArgumentException if the rule lacks an id, name or severity or the data stream
     *     name is not {@code type-dataset-namespace}
     */
    public AlertBuilder(RuleMetadata rule, String dataStream, Clock clock) {
        Objects.requireNonNull(rule, "rule is required but was not provided");
        requireText(rule.ruleId(), "rule_id");
        requireText(rule.name(), "name");
        requireText(rule.severity(), "severity");
        if (dataStream != null && dataStreamParts(dataStream) == null) {
            throw new IllegalArgumentException(
                    "data stream name must be <type>-<dataset>-<namespace>, was \""
                            + dataStream
                            + "\"");
        }
        this.rule = rule;
        this.dataStream = dataStream;
        this.clock = Objects.requireNonNull(clock, "clock is required but was not provided");
    }

    /** The document for a match or a suppression summary, as {@code alert.kind} says. */
    public Document build(LimitedAlert alert) throws AlertBuildException {
        if (alert == null || alert.kind == null) {
            throw new AlertBuildException("limited alert has no kind");
        }
        switch (alert.kind) {
            case MATCH:
                return buildMatchAlert(alert.match, alert.late);
            case SUPPRESSION_SUMMARY:
                return buildSummary(alert.summary);
            default:
                throw new AlertBuildException("unknown limited alert kind " + alert.kind);
        }
    }

    /** The alert for one matching event. */
    public Document buildMatchAlert(Match match, boolean late) throws AlertBuildException {
        if (match == null || match.event == null || match.event.length == 0) {
            throw new AlertBuildException("match has no event bytes");
        }
        ObjectNode event = parseEvent(match.event);
        String id = AlertIds.forMatch(rule.ruleId(), match.event);

        ObjectNode doc = mapper().createObjectNode();
        doc.put("@timestamp", AlertTimes.format(clock.instant()));
        ObjectNode alertEvent = mapper().createObjectNode();
        Map<String, JsonNode> originalEvent = new LinkedHashMap<>();
        JsonNode originalTime = null;
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("@timestamp")) {
                originalTime = value;
            } else if (key.equals("event")) {
                if (value.isObject()) { // a non-object "event" is not ECS: dropped
                    value.properties().forEach(e -> alertEvent.set(e.getKey(), e.getValue()));
                    flatten(ORIGINAL_EVENT, value, originalEvent);
                }
            } else if (key.startsWith("event.")) {
                String subKey = key.substring("event.".length());
                alertEvent.set(subKey, value);
                flatten(ORIGINAL_EVENT + "." + subKey, value, originalEvent);
            } else if (!ALERT_OWNED_ROOTS.contains(rootOf(key))) {
                doc.set(key, value);
            }
        }
        alertEvent.remove("kind");
        alertEvent.put("kind", "alert");
        doc.set("event", alertEvent);
        putCommonFields(doc);
        ObjectNode threatstream = doc.putObject("threatstream");
        if (match.source != null) {
            threatstream.set("source", SourceCoordinatesJson.toJson(match.source));
        }
        threatstream.put("late", late);

        doc.put("kibana.alert.uuid", id);
        ruleFields().putKibanaFields(doc);
        doc.put("kibana.alert.reason", AlertReason.forMatch(event, rule));
        if (originalTime != null) {
            doc.set("kibana.alert.original_time", originalTime);
        }
        originalEvent.forEach(doc::set);
        if (match.source != null) {
            ObjectNode ancestor = doc.putArray("kibana.alert.ancestors").addObject();
            ancestor.put("id", match.source.toString());
            ancestor.put("type", "event");
            if (match.source.name != null) {
                ancestor.put("index", match.source.name);
            }
            ancestor.put("depth", 0);
        }
        doc.put("kibana.alert.workflow_status", "open");
        doc.put("kibana.alert.depth", 1);
        return new Document(id, write(doc));
    }

    /** The alert that reports a host's suppressed matches for one window. */
    public Document buildSummary(SuppressionSummary summary) throws AlertBuildException {
        if (summary == null || summary.hostKey == null) {
            throw new AlertBuildException("suppression summary has no host key");
        }
        String id = AlertIds.forSummary(rule.ruleId(), summary.hostKey, summary.windowStart);
        String hostField = summary.hostKeyField != null ? summary.hostKeyField : "host.id";

        ObjectNode doc = mapper().createObjectNode();
        doc.put("@timestamp", AlertTimes.format(clock.instant()));
        if (hostField.startsWith(HOST_PREFIX) && hostField.length() > HOST_PREFIX.length()) {
            doc.putObject("host").put(hostField.substring(HOST_PREFIX.length()), summary.hostKey);
        }
        doc.putObject("event").put("kind", "alert");
        putCommonFields(doc);

        doc.put("kibana.alert.uuid", id);
        ruleFields().putKibanaFields(doc);
        doc.put("kibana.alert.reason", AlertReason.forSummary(summary, rule));
        ObjectNode term = doc.putArray("kibana.alert.suppression.terms").addObject();
        term.put("field", hostField);
        term.putArray("value").add(summary.hostKey);
        doc.put("kibana.alert.suppression.start", AlertTimes.format(summary.windowStart));
        doc.put("kibana.alert.suppression.end", AlertTimes.format(summary.windowEnd));
        doc.put("kibana.alert.suppression.docs_count", summary.suppressedCount);
        doc.put("kibana.alert.workflow_status", "open");
        doc.put("kibana.alert.depth", 1);
        return new Document(id, write(doc));
    }

    /** {@code data_stream}, ECS {@code rule} and {@code threat}: the same in every alert. */
    private void putCommonFields(ObjectNode doc) {
        if (dataStream != null) {
            String[] parts = dataStreamParts(dataStream);
            ObjectNode node = doc.putObject("data_stream");
            node.put("type", parts[0]);
            node.put("dataset", parts[1]);
            node.put("namespace", parts[2]);
        }
        ruleFields().putEcsFields(doc);
    }

    private ObjectNode parseEvent(byte[] bytes) throws AlertBuildException {
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new AlertBuildException(
                    "event is "
                            + bytes.length
                            + " bytes, more than the "
                            + MAX_EVENT_BYTES
                            + " allowed");
        }
        JsonNode parsed;
        try {
            parsed = mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new AlertBuildException("event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AlertBuildException("event could not be read: " + e.getMessage(), e);
        }
        if (parsed == null || !parsed.isObject()) {
            String type = parsed == null ? "empty" : parsed.getNodeType().toString();
            throw new AlertBuildException("event is not a JSON object but " + type);
        }
        return (ObjectNode) parsed;
    }

    private byte[] write(ObjectNode doc) throws AlertBuildException {
        try {
            return mapper().writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new AlertBuildException(
                    "alert could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Flattens nested objects under {@code prefix} into dotted keys; arrays and scalars are values.
     */
    private static void flatten(String prefix, JsonNode value, Map<String, JsonNode> into) {
        if (value.isObject()) {
            value.properties().forEach(e -> flatten(prefix + "." + e.getKey(), e.getValue(), into));
        } else {
            into.put(prefix, value);
        }
    }

    private static String rootOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** Whether {@code name} is a data stream name of Elastic's scheme, {@code type-dataset-namespace}. */
    public static boolean isDataStreamName(String name) {
        return dataStreamParts(name) != null;
    }

    /** {@code [type, dataset, namespace]}, or null if the name does not have that shape. */
    private static String[] dataStreamParts(String name) {
        String[] parts = name.split("-", -1);
        if (parts.length != 3) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return parts;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "rule " + what + " is required but was not provided");
        }
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            JsonFactory factory =
                    JsonFactory.builder()
                            .streamReadConstraints(
                                    StreamReadConstraints.builder()
                                            .maxNestingDepth(MAX_NESTING_DEPTH)
                                            .maxDocumentLength(MAX_EVENT_BYTES)
                                            .maxStringLength(MAX_EVENT_BYTES)
                                            .build())
                            .build();
            mapper =
                    JsonMapper.builder(factory)
                            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            // keep numbers exactly as the event wrote them
                            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                            .build();
        }
        return mapper;
    }

    private RuleFields ruleFields() {
        if (ruleFields == null) {
            ruleFields = new RuleFields(rule);
        }
        return ruleFields;
    }
}
