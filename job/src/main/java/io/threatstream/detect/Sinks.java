package io.threatstream.detect;

import io.threatstream.connectors.elasticsearch.ElasticsearchSink;
import io.threatstream.connectors.file.LineEncoder;
import io.threatstream.connectors.file.LineSinks;
import io.threatstream.connectors.file.NdjsonFileSink;
import io.threatstream.connectors.file.StdoutSink;
import io.threatstream.connectors.kafka.KafkaDeadLetterSink;
import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.detect.config.JobOptions;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.pipeline.DetectionPipeline;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/** Attaches the configured sinks for alerts and dead letters. */
final class Sinks {

    static final String ALERTS_UID = "sink-alerts";
    static final String DEAD_LETTERS_UID = "sink-dead-letters";

    private Sinks() {}

    static void attach(DetectionPipeline.Outputs outputs, JobSetup setup) {
        Configuration o = setup.options();
        switch (o.get(JobOptions.SINK)) {
            case file:
                LineSinks.writeTo(
                        outputs.alerts(),
                        NdjsonFileSink.of(Path.of(o.get(JobOptions.SINK_PATH)), LineEncoder.documents()),
                        "Alerts: NDJSON file",
                        ALERTS_UID);
                break;
            case stdout:
                LineSinks.writeTo(
                        outputs.alerts(), new StdoutSink<>(LineEncoder.documents()), "Alerts: stdout", ALERTS_UID);
                break;
            case elasticsearch:
                outputs.alerts()
                        .sinkTo(ElasticsearchSink.fromConfiguration(o))
                        .name("Alerts: Elasticsearch")
                        .uid(ALERTS_UID);
                break;
            default:
                throw new IllegalStateException("unknown sink " + o.get(JobOptions.SINK));
        }
        attachDeadLetters(outputs, o);
    }

    private static void attachDeadLetters(DetectionPipeline.Outputs outputs, Configuration o) {
        if (o.getOptional(JobOptions.DEAD_LETTER_PATH).isPresent()) {
            LineSinks.writeTo(
                    outputs.deadLetters(),
                    NdjsonFileSink.of(Path.of(o.get(JobOptions.DEAD_LETTER_PATH)), LineEncoder.<DeadLetter>deadLetters()),
                    "Dead letters: NDJSON file",
                    DEAD_LETTERS_UID);
        } else if (o.get(JobOptions.SOURCE) == JobOptions.SourceKind.kafka) {
            outputs.deadLetters()
                    .sinkTo(KafkaDeadLetterSink.fromConfiguration(o))
                    .name("Dead letters: Kafka topic")
                    .uid(DEAD_LETTERS_UID);
        } else {
            LineSinks.writeTo(
                    outputs.deadLetters(),
                    StdoutSink.toStandardError(LineEncoder.deadLetters()),
                    "Dead letters: stderr",
                    DEAD_LETTERS_UID);
        }
    }

}
