package io.threatstream.detect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.connectors.record.Document;
import io.threatstream.connectors.record.SourceCoordinates;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.pipeline.Detector;
import io.threatstream.detect.rule.RuleLoadException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that must fail before the job starts, with a one-line message naming the problem. */
class JobSetupTest {

    @TempDir Path dir;

    @Test
    void defaultsComeFromTheRule() {
        JobSetup setup = JobSetup.fromArgs(new String[0]);
        assertThat(setup.rule().metadata().version()).isEqualTo(211);
        assertThat(setup.pipelineSettings().limiter().maxAlertsPerWindow()).isEqualTo(100);
        assertThat(setup.pipelineSettings().limiter().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(setup.pipelineSettings().outOfOrderness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(setup.pipelineSettings().idleness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(setup.pipelineSettings().prefilter()).isEqualTo(Detector.Prefilter.VALIDATING);
        assertThat(setup.jobName()).isEqualTo("Detect: Potential OpenSSH Backdoor Logging Activity (v211)");
    }

    @Test
    void optionsOverrideTheRule() {
        JobSetup setup = JobSetup.fromArgs(new String[] {"--limit.max-alerts", "3", "--limit.window", "10m"});
        assertThat(setup.pipelineSettings().limiter().maxAlertsPerWindow()).isEqualTo(3);
        assertThat(setup.pipelineSettings().limiter().window()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void recordsThatCannotMatchMayGoUnchecked() {
        JobSetup setup = JobSetup.fromArgs(new String[] {"--parser.validate-non-candidates", "false"});
        assertThat(setup.pipelineSettings().prefilter()).isEqualTo(Detector.Prefilter.TRUSTING);
    }

    @Test
    void aPlainAlertIndexIsTakenAndItsAlertsNameNoDataStream() throws Exception {
        String event = "{\"@timestamp\":\"2024-05-01T10:03:17Z\",\"host\":{\"id\":\"h\"},\"event\":{\"category\":\"file\"}}";
        Match match = new Match("h", "host.id", 0, event.getBytes(StandardCharsets.UTF_8), SourceCoordinates.kafka("events", 0, 1, -1));

        Document plain = JobSetup.fromArgs(new String[] {"--sink", "elasticsearch", "--sink.elasticsearch.hosts", "http://localhost:9200", "--sink.elasticsearch.index", "alerts"})
                .alertBuilder()
                .buildMatchAlert(match, false);
        assertThat(new String(plain.json, StandardCharsets.UTF_8)).doesNotContain("data_stream");

        Document stream = JobSetup.fromArgs(new String[] {"--sink", "elasticsearch", "--sink.elasticsearch.hosts", "http://localhost:9200", "--sink.elasticsearch.index", "logs-alerts-prod"})
                .alertBuilder()
                .buildMatchAlert(match, false);
        assertThat(new String(stream.json, StandardCharsets.UTF_8)).contains("\"dataset\":\"alerts\"");
    }

    @Test
    void unknownOption() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--sink.pth", "x"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Unknown option --sink.pth (see --help)");
    }

    @Test
    void badDuration() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--checkpoint.interval", "often"}))
                .isInstanceOf(OptionsException.class)
                .hasMessageStartingWith("Invalid value 'often' for option --checkpoint.interval: ");
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--checkpoint.interval", "0s"}))
                .hasMessage("Option --checkpoint.interval must be positive");
    }

    @Test
    void badLimit() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--limit.max-alerts", "0"}))
                .hasMessage("Option --limit.max-alerts must be at least 1, not 0");
    }

    @Test
    void unreadableSource() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--source", "file", "--source.path", "/no/such.ndjson"}))
                .hasMessage("Option --source.path: cannot read /no/such.ndjson");
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--source", "file"}))
                .hasMessage("Option --source.path is required with --source file");
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--sink", "file"}))
                .hasMessage("Option --sink.path is required with --sink file");
    }

    @Test
    void badRuleNamesFileAndPosition() throws Exception {
        Path rule = dir.resolve("rule.toml");
        Files.writeString(
                rule,
                "[rule]\nrule_id = \"r\"\nname = \"n\"\ntype = \"eql\"\nrisk_score = 1\nseverity = \"low\"\n"
                        + "query = '''\nfile where\n  file.name : 'x'\n'''\n");
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--rule", rule.toString()}))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageStartingWith(rule + ": line 9:15: ")
                .hasMessageContaining("double quotes");
    }

    @Test
    void missingRuleFile() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--rule", "/no/rule.toml"}))
                .isInstanceOf(RuleLoadException.class)
                .hasMessage("Option --rule: cannot read /no/rule.toml (NoSuchFileException)");
    }

    @Test
    void badGeneratorRatios() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--generator.match-ratio", "0.5"}))
                .hasMessage("Option --generator.match-ratio must be between 0 and --generator.ssh-ratio (0.001)");
    }

    @Test
    void kafkaNeedsItsServers() {
        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {"--source", "kafka"}))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("source.kafka.bootstrap-servers");
    }

    @Test
    void anElasticsearchSecretThatCannotBeReadFailsBeforeTheStartNamingItsOption() throws Exception {
        Path blank = Files.writeString(dir.resolve("password"), "\n");

        assertThatThrownBy(() -> JobSetup.fromArgs(new String[] {
                    "--sink", "elasticsearch", "--sink.elasticsearch.hosts", "https://localhost:9200",
                    "--sink.elasticsearch.username", "threatstream_writer",
                    "--sink.elasticsearch.password-file", blank.toString()}))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("The secret file " + blank + " (option sink.elasticsearch.password-file) is empty.");
    }
}
