package io.threatstream.benchmarks.e2e;

import io.threatstream.connectors.kafka.KafkaSources;
import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.Document;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.event.ExtractedFields;
import io.threatstream.detect.event.FieldExtractor;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.limit.AlertLimiter;
import io.threatstream.detect.limit.LimitedAlert;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.pipeline.AlertFunction;
import io.threatstream.detect.pipeline.DetectFunction;
import io.threatstream.detect.pipeline.DetectionPipeline;
import io.threatstream.detect.pipeline.HostKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The detection dataflow in the orders the shuffle part compares, each from the Kafka source to
 * discarding sinks (alerts and dead letters), with the job's own operators:
 *
 * <ul>
 *   <li>{@link Variant#RULE_FIRST}, the job's order ({@link DetectionPipeline}): source → Detect →
 *       keyBy(host) → Limit → Alert. Only matches cross the shuffle.
 *   <li>{@link Variant#KEY_FIRST}, the card's literal order: source → read the host key → keyBy(host)
 *       → Detect → Limit → Alert. Every event crosses the shuffle, with its host key; the host is
 *       read with the job's byte-level field reader (the cheapest honest "parse"), and the limiter
 *       runs in the same keyed partition (no second shuffle).
 *   <li>{@link Variant#REBALANCE_FIRST}: the job's order behind a round-robin shuffle of every raw
 *       event, without reading a host: the cost of moving the events alone.
 *   <li>{@link Variant#SOURCE_ONLY}: the Kafka source alone, its records discarded: what Flink's
 *       Kafka source costs before any work of ours, the floor under the job's drain.
 *   <li>{@link Variant#SOURCE_READ}: the source and a chained filter that reads every byte of every
 *       record once, eight at a time, and drops it: the floor under any detector, which must read
 *       the bytes on the task thread after the source's fetcher thread copied them.
 * </ul>
 *
 * Benchmark-only: the job has no option for them.
 */
final class ShuffleTopologies {

    enum Variant {
        RULE_FIRST,
        KEY_FIRST,
        REBALANCE_FIRST,
        SOURCE_ONLY,
        SOURCE_READ;

        /** Whether the variant runs Detect; the source floors do not, and count the source's records instead. */
        boolean runsDetect() {
            return this != SOURCE_ONLY && this != SOURCE_READ;
        }

        /** The name on the command line: {@code rule-first} etc. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Variant of(String label) {
            for (Variant v : values()) {
                if (v.label().equals(label)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown variant '" + label + "'");
        }
    }

    /** The Kafka source's name, which its operator's metrics carry. */
    static final String SOURCE_NAME = "Events: Kafka";

    private ShuffleTopologies() {}

    /** Adds {@code variant} reading the Kafka source of {@code setup} to {@code env}. */
    static void build(Variant variant, StreamExecutionEnvironment env, JobSetup setup) {
        DataStream<RawRecord> records =
                env.fromSource(KafkaSources.fromConfiguration(setup.options()), WatermarkStrategy.noWatermarks(), SOURCE_NAME)
                        .uid("source-kafka");
        if (!variant.runsDetect()) {
            DataStream<RawRecord> kept = variant == Variant.SOURCE_ONLY
                    ? records
                    : records.filter(new ReadEveryByte()).uid("read-every-byte").name("Read every byte");
            kept.sinkTo(new DiscardingSink<>()).name("Events: discarded").uid("sink-events");
            return;
        }
        DetectionPipeline.Outputs outputs;
        switch (variant) {
            case RULE_FIRST:
                outputs = DetectionPipeline.build(records, setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
                break;
            case REBALANCE_FIRST:
                outputs =
                        DetectionPipeline.build(
                                records.rebalance(), setup.rule(), setup.alertBuilder(), setup.pipelineSettings());
                break;
            case KEY_FIRST:
                outputs = keyFirst(records, setup);
                break;
            default:
                throw new IllegalStateException("unknown variant " + variant);
        }
        outputs.alerts().sinkTo(new DiscardingSink<>()).name("Alerts: discarded").uid("sink-alerts");
        outputs.deadLetters().sinkTo(new DiscardingSink<>()).name("Dead letters: discarded").uid("sink-dead-letters");
    }

    private static DetectionPipeline.Outputs keyFirst(DataStream<RawRecord> records, JobSetup setup) {
        DetectionPipeline.Settings settings = setup.pipelineSettings();
        SingleOutputStreamOperator<Match> matches =
                records.map(new ReadHostKey(settings.parserLimits()))
                        .returns(Types.TUPLE(Types.STRING, TypeInformation.of(RawRecord.class)))
                        .uid("read-host-key")
                        .name("Read host key")
                        .keyBy(keyed -> keyed.f0)
                        .map(keyed -> keyed.f1)
                        .returns(TypeInformation.of(RawRecord.class))
                        .uid("unwrap")
                        .name("Unwrap")
                        .process(new DetectFunction(setup.rule(), settings.parserLimits(), settings.prefilter()))
                        .uid(DetectionPipeline.DETECT_UID)
                        .name("Detect");
        DataStream<Match> timed =
                matches.assignTimestampsAndWatermarks(DetectionPipeline.eventTime(settings))
                        .uid(DetectionPipeline.EVENT_TIME_UID)
                        .name("Event time");
        // Already partitioned by host: the limiter's key is the one the records were shuffled by.
        DataStream<LimitedAlert> limited =
                DataStreamUtils.reinterpretAsKeyedStream(timed, match -> match.hostKey, Types.STRING)
                        .process(new AlertLimiter(settings.limiter()))
                        .uid(DetectionPipeline.LIMIT_UID)
                        .name("Limit alerts per host");
        SingleOutputStreamOperator<Document> alerts =
                limited.process(new AlertFunction(setup.alertBuilder())).uid(DetectionPipeline.ALERT_UID).name("Alert document");
        DataStream<DeadLetter> deadLetters =
                matches.getSideOutput(DetectFunction.DEAD_LETTERS).union(alerts.getSideOutput(DetectFunction.DEAD_LETTERS));
        return new DetectionPipeline.Outputs(alerts, deadLetters);
    }

    /**
     * The host key of a raw record as {@link HostKey} defines it ({@code host.id}, else {@code
     * host.name}, else {@code host.hostname}), read from the bytes; unreadable records get the
     * unknown key and are dead-lettered by Detect after the shuffle.
     */
    static final class ReadHostKey extends RichMapFunction<RawRecord, Tuple2<String, RawRecord>> {
        private static final long serialVersionUID = 1L;
        private static final List<String> FIELDS = List.of("host.id", "host.name", "host.hostname");

        private final ParserLimits limits;
        private transient FieldExtractor extractor;
        private transient ExtractedFields fields;

        ReadHostKey(ParserLimits limits) {
            this.limits = limits;
        }

        @Override
        public void open(OpenContext openContext) {
            extractor = new FieldExtractor(FIELDS, limits);
            fields = extractor.newFields();
        }

        @Override
        public Tuple2<String, RawRecord> map(RawRecord record) {
            String key = HostKey.UNKNOWN;
            if (record.value != null && extractor.extract(record.value, fields) == null) {
                for (int slot = 0; slot < FIELDS.size(); slot++) {
                    if (fields.valueCount(slot) > 0 && !fields.value(slot, 0).isEmpty()) {
                        key = fields.value(slot, 0);
                        break;
                    }
                }
            }
            return Tuple2.of(key, record);
        }
    }

    /** Reads every byte of a record (as {@code long} words, then the tail) and keeps none. */
    static final class ReadEveryByte implements FilterFunction<RawRecord> {
        private static final long serialVersionUID = 1L;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        /** Folded into by every record, so that the JIT cannot drop the reads. */
        private long sink;

        @Override
        public boolean filter(RawRecord record) {
            byte[] bytes = record.value;
            long sum = 0;
            int i = 0;
            for (; i + 8 <= bytes.length; i += 8) {
                sum += (long) LONGS.get(bytes, i);
            }
            for (; i < bytes.length; i++) {
                sum += bytes[i];
            }
            sink ^= sum;
            return sink == Long.MIN_VALUE; // practically never
        }
    }
}
