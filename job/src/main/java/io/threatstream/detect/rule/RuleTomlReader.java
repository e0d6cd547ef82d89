package io.threatstream.detect.rule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rule in Elastic's detection-rules TOML format ({@code [metadata]}, {@code [rule]}, {@code
 * [[rule.threat]]}). Only EQL rules are accepted. Missing {@code interval} and {@code max_signals}
 * take Elastic's defaults, {@code 5m} and {@code 100}.
 */
public final class RuleTomlReader {

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    static final int DEFAULT_MAX_SIGNALS = 100;
    static final String DEFAULT_FROM = "now-6m";

    private static final Pattern ELASTIC_DURATION = Pattern.compile("(\\d+)([smhd])");
    private static final TomlMapper TOML = new TomlMapper();

    private RuleTomlReader() {}

    /**
     * Parses {@code text}, the content of the file named {@code source}.
     *
     * @throws RuleLoadException naming {@code source} and, for syntax errors, the line and column
     */
    public static RuleDefinition read(String text, String source) {
        JsonNode root = parseToml(text, source);
        JsonNode rule = root.path("rule");
        if (!rule.isObject()) {
            throw new RuleLoadException(source + ": missing [rule] table");
        }
        Fields f = new Fields(rule, source);
        String type = f.requiredText("type");
        if (!"eql".equals(type)) {
            throw new RuleLoadException(
                    source + ": rule.type is \"" + type + "\"; only \"eql\" rules are supported");
        }
        String language = f.optionalText("language", "eql");
        if (!"eql".equals(language)) {
            throw new RuleLoadException(
                    source + ": rule.language is \"" + language + "\"; only \"eql\" is supported");
        }
        RuleMetadata metadata =
                new RuleMetadata(
                        f.requiredText("rule_id"),
                        f.requiredText("name"),
                        f.optionalText("description", "").strip(),
                        f.optionalInt("version", 1),
                        f.requiredInt("risk_score"),
                        f.requiredText("severity"),
                        f.optionalDuration("interval", DEFAULT_INTERVAL),
                        f.optionalText("from", DEFAULT_FROM),
                        f.optionalInt("max_signals", DEFAULT_MAX_SIGNALS),
                        f.optionalText("timestamp_override", null),
                        f.textList("index"),
                        f.textList("tags"),
                        f.textList("references"),
                        f.textList("author"),
                        f.optionalText("license", null),
                        threats(rule.path("threat"), source));
        if (metadata.riskScore() < 0 || metadata.riskScore() > 100) {
            throw new RuleLoadException(source + ": rule.risk_score must be between 0 and 100");
        }
        if (metadata.maxSignals() < 1) {
            throw new RuleLoadException(source + ": rule.max_signals must be at least 1");
        }
        String query = f.requiredText("query");
        return new RuleDefinition(metadata, query, EmbeddedTextLocator.locate(text, "query", 0), source);
    }

    static JsonNode parseToml(String text, String source) {
        try {
            return TOML.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where =
                    at == null || at.getLineNr() < 1
                            ? ""
                            : " line " + at.getLineNr() + ":" + at.getColumnNr() + ":";
            throw new RuleLoadException(source + ":" + where + " invalid TOML: " + e.getOriginalMessage(), e);
        }
    }

    private static List<RuleMetadata.Threat> threats(JsonNode threats, String source) {
        List<RuleMetadata.Threat> result = new ArrayList<>();
        for (JsonNode threat : threats) {
            Fields t = new Fields(threat, source + ": rule.threat");
            Fields tactic = new Fields(threat.path("tactic"), source + ": rule.threat.tactic");
            List<RuleMetadata.Technique> techniques = new ArrayList<>();
            for (JsonNode technique : threat.path("technique")) {
                Fields tech = new Fields(technique, source + ": rule.threat.technique");
                List<RuleMetadata.Ref> subs = new ArrayList<>();
                for (JsonNode sub : technique.path("subtechnique")) {
                    subs.add(ref(new Fields(sub, source + ": rule.threat.technique.subtechnique")));
                }
                techniques.add(
                        new RuleMetadata.Technique(
                                tech.requiredText("id"),
                                tech.requiredText("name"),
                                tech.optionalText("reference", null),
                                List.copyOf(subs)));
            }
            result.add(
                    new RuleMetadata.Threat(
                            t.optionalText("framework", "MITRE ATT&CK"), ref(tactic), List.copyOf(techniques)));
        }
        return List.copyOf(result);
    }

    private static RuleMetadata.Ref ref(Fields f) {
        return new RuleMetadata.Ref(f.requiredText("id"), f.requiredText("name"), f.optionalText("reference", null));
    }

    /** Elastic's schedule format: a whole number and one of {@code s m h d}, e.g. {@code 5m}. */
    static Duration parseElasticDuration(String text) {
        Matcher m = ELASTIC_DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    /** Typed access to one TOML table with messages that name the file and the key. */
    private static final class Fields {
        private final JsonNode node;
        private final String where;

        Fields(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        String requiredText(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new RuleLoadException(where + ": missing required key '" + key + "'");
            }
            if (!v.isTextual()) {
                throw new RuleLoadException(where + ": '" + key + "' must be a string");
            }
            return v.textValue();
        }

        String optionalText(String key, String fallback) {
            return node.has(key) ? requiredText(key) : fallback;
        }

        int requiredInt(String key) {
            JsonNode v = node.get(key);
            if (v == null) {
                throw new RuleLoadException(where + ": missing required key '" + key + "'");
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new RuleLoadException(where + ": '" + key + "' must be an integer");
            }
            return v.intValue();
        }

        int optionalInt(String key, int fallback) {
            return node.has(key) ? requiredInt(key) : fallback;
        }

        Duration optionalDuration(String key, Duration fallback) {
            if (!node.has(key)) {
                return fallback;
            }
            String text = requiredText(key);
            Duration d = parseElasticDuration(text);
            if (d == null || d.isZero()) {
                throw new RuleLoadException(
                        where + ": '" + key + "' must be a positive duration such as 5m, 1h or 30s, not \"" + text + "\"");
            }
            return d;
        }

        List<String> textList(String key) {
            JsonNode v = node.get(key);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw new RuleLoadException(where + ": '" + key + "' must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw new RuleLoadException(where + ": '" + key + "' must be an array of strings");
                }
                out.add(e.textValue());
            }
            return List.copyOf(out);
        }
    }
}
