package io.threatstream.detect.pipeline;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.Document;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.alert.AlertBuilder;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.limit.AlertLimiterOperator;
import io.threatstream.detect.limit.LimitedAlert;
import io.threatstream.detect.limit.LimiterSettings;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.rule.CompiledRule;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The detection dataflow between a source of raw records and the sinks:
 *
 * <pre>
 * records → Detect (rule; dead letters to a side output) → event time → keyBy(host) → Limit → Alert
 * </pre>
 *
 * <p>The rule runs before {@code keyBy} so that only matches, about one event in a thousand or
 * fewer, are serialized and shuffled; the limiter is still per host. Watermarks are generated from
 * the matches' own event times, which keeps timestamp parsing off the no-match path; a window whose
 * watermark never comes (no further matches) is closed by the limiter's processing-time safety
 * timer.
 *
 * <p>Sources and sinks are the caller's: {@code main} wires the real ones, tests their own.
 */
public final class DetectionPipeline {

    /** Stable operator ids: savepoints map state to them, so never change one. */
    public static final String DETECT_UID = "detect";
    public static final String EVENT_TIME_UID = "event-time";
    public static final String LIMIT_UID = "limit-alerts-per-host";
    public static final String ALERT_UID = "alert-document";

    private DetectionPipeline() {}

    /** How the pipeline treats records and time. */
    public record Settings(
            ParserLimits parserLimits,
            LimiterSettings limiter,
            Duration outOfOrderness,
            Duration idleness,
            Detector.Prefilter prefilter) {

        /** Settings with the default {@link Detector.Prefilter#VALIDATING} fast path. */
        public Settings(
                ParserLimits parserLimits, LimiterSettings limiter, Duration outOfOrderness, Duration idleness) {
            this(parserLimits, limiter, outOfOrderness, idleness, Detector.Prefilter.VALIDATING);
        }
    }

    /** The pipeline's two outputs: alert documents and rejected records. */
    public record Outputs(DataStream<Document> alerts, DataStream<DeadLetter> deadLetters) {}

    /**
     * Event time from the matches only (their {@code eventTime}): parsing a timestamp is kept off
     * the no-match path, and a quiet stream goes idle instead of holding the watermark back.
     */
    public static WatermarkStrategy<Match> eventTime(Settings settings) {
        return WatermarkStrategy.<Match>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withIdleness(settings.idleness())
                .withTimestampAssigner((match, ignored) -> match.eventTime);
    }

    public static Outputs build(
            DataStream<RawRecord> records, CompiledRule rule, AlertBuilder alertBuilder, Settings settings) {
        SingleOutputStreamOperator<Match> matches =
                records.process(new DetectFunction(rule, settings.parserLimits(), settings.prefilter()))
                        .uid(DETECT_UID)
                        .name("Detect");

        DataStream<Match> timed =
                matches.assignTimestampsAndWatermarks(eventTime(settings))
                        .uid(EVENT_TIME_UID)
                        .name("Event time");

        DataStream<LimitedAlert> limited =
                timed.keyBy(match -> match.hostKey)
                        .transform(
                                "Limit alerts per host",
                                TypeInformation.of(LimitedAlert.class),
                                new AlertLimiterOperator(settings.limiter()))
                        .uid(LIMIT_UID);

        SingleOutputStreamOperator<Document> alerts =
                limited.process(new AlertFunction(alertBuilder)).uid(ALERT_UID).name("Alert document");

        DataStream<DeadLetter> deadLetters =
                matches.getSideOutput(DetectFunction.DEAD_LETTERS)
                        .union(alerts.getSideOutput(DetectFunction.DEAD_LETTERS));
        return new Outputs(alerts, deadLetters);
    }
}
