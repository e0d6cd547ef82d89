package io.threatstream.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleTomlReaderTest {

    static String resource(String name) {
        try (InputStream in = RuleTomlReaderTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SEED = "/rules/potential_openssh_backdoor_logging_activity.toml";
    static final String V216 = "/rules/potential_openssh_backdoor_logging_activity_v216.toml";

    @Test
    void readsTheSeedRuleMetadata() {
        RuleDefinition rule = RuleTomlReader.read(resource(SEED), "seed.toml");
        RuleMetadata m = rule.metadata();
        assertThat(m.ruleId()).isEqualTo("f28e2be4-6eca-4349-bdd9-381573730c22");
        assertThat(m.name()).isEqualTo("Potential OpenSSH Backdoor Logging Activity");
        assertThat(m.version()).isEqualTo(211);
        assertThat(m.riskScore()).isEqualTo(21);
        assertThat(m.severity()).isEqualTo("low");
        assertThat(m.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.from()).isEqualTo("now-9m");
        assertThat(m.maxSignals()).isEqualTo(100);
        assertThat(m.timestampOverride()).isEqualTo("event.ingested");
        assertThat(m.index())
                .containsExactly(
                        "auditbeat-*", "logs-endpoint.events.file-*", "endgame-*", "logs-sentinel_one_cloud_funnel.*");
        assertThat(m.tags()).contains("OS: Linux", "Tactic: Credential Access").hasSize(9);
        assertThat(m.references()).hasSize(2);
        assertThat(m.author()).containsExactly("Elastic");
        assertThat(m.license()).isEqualTo("Elastic License v2");
        assertThat(m.description()).startsWith("Identifies a Secure Shell (SSH) client or server process");
        assertThat(m.threats()).hasSize(2);
        assertThat(m.threats().get(0).tactic())
                .isEqualTo(new RuleMetadata.Ref("TA0006", "Credential Access", "https://attack.mitre.org/tactics/TA0006/"));
        assertThat(m.threats().get(0).techniques().get(0).id()).isEqualTo("T1556");
        assertThat(m.threats().get(1).tactic().id()).isEqualTo("TA0003");
        assertThat(m.threats().get(1).techniques().get(0).name()).isEqualTo("Compromise Host Software Binary");
    }

    @Test
    void keepsTheSeedQueryVerbatimAndKnowsWhereItStarts() {
        String text = resource(SEED);
        RuleDefinition rule = RuleTomlReader.read(text, "seed.toml");
        assertThat(rule.query())
                .startsWith("file where host.os.type == \"linux\" and event.type == \"change\"")
                .contains("\"/var/run/udevd.pid\"");
        int queryLine = rule.queryPosition().line();
        assertThat(text.lines().skip(queryLine - 1).findFirst().orElseThrow()).startsWith("file where");
        assertThat(rule.queryPosition().column()).isEqualTo(1);
    }

    @Test
    void appliesElasticDefaultsWhenIntervalAndMaxSignalsAreMissing() {
        RuleMetadata m = RuleTomlReader.read(resource(V216), "v216.toml").metadata();
        assertThat(m.version()).isEqualTo(216);
        assertThat(m.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(m.maxSignals()).isEqualTo(100);
    }

    @Test
    void namesTheFileAndPositionOfTomlSyntaxErrors() {
        String text = "[rule]\nname = \"x\nrule_id = \"y\"\n";
        assertThatThrownBy(() -> RuleTomlReader.read(text, "bad.toml"))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageStartingWith("bad.toml: line 2:")
                .hasMessageContaining("invalid TOML");
    }

    @Test
    void rejectsMissingRequiredKeys() {
        String text = "[rule]\nname = \"x\"\ntype = \"eql\"\nrisk_score = 1\nseverity = \"low\"\nquery = 'any where true'\n";
        assertThatThrownBy(() -> RuleTomlReader.read(text, "r.toml"))
                .hasMessage("r.toml: missing required key 'rule_id'");
    }

    @Test
    void rejectsNonEqlRules() {
        String text = minimal().replace("type = \"eql\"", "type = \"query\"");
        assertThatThrownBy(() -> RuleTomlReader.read(text, "r.toml"))
                .hasMessage("r.toml: rule.type is \"query\"; only \"eql\" rules are supported");
    }

    @Test
    void rejectsBadInterval() {
        String text = minimal() + "interval = \"five minutes\"\n";
        assertThatThrownBy(() -> RuleTomlReader.read(text, "r.toml"))
                .hasMessage(
                        "r.toml: 'interval' must be a positive duration such as 5m, 1h or 30s, not \"five minutes\"");
    }

    @Test
    void rejectsMissingRuleTable() {
        assertThatThrownBy(() -> RuleTomlReader.read("[metadata]\nmaturity = \"production\"\n", "r.toml"))
                .hasMessage("r.toml: missing [rule] table");
    }

    @Test
    void parsesElasticDurations() {
        assertThat(RuleTomlReader.parseElasticDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(RuleTomlReader.parseElasticDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(RuleTomlReader.parseElasticDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(RuleTomlReader.parseElasticDuration("5 m")).isNull();
    }

    @Test
    void locatesSingleLineQueries() {
        String text = minimal();
        RuleDefinition rule = RuleTomlReader.read(text, "r.toml");
        assertThat(rule.queryPosition()).isEqualTo(new TextPosition(7, 10));
        assertThat(rule.queryPosition().locate(1, 5)).isEqualTo(new TextPosition(7, 14));
        assertThat(rule.queryPosition().locate(3, 2)).isEqualTo(new TextPosition(9, 2));
    }

    private static String minimal() {
        return "[rule]\nrule_id = \"r1\"\nname = \"x\"\ntype = \"eql\"\nrisk_score = 1\nseverity = \"low\"\n"
                + "query = 'any where true'\n";
    }
}
