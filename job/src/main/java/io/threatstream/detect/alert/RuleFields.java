package io.threatstream.detect.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.detect.rule.RuleMetadata;
import java.util.List;

/**
 * The rule's part of every alert, built once per rule: ECS {@code rule.*}, ECS {@code threat}, and
 * the flat {@code kibana.alert.rule.*} keys. The nodes are shared between documents and never
 * changed after construction.
 *
 * <p>There is no Kibana rule object behind these alerts, so the rule's {@code rule_id} (itself a
 * UUID, stable across installations) also stands in for {@code rule.uuid} and {@code
 * kibana.alert.rule.uuid}.
 */
final class RuleFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RuleMetadata rule;
    private final ObjectNode ecsRule;
    private final ArrayNode threat;

    RuleFields(RuleMetadata rule) {
        this.rule = rule;
        this.ecsRule = buildEcsRule(rule);
        this.threat = buildThreat(rule.threats());
    }

    /** Adds {@code rule} and {@code threat} (ECS, nested objects). */
    void putEcsFields(ObjectNode doc) {
        doc.set("rule", ecsRule);
        if (!threat.isEmpty()) {
            doc.set("threat", threat);
        }
    }

    /**
     * Adds the flat {@code kibana.alert.rule.*}, {@code kibana.alert.severity} and risk score keys.
     */
    void putKibanaFields(ObjectNode doc) {
        doc.put("kibana.alert.rule.rule_id", rule.ruleId());
        doc.put("kibana.alert.rule.uuid", rule.ruleId());
        doc.put("kibana.alert.rule.name", rule.name());
        putIfPresent(doc, "kibana.alert.rule.description", rule.description());
        doc.put("kibana.alert.rule.version", rule.version());
        doc.put("kibana.alert.rule.risk_score", rule.riskScore());
        doc.put("kibana.alert.rule.severity", rule.severity());
        putIfNotEmpty(doc, "kibana.alert.rule.tags", rule.tags());
        putIfNotEmpty(doc, "kibana.alert.rule.references", rule.references());
        if (!threat.isEmpty()) {
            doc.set("kibana.alert.rule.threat", threat);
        }
        doc.put("kibana.alert.severity", rule.severity());
        doc.put("kibana.alert.risk_score", rule.riskScore());
    }

    private static ObjectNode buildEcsRule(RuleMetadata rule) {
        ObjectNode node = NODES.objectNode();
        node.put("id", rule.ruleId());
        node.put("uuid", rule.ruleId());
        node.put("name", rule.name());
        putIfPresent(node, "description", rule.description());
        node.put("version", Integer.toString(rule.version())); // ECS rule.version is a keyword
        putIfNotEmpty(node, "author", rule.author());
        putIfPresent(node, "license", rule.license());
        putIfNotEmpty(node, "reference", rule.references());
        return node;
    }

    private static ArrayNode buildThreat(List<RuleMetadata.Threat> threats) {
        ArrayNode array = NODES.arrayNode();
        if (threats == null) {
            return array;
        }
        for (RuleMetadata.Threat threat : threats) {
            ObjectNode node = array.addObject();
            putIfPresent(node, "framework", threat.framework());
            if (threat.tactic() != null) {
                node.set("tactic", ref(threat.tactic()));
            }
            if (threat.techniques() != null && !threat.techniques().isEmpty()) {
                ArrayNode techniques = node.putArray("technique");
                for (RuleMetadata.Technique technique : threat.techniques()) {
                    ObjectNode t = techniques.addObject();
                    putIfPresent(t, "id", technique.id());
                    putIfPresent(t, "name", technique.name());
                    putIfPresent(t, "reference", technique.reference());
                    if (technique.subtechniques() != null && !technique.subtechniques().isEmpty()) {
                        ArrayNode subtechniques = t.putArray("subtechnique");
                        for (RuleMetadata.Ref subtechnique : technique.subtechniques()) {
                            subtechniques.add(ref(subtechnique));
                        }
                    }
                }
            }
        }
        return array;
    }

    private static ObjectNode ref(RuleMetadata.Ref ref) {
        ObjectNode node = NODES.objectNode();
        putIfPresent(node, "id", ref.id());
        putIfPresent(node, "name", ref.name());
        putIfPresent(node, "reference", ref.reference());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static void putIfNotEmpty(ObjectNode node, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(array::add);
        }
    }
}
