package io.threatstream.detect.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    private final CommandLine cli =
            new CommandLine(
                    List.of(JobOptions.SOURCE, JobOptions.LIMIT_WINDOW, JobOptions.LIMIT_MAX_ALERTS, JobOptions.SINK_PATH),
                    List.of("source.kafka.property."));

    @Test
    void parsesTypedOptions() {
        Configuration conf =
                cli.parse(new String[] {"--source", "file", "--limit.window", "10m", "--limit.max-alerts", "7"});
        assertThat(conf.get(JobOptions.SOURCE)).isEqualTo(JobOptions.SourceKind.file);
        assertThat(conf.get(JobOptions.LIMIT_WINDOW)).isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(JobOptions.LIMIT_MAX_ALERTS)).isEqualTo(7);
    }

    @Test
    void acceptsPrefixedFamilies() {
        Configuration conf = cli.parse(new String[] {"--source.kafka.property.security.protocol", "SSL"});
        assertThat(conf.toMap()).containsEntry("source.kafka.property.security.protocol", "SSL");
    }

    @Test
    void rejectsUnknownOption() {
        assertThatThrownBy(() -> cli.parse(new String[] {"--sourc", "file"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Unknown option --sourc (see --help)");
    }

    @Test
    void rejectsMissingValue() {
        assertThatThrownBy(() -> cli.parse(new String[] {"--source"}))
                .hasMessage("Option --source needs a value");
        assertThatThrownBy(() -> cli.parse(new String[] {"--source", "--limit.window", "1m"}))
                .hasMessage("Option --source needs a value");
    }

    @Test
    void rejectsBareArguments() {
        assertThatThrownBy(() -> cli.parse(new String[] {"file"}))
                .hasMessage("Unexpected argument 'file': options are given as --key value");
    }

    @Test
    void badDurationNamesTheOption() {
        assertThatThrownBy(() -> cli.parse(new String[] {"--limit.window", "5 parsecs"}))
                .isInstanceOf(OptionsException.class)
                .hasMessageStartingWith("Invalid value '5 parsecs' for option --limit.window: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void badEnumNamesTheOptionAndChoices() {
        assertThatThrownBy(() -> cli.parse(new String[] {"--source", "ftp"}))
                .hasMessageStartingWith("Invalid value 'ftp' for option --source: ")
                .hasMessageContaining("file")
                .hasMessageContaining("kafka");
    }

    @Test
    void badIntegerNamesTheOption() {
        assertThatThrownBy(() -> cli.parse(new String[] {"--limit.max-alerts", "many"}))
                .hasMessageStartingWith("Invalid value 'many' for option --limit.max-alerts: ");
    }

    @Test
    void readsConfigFileAndCommandLineWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, "# comment\nlimit.window: 2m\nsink.path: \"/tmp/a b.ndjson\"\nlimit.max-alerts: 5\n");
        Configuration conf =
                cli.parse(new String[] {"--config", file.toString(), "--limit.max-alerts", "9"});
        assertThat(conf.get(JobOptions.LIMIT_WINDOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(conf.get(JobOptions.SINK_PATH)).isEqualTo("/tmp/a b.ndjson");
        assertThat(conf.get(JobOptions.LIMIT_MAX_ALERTS)).isEqualTo(9);
    }

    @Test
    void unknownKeyInConfigFileNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, "limit.window: 2m\nlimit.windw: 3m\n");
        assertThatThrownBy(() -> cli.parse(new String[] {"--config", file.toString()}))
                .hasMessage("Unknown option 'limit.windw' in " + file + " line 2 (see --help)");
    }

    @Test
    void helpListsEveryOptionWithDefault() {
        String help = cli.help("usage: x");
        assertThat(help)
                .contains("--source (default: generator)")
                .contains("--limit.window")
                .contains("--source.kafka.property.KEY VALUE");
    }
}
