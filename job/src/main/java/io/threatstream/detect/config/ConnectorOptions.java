package io.threatstream.detect.config;

import io.threatstream.connectors.elasticsearch.ElasticsearchSink;
import io.threatstream.connectors.elasticsearch.ElasticsearchSinkOptions;
import io.threatstream.connectors.kafka.KafkaDeadLetterOptions;
import io.threatstream.connectors.kafka.KafkaDeadLetterSink;
import io.threatstream.connectors.kafka.KafkaSourceOptions;
import io.threatstream.connectors.kafka.KafkaSources;
import io.threatstream.detect.alert.AlertBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;

/** The options of the Kafka and Elasticsearch connectors, as the job's command line knows them. */
final class ConnectorOptions {

    private ConnectorOptions() {}

    static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> all = new ArrayList<>();
        all.addAll(CommandLine.optionsDeclaredIn(KafkaSourceOptions.class));
        all.addAll(CommandLine.optionsDeclaredIn(KafkaDeadLetterOptions.class));
        all.addAll(CommandLine.optionsDeclaredIn(ElasticsearchSinkOptions.class));
        return all;
    }

    static List<String> prefixes() {
        return List.of(KafkaSourceOptions.PROPERTY_PREFIX, KafkaDeadLetterOptions.PROPERTY_PREFIX);
    }

    /**
     * Builds the chosen connectors once, so that their option errors surface before the job
     * starts; the message names the option.
     */
    static void validate(Configuration options) {
        try {
            if (options.get(JobOptions.SOURCE) == JobOptions.SourceKind.kafka) {
                KafkaSources.fromConfiguration(options);
                if (!options.getOptional(JobOptions.DEAD_LETTER_PATH).isPresent()) {
                    KafkaDeadLetterSink.fromConfiguration(options);
                }
            }
            if (options.get(JobOptions.SINK) == JobOptions.SinkKind.elasticsearch) {
                ElasticsearchSink.fromConfiguration(options);
            }
        } catch (IllegalConfigurationException | IllegalArgumentException e) {
            throw new OptionsException(e.getMessage());
        }
    }

    /** The data stream alerts are written to (their {@code data_stream.*} fields name it); null for a plain index. */
    static String alertDataStream(Configuration options) {
        if (options.get(JobOptions.SINK) != JobOptions.SinkKind.elasticsearch) {
            return AlertBuilder.DEFAULT_DATA_STREAM;
        }
        // The option takes a plain index too; its alerts carry no data_stream fields.
        String index = options.get(ElasticsearchSinkOptions.INDEX);
        return AlertBuilder.isDataStreamName(index) ? index : null;
    }
}
