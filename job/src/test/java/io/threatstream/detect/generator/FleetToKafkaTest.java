package io.threatstream.detect.generator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.threatstream.detect.config.OptionsException;
import org.junit.jupiter.api.Test;

class FleetToKafkaTest {

    @Test
    void requiresATopic() {
        assertThatThrownBy(() -> FleetToKafka.fromArgs(new String[] {"--bootstrap-servers", "localhost:9092"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Option --topic is required");
    }

    @Test
    void rejectsANegativeRateAndAnImpossibleFleet() {
        assertThatThrownBy(() -> FleetToKafka.fromArgs(new String[] {"--topic", "t", "--generator.rate", "-1"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Options --generator.rate and --generator.count must not be negative");
        assertThatThrownBy(
                        () -> FleetToKafka.fromArgs(
                                new String[] {"--topic", "t", "--generator.match-ratio", "0.5", "--generator.ssh-ratio", "0.1"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Options --generator.*: need 0 <= match ratio <= ssh ratio <= 1");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> FleetToKafka.fromArgs(new String[] {"--topic", "t", "--source", "kafka"}))
                .isInstanceOf(OptionsException.class)
                .hasMessage("Unknown option --source (see --help)");
    }
}
