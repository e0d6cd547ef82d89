package io.threatstream.detect.rule;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What an Elastic detection rule says about itself, as read from its TOML file: identity, scoring,
 * schedule and MITRE ATT&CK mapping. Alerts copy these into {@code kibana.alert.rule.*}, {@code
 * rule.*} and {@code threat.*}.
 */
public record RuleMetadata(
        String ruleId,
        String name,
        String description,
        int version,
        int riskScore,
        String severity,
        Duration interval,
        String from,
        int maxSignals,
        String timestampOverride,
        List<String> index,
        List<String> tags,
        List<String> references,
        List<String> author,
        String license,
        List<Threat> threats)
        implements Serializable {

    /** One {@code [[rule.threat]]} entry: a tactic and the techniques under it. */
    public record Threat(String framework, Ref tactic, List<Technique> techniques) implements Serializable {}

    /** A technique with its sub-techniques. */
    public record Technique(String id, String name, String reference, List<Ref> subtechniques)
            implements Serializable {}

    /** An ATT&CK id, its name and its reference URL. */
    public record Ref(String id, String name, String reference) implements Serializable {}
}
