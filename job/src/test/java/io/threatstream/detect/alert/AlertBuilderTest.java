package io.threatstream.detect.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.connectors.record.Document;
import io.threatstream.connectors.record.SourceCoordinates;
import io.threatstream.detect.limit.LimitedAlert;
import io.threatstream.detect.limit.SuppressionSummary;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.rule.RuleMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class AlertBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock DETECTED_AT =
            Clock.fixed(Instant.parse("2024-05-01T10:07:00Z"), ZoneOffset.UTC);

    /** An Elastic Defend file event as the endpoint writes it, with one dotted key mixed in. */
    static final String DEFEND_FILE_EVENT =
            "{\"@timestamp\":\"2024-05-01T10:03:17.123Z\","
                + "\"agent\":{\"id\":\"0b3f6e8e-7c1f-4a8e-9a35-1d2f0f6f1a11\",\"type\":\"endpoint\",\"version\":\"8.13.2\"},"
                + "\"data_stream\":{\"dataset\":\"endpoint.events.file\",\"namespace\":\"default\",\"type\":\"logs\"},"
                + "\"ecs\":{\"version\":\"8.10.0\"},"
                + "\"event\":{\"action\":\"modification\",\"category\":[\"file\"],\"created\":\"2024-05-01T10:03:17.123Z\","
                + "\"dataset\":\"endpoint.events.file\",\"id\":\"NXs8Kq2mJ3Lw0Tg9++++Bq7d\",\"ingested\":\"2024-05-01T10:03:18Z\","
                + "\"kind\":\"event\",\"module\":\"endpoint\",\"type\":[\"change\"]},"
                + "\"event.outcome\":\"unknown\","
                + "\"file\":{\"extension\":\"ilog\",\"name\":\".ilog\",\"path\":\"/usr/lib/.ilog\"},"
                + "\"host\":{\"hostname\":\"web-01\",\"id\":\"5d3b2f9c8e7a4b1c9d0e1f2a3b4c5d6e\",\"name\":\"web-01\","
                + "\"os\":{\"family\":\"ubuntu\",\"name\":\"Linux\",\"type\":\"linux\",\"version\":\"22.04.4\"}},\"message\":\"Endpoint"
                + " file event\","
                + "\"process\":{\"entity_id\":\"MGIzZjZlOGUtN2MxZi00YThlLTlhMzUtMWQyZjBmNmYxYTExLTEyMzQ=\","
                + "\"executable\":\"/usr/sbin/sshd\",\"name\":\"sshd\",\"pid\":1234},"
                + "\"user\":{\"id\":\"0\",\"name\":\"root\"}}";

    private final AlertBuilder builder =
            new AlertBuilder(OpenSshRule.get(), AlertBuilder.DEFAULT_DATA_STREAM, DETECTED_AT);

    @Test
    void matchAlertCopiesTheEventAndAddsRuleAndThreat() throws Exception {
        JsonNode alert = parse(builder.build(LimitedAlert.ofMatch(defendMatch(), false)));

        assertThat(alert.get("@timestamp").asText()).isEqualTo("2024-05-01T10:07:00.000Z");
        assertThat(alert.at("/host/name").asText()).isEqualTo("web-01");
        assertThat(alert.at("/host/os/type").asText()).isEqualTo("linux");
        assertThat(alert.at("/process/executable").asText()).isEqualTo("/usr/sbin/sshd");
        assertThat(alert.at("/process/pid").asInt()).isEqualTo(1234);
        assertThat(alert.at("/file/path").asText()).isEqualTo("/usr/lib/.ilog");
        assertThat(alert.at("/user/name").asText()).isEqualTo("root");
        assertThat(alert.at("/agent/type").asText()).isEqualTo("endpoint");
        assertThat(alert.get("message").asText()).isEqualTo("Endpoint file event");

        assertThat(alert.get("rule"))
                .isEqualTo(
                        json(
                                "{\"id\":\"f28e2be4-6eca-4349-bdd9-381573730c22\","
                                    + "\"uuid\":\"f28e2be4-6eca-4349-bdd9-381573730c22\",\"name\":\"Potential"
                                    + " OpenSSH Backdoor Logging Activity\",\"description\":\""
                                        + OpenSshRule.DESCRIPTION
                                        + "\",\"version\":\"211\",\"author\":[\"Elastic\"],\"license\":\"Elastic"
                                        + " License v2\","
                                        + "\"reference\":[\"https://github.com/eset/malware-ioc/tree/master/sshdoor\","
                                        + "\"https://www.welivesecurity.com/wp-content/uploads/2021/01/ESET_Kobalos.pdf\"]}"));
        JsonNode expectedThreat =
                json(
                        "[{\"framework\":\"MITRE"
                            + " ATT&CK\",\"tactic\":{\"id\":\"TA0006\",\"name\":\"Credential"
                            + " Access\","
                            + "\"reference\":\"https://attack.mitre.org/tactics/TA0006/\"},\"technique\":[{\"id\":\"T1556\",\"name\":\"Modify"
                            + " Authentication Process\","
                            + "\"reference\":\"https://attack.mitre.org/techniques/T1556/\"}]},{\"framework\":\"MITRE"
                            + " ATT&CK\",\"tactic\":{\"id\":\"TA0003\",\"name\":\"Persistence\","
                            + "\"reference\":\"https://attack.mitre.org/tactics/TA0003/\"},\"technique\":[{\"id\":\"T1554\",\"name\":\"Compromise"
                            + " Host Software Binary\","
                            + "\"reference\":\"https://attack.mitre.org/techniques/T1554/\"}]}]");
        assertThat(alert.get("threat")).isEqualTo(expectedThreat);
        assertThat(alert.get("kibana.alert.rule.threat")).isEqualTo(expectedThreat);
    }

    @Test
    void matchAlertCarriesKibanaAlertFieldsAsFlatKeys() throws Exception {
        Document doc = builder.build(LimitedAlert.ofMatch(defendMatch(), false));
        JsonNode alert = parse(doc);

        assertThat(alert.has("kibana")).as("kibana.alert.* keys are flat").isFalse();
        assertThat(alert.get("kibana.alert.uuid").asText()).isEqualTo(doc.id).hasSize(64);
        assertThat(alert.get("kibana.alert.rule.rule_id").asText()).isEqualTo(OpenSshRule.RULE_ID);
        assertThat(alert.get("kibana.alert.rule.uuid").asText()).isEqualTo(OpenSshRule.RULE_ID);
        assertThat(alert.get("kibana.alert.rule.name").asText()).isEqualTo(OpenSshRule.NAME);
        assertThat(alert.get("kibana.alert.rule.description").asText())
                .isEqualTo(OpenSshRule.DESCRIPTION);
        assertThat(alert.get("kibana.alert.rule.version").asInt()).isEqualTo(211);
        assertThat(alert.get("kibana.alert.rule.risk_score").asInt()).isEqualTo(21);
        assertThat(alert.get("kibana.alert.rule.severity").asText()).isEqualTo("low");
        assertThat(alert.get("kibana.alert.rule.tags"))
                .isEqualTo(json("[\"Domain: Endpoint\",\"OS: Linux\",\"Tactic: Persistence\"]"));
        assertThat(alert.get("kibana.alert.severity").asText()).isEqualTo("low");
        assertThat(alert.get("kibana.alert.risk_score").asInt()).isEqualTo(21);
        assertThat(alert.get("kibana.alert.workflow_status").asText()).isEqualTo("open");
        assertThat(alert.get("kibana.alert.depth").asInt()).isEqualTo(1);
        assertThat(alert.get("kibana.alert.ancestors"))
                .isEqualTo(
                        json(
                                "[{\"id\":\"events[3]@1042\",\"type\":\"event\",\"index\":\"events\",\"depth\":0}]"));
        assertThat(alert.get("threatstream"))
                .isEqualTo(
                        json(
                                "{\"source\":{\"type\":\"kafka\",\"topic\":\"events\",\"partition\":3,\"offset\":1042,"
                                    + "\"timestamp\":\"2024-05-01T10:03:18.500Z\"},\"late\":false}"));
        assertThat(alert.get("data_stream"))
                .as("the alert's own data stream, not the event's")
                .isEqualTo(
                        json(
                                "{\"type\":\"logs\",\"dataset\":\"threatstream.alerts\",\"namespace\":\"default\"}"));
    }

    @Test
    void eventTimestampAndEventFieldsMoveToKibanaOriginalFields() throws Exception {
        JsonNode alert = parse(builder.build(LimitedAlert.ofMatch(defendMatch(), false)));

        assertThat(alert.get("kibana.alert.original_time").asText())
                .isEqualTo("2024-05-01T10:03:17.123Z");
        assertThat(alert.get("kibana.alert.original_event.kind").asText()).isEqualTo("event");
        assertThat(alert.get("kibana.alert.original_event.action").asText())
                .isEqualTo("modification");
        assertThat(alert.get("kibana.alert.original_event.category")).isEqualTo(json("[\"file\"]"));
        assertThat(alert.get("kibana.alert.original_event.type")).isEqualTo(json("[\"change\"]"));
        assertThat(alert.get("kibana.alert.original_event.ingested").asText())
                .isEqualTo("2024-05-01T10:03:18Z");
        assertThat(alert.get("kibana.alert.original_event.id").asText())
                .isEqualTo("NXs8Kq2mJ3Lw0Tg9++++Bq7d");
        assertThat(alert.get("kibana.alert.original_event.outcome").asText())
                .as("dotted event.* keys are original event fields too")
                .isEqualTo("unknown");

        JsonNode event = alert.get("event");
        assertThat(event.get("kind").asText()).isEqualTo("alert");
        assertThat(event.get("category")).isEqualTo(json("[\"file\"]"));
        assertThat(event.get("action").asText()).isEqualTo("modification");
        assertThat(event.get("outcome").asText()).isEqualTo("unknown");
        assertThat(alert.has("event.outcome")).isFalse();
    }

    @Test
    void reasonReadsLikeElastics() throws Exception {
        JsonNode alert = parse(builder.build(LimitedAlert.ofMatch(defendMatch(), false)));

        assertThat(alert.get("kibana.alert.reason").asText())
                .isEqualTo(
                        "file event with process sshd, file .ilog, by root on web-01 created low"
                                + " alert Potential OpenSSH Backdoor Logging Activity.");
    }

    @Test
    void reasonLeavesOutMissingFields() throws Exception {
        String name = " created low alert " + OpenSshRule.NAME + ".";
        assertThat(reasonOf("{}")).isEqualTo("event" + name);
        assertThat(reasonOf("{\"host\":{\"name\":\"web-01\"}}"))
                .isEqualTo("event on web-01" + name);
        assertThat(
                        reasonOf(
                                "{\"event.category\":\"file\",\"file.name\":\".ilog\",\"user\":{\"name\":\"-\"}}"))
                .isEqualTo("file event with file .ilog," + name);
        assertThat(
                        reasonOf(
                                "{\"event\":{\"category\":[\"file\",\"process\"]},\"user\":{\"name\":\"root\"}}"))
                .isEqualTo("file, process event by root" + name);
        assertThat(
                        reasonOf(
                                "{\"process\":{\"name\":\"ssh\",\"parent\":{\"name\":\"bash\"}},"
                                    + "\"source\":{\"ip\":\"10.0.0.1\",\"port\":22},\"destination.ip\":\"10.0.0.2\","
                                    + "\"host\":{\"name\":null}}"))
                .isEqualTo(
                        "event with process ssh, parent process bash, source 10.0.0.1:22,"
                                + " destination 10.0.0.2,"
                                + name);
    }

    @Test
    void alertIdIsDeterministicPerRuleAndEventBytes() throws Exception {
        Match match = defendMatch();
        AlertBuilder other =
                new AlertBuilder(
                        OpenSshRule.get(), null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        String id = builder.buildMatchAlert(match, false).id;

        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(other.buildMatchAlert(match, true).id)
                .as("another builder, clock, late flag")
                .isEqualTo(id);
        Match fromFile = defendMatch();
        fromFile.source = SourceCoordinates.file("/data/export.ndjson", 7);
        assertThat(builder.buildMatchAlert(fromFile, false).id)
                .as("another source, same bytes")
                .isEqualTo(id);
        assertThat(new AlertBuilder(OpenSshRule.version(216)).buildMatchAlert(match, false).id)
                .as("a rule update does not duplicate alerts")
                .isEqualTo(id);

        Match changed = defendMatch();
        changed.event = DEFEND_FILE_EVENT.replace("1234", "1235").getBytes(StandardCharsets.UTF_8);
        assertThat(builder.buildMatchAlert(changed, false).id).isNotEqualTo(id);
        assertThat(AlertIds.forMatch("another-rule", match.event)).isNotEqualTo(id);
    }

    @Test
    void lateMatchesAreFlagged() throws Exception {
        JsonNode alert = parse(builder.build(LimitedAlert.ofMatch(defendMatch(), true)));
        assertThat(alert.at("/threatstream/late").asBoolean()).isTrue();
    }

    @Test
    void fileSourceCoordinatesNamePathAndLine() throws Exception {
        Match match = defendMatch();
        match.source = SourceCoordinates.file("/data/export.ndjson", 7);
        JsonNode alert = parse(builder.buildMatchAlert(match, false));

        assertThat(alert.at("/threatstream/source"))
                .isEqualTo(json("{\"type\":\"file\",\"path\":\"/data/export.ndjson\",\"line\":7}"));
        assertThat(alert.get("kibana.alert.ancestors").get(0).get("id").asText())
                .isEqualTo("/data/export.ndjson:7");
    }

    @Test
    void fieldsTheAlertOwnsAreNotTakenFromTheEvent() throws Exception {
        Match match =
                match(
                        "{\"rule\":{\"name\":\"ids rule\"},\"kibana.alert.severity\":\"critical\","
                            + "\"threatstream\":{\"late\":true},\"data_stream.dataset\":\"x\",\"@timestamp.x\":1,\"event\":\"not"
                            + " an object\",\"labels\":{\"team\":\"blue\"}}");
        JsonNode alert = parse(builder.buildMatchAlert(match, false));

        assertThat(alert.at("/rule/name").asText()).isEqualTo(OpenSshRule.NAME);
        assertThat(alert.get("kibana.alert.severity").asText()).isEqualTo("low");
        assertThat(alert.at("/threatstream/late").asBoolean()).isFalse();
        assertThat(alert.has("data_stream.dataset")).isFalse();
        assertThat(alert.has("@timestamp.x")).isFalse();
        assertThat(alert.get("event")).isEqualTo(json("{\"kind\":\"alert\"}"));
        assertThat(alert.has("kibana.alert.original_event")).isFalse();
        assertThat(alert.has("kibana.alert.original_time")).isFalse();
        assertThat(alert.at("/labels/team").asText()).isEqualTo("blue");
    }

    @Test
    void withoutDataStreamNoDataStreamFieldsAreWritten() throws Exception {
        JsonNode alert =
                parse(new AlertBuilder(OpenSshRule.get()).buildMatchAlert(defendMatch(), false));
        assertThat(alert.has("data_stream")).isFalse();
        assertThat(alert.at("/host/name").asText()).isEqualTo("web-01");
    }

    @Test
    void numbersAreCopiedExactly() throws Exception {
        Document doc =
                builder.buildMatchAlert(
                        match("{\"x\":1.10,\"big\":123456789012345678901234567890}"), false);
        String json = new String(doc.json, StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"x\":1.10,")
                .contains("\"big\":123456789012345678901234567890,");
    }

    @Test
    void summaryDocumentReportsTheSuppressedCount() throws Exception {
        long start = Instant.parse("2024-05-01T10:00:00Z").toEpochMilli();
        long end = Instant.parse("2024-05-01T10:05:00Z").toEpochMilli();
        Document doc =
                builder.build(
                        LimitedAlert.ofSummary(
                                new SuppressionSummary("web-01", "host.name", start, end, 150)));
        JsonNode summary = parse(doc);

        assertThat(doc.id)
                .matches("[0-9a-f]{64}")
                .isEqualTo(AlertIds.forSummary(OpenSshRule.RULE_ID, "web-01", start));
        assertThat(summary.get("kibana.alert.uuid").asText()).isEqualTo(doc.id);
        assertThat(summary.get("@timestamp").asText()).isEqualTo("2024-05-01T10:07:00.000Z");
        assertThat(summary.get("event")).isEqualTo(json("{\"kind\":\"alert\"}"));
        assertThat(summary.get("host")).isEqualTo(json("{\"name\":\"web-01\"}"));
        assertThat(summary.get("kibana.alert.suppression.terms"))
                .isEqualTo(json("[{\"field\":\"host.name\",\"value\":[\"web-01\"]}]"));
        assertThat(summary.get("kibana.alert.suppression.start").asText())
                .isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(summary.get("kibana.alert.suppression.end").asText())
                .isEqualTo("2024-05-01T10:05:00.000Z");
        assertThat(summary.get("kibana.alert.suppression.docs_count").asLong()).isEqualTo(150);
        assertThat(summary.get("kibana.alert.reason").asText())
                .isEqualTo(
                        "150 further alerts of Potential OpenSSH Backdoor Logging Activity"
                                + " suppressed for host web-01 between 2024-05-01T10:00:00.000Z and"
                                + " 2024-05-01T10:05:00.000Z.");
        assertThat(summary.get("kibana.alert.rule.rule_id").asText())
                .isEqualTo(OpenSshRule.RULE_ID);
        assertThat(summary.get("kibana.alert.rule.name").asText()).isEqualTo(OpenSshRule.NAME);
        assertThat(summary.get("kibana.alert.severity").asText()).isEqualTo("low");
        assertThat(summary.get("kibana.alert.workflow_status").asText()).isEqualTo("open");
        assertThat(summary.at("/rule/id").asText()).isEqualTo(OpenSshRule.RULE_ID);
        assertThat(summary.get("threat")).hasSize(2);
        assertThat(summary.has("kibana.alert.ancestors")).isFalse();
    }

    @Test
    void summaryIdDependsOnHostAndWindowOnly() throws Exception {
        SuppressionSummary summary = new SuppressionSummary("web-01", null, 0, 300_000, 1);
        String id = builder.buildSummary(summary).id;

        assertThat(
                        new AlertBuilder(OpenSshRule.get())
                                .buildSummary(
                                        new SuppressionSummary(
                                                "web-01", "host.name", 0, 300_000, 9))
                                .id)
                .isEqualTo(id);
        assertThat(builder.buildSummary(new SuppressionSummary("web-02", null, 0, 300_000, 1)).id)
                .isNotEqualTo(id);
        assertThat(
                        builder.buildSummary(
                                        new SuppressionSummary("web-01", null, 300_000, 600_000, 1))
                                .id)
                .isNotEqualTo(id);
        assertThat(id).isNotEqualTo(AlertIds.forMatch(OpenSshRule.RULE_ID, new byte[0]));
    }

    @Test
    void summaryWithoutKeyFieldUsesHostIdAndSingularReason() throws Exception {
        JsonNode summary =
                parse(
                        builder.buildSummary(
                                new SuppressionSummary("5d3b2f9c", null, 0, 300_000, 1)));

        assertThat(summary.get("host")).isEqualTo(json("{\"id\":\"5d3b2f9c\"}"));
        assertThat(summary.at("/kibana.alert.suppression.terms/0/field").asText())
                .isEqualTo("host.id");
        assertThat(summary.get("kibana.alert.reason").asText())
                .startsWith("1 further alert of Potential");
    }

    @Test
    void subtechniquesAreNestedUnderTheirTechnique() throws Exception {
        RuleMetadata.Ref sub =
                new RuleMetadata.Ref(
                        "T1556.003",
                        "Pluggable Authentication Modules",
                        "https://attack.mitre.org/techniques/T1556/003/");
        RuleMetadata base = OpenSshRule.get();
        RuleMetadata rule =
                new RuleMetadata(
                        base.ruleId(),
                        base.name(),
                        null,
                        1,
                        47,
                        "medium",
                        null,
                        null,
                        100,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        List.of(
                                new RuleMetadata.Threat(
                                        "MITRE ATT&CK",
                                        new RuleMetadata.Ref("TA0006", "Credential Access", null),
                                        List.of(
                                                new RuleMetadata.Technique(
                                                        "T1556",
                                                        "Modify Authentication Process",
                                                        null,
                                                        List.of(sub))))));
        JsonNode alert = parse(new AlertBuilder(rule).buildMatchAlert(match("{}"), false));

        assertThat(alert.at("/threat/0/technique/0/subtechnique"))
                .isEqualTo(
                        json(
                                "[{\"id\":\"T1556.003\",\"name\":\"Pluggable Authentication"
                                    + " Modules\","
                                    + "\"reference\":\"https://attack.mitre.org/techniques/T1556/003/\"}]"));
        assertThat(alert.get("rule"))
                .isEqualTo(
                        json(
                                "{\"id\":\""
                                        + base.ruleId()
                                        + "\",\"uuid\":\""
                                        + base.ruleId()
                                        + "\",\"name\":\""
                                        + base.name()
                                        + "\",\"version\":\"1\"}"));
        assertThat(alert.has("kibana.alert.rule.tags")).isFalse();
        assertThat(alert.get("kibana.alert.severity").asText()).isEqualTo("medium");
    }

    @Test
    void badEventsAreReportedWithAReason() {
        assertThatThrownBy(() -> builder.buildMatchAlert(match("{\"a\":"), false))
                .isInstanceOf(AlertBuildException.class)
                .hasMessageStartingWith("event is not valid JSON: Unexpected end-of-input");
        assertThatThrownBy(() -> builder.buildMatchAlert(match("[1,2]"), false))
                .hasMessage("event is not a JSON object but ARRAY");
        assertThatThrownBy(() -> builder.buildMatchAlert(match("{} {}"), false))
                .hasMessageStartingWith("event is not valid JSON: Trailing token");
        assertThatThrownBy(
                        () ->
                                builder.buildMatchAlert(
                                        match("{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}"),
                                        false))
                .hasMessageStartingWith(
                        "event is not valid JSON: Document nesting depth (65) exceeds the maximum"
                                + " allowed (64");
        assertThatThrownBy(
                        () ->
                                builder.buildMatchAlert(
                                        match(" ".repeat(AlertBuilder.MAX_EVENT_BYTES + 1)), false))
                .hasMessage("event is 1048577 bytes, more than the 1048576 allowed");
        assertThatThrownBy(() -> builder.buildMatchAlert(new Match(), false))
                .hasMessage("match has no event bytes");
        assertThatThrownBy(() -> builder.build(new LimitedAlert()))
                .hasMessage("limited alert has no kind");
        assertThatThrownBy(() -> builder.buildSummary(new SuppressionSummary()))
                .hasMessage("suppression summary has no host key");
    }

    @Test
    void rejectsIncompleteRulesAndBadDataStreamNames() {
        RuleMetadata base = OpenSshRule.get();
        RuleMetadata noSeverity =
                new RuleMetadata(
                        base.ruleId(),
                        base.name(),
                        null,
                        1,
                        21,
                        " ",
                        null,
                        null,
                        100,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);
        assertThatThrownBy(() -> new AlertBuilder(noSeverity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule severity is required but was not provided");
        assertThatThrownBy(() -> new AlertBuilder(base, "alerts", DETECTED_AT))
                .hasMessage(
                        "data stream name must be <type>-<dataset>-<namespace>, was \"alerts\"");
        assertThatThrownBy(() -> new AlertBuilder(base, "logs--default", DETECTED_AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        AlertBuilder copy = InstantiationUtil.clone(builder);
        Match match = defendMatch();
        assertThat(copy.buildMatchAlert(match, false).json)
                .isEqualTo(builder.buildMatchAlert(match, false).json);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Match defendMatch() {
        long ingested = Instant.parse("2024-05-01T10:03:18Z").toEpochMilli();
        return new Match(
                "5d3b2f9c8e7a4b1c9d0e1f2a3b4c5d6e",
                "host.id",
                ingested,
                DEFEND_FILE_EVENT.getBytes(StandardCharsets.UTF_8),
                SourceCoordinates.kafka("events", 3, 1042, ingested + 500));
    }

    private static Match match(String json) {
        return new Match(
                "h",
                "host.id",
                0,
                json.getBytes(StandardCharsets.UTF_8),
                SourceCoordinates.kafka("events", 0, 1, -1));
    }

    private String reasonOf(String event) throws Exception {
        return parse(builder.buildMatchAlert(match(event), false))
                .get("kibana.alert.reason")
                .asText();
    }

    private static JsonNode parse(Document doc) throws Exception {
        return JSON.readTree(doc.json);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
