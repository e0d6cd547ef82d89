package io.threatstream.detect.config;

import io.threatstream.detect.alert.AlertBuilder;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** The options of the Kafka and Elasticsearch connectors, as the job's command line knows them. */
final class ConnectorOptions {

    private ConnectorOptions() {}

    static List<ConfigOption<?>> options() {
        return List.of();
    }

    static List<String> prefixes() {
        return List.of();
    }

    /** Checks the options of the chosen connectors; names the option on failure. */
    static void validate(Configuration options) {}

    /** The data stream alerts are written to (their {@code data_stream.*} fields name it). */
    static String alertDataStream(Configuration options) {
        return AlertBuilder.DEFAULT_DATA_STREAM;
    }
}
