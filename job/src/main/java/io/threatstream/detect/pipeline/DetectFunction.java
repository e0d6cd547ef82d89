package io.threatstream.detect.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.event.EventDocumentParser;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.event.RecordRejectedException;
import io.threatstream.detect.model.Match;
import io.threatstream.detect.rule.CompiledRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detect step: evaluates the rule on each raw record, drops non-matches, and sends records it
 * cannot read to {@link #DEAD_LETTERS} with the reason and their source coordinates. Stateless and
 * chained to the source, so only matches cross the network to the limiter.
 *
 * <p>A match's document is parsed in full once here (the rule only read a few fields) to find its
 * host key and event time.
 *
 * <p>Metrics: {@value #EVENTS_IN}, {@value #PREFILTERED} (non-matches decided by the fast path
 * without reading fields, see {@link Detector}), {@value #MALFORMED} (records that are not a readable event),
 * {@value #DEAD_LETTERED} (all records sent to the dead-letter output), {@value #MATCHED}, {@value #EXCEPTED},
 * {@value #UNKNOWN_HOST}, and per exception {@code exception.<name>}.
 */
public class DetectFunction extends ProcessFunction<RawRecord, Match> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DetectFunction.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    public static final String EVENTS_IN = "eventsIn";
    public static final String PREFILTERED = "prefiltered";
    public static final String MALFORMED = "malformed";
    public static final String DEAD_LETTERED = "deadLettered";
    public static final String MATCHED = "matched";
    public static final String EXCEPTED = "excepted";
    public static final String UNKNOWN_HOST = "unknownHost";

    private final CompiledRule rule;
    private final ParserLimits limits;
    private final Detector.Prefilter prefilter;

    private transient Detector detector;
    private transient EventDocumentParser documents;
    private transient Counter eventsIn;
    private transient Counter prefiltered;
    private transient Counter malformed;
    private transient Counter deadLettered;
    private transient Counter matched;
    private transient Counter excepted;
    private transient Counter unknownHost;
    private transient Counter[] perException;

    /** The detect step with the default {@link Detector.Prefilter#VALIDATING} fast path. */
    public DetectFunction(CompiledRule rule, ParserLimits limits) {
        this(rule, limits, Detector.Prefilter.VALIDATING);
    }

    public DetectFunction(CompiledRule rule, ParserLimits limits, Detector.Prefilter prefilter) {
        this.rule = rule;
        this.limits = limits;
        this.prefilter = prefilter;
    }

    @Override
    public void open(OpenContext openContext) {
        detector = new Detector(rule, limits, prefilter);
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            LOG.info("Pre-filter {}, searching raw bytes {}", prefilter, detector.byteSearch());
        }
        documents = new EventDocumentParser(limits);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter(EVENTS_IN);
        prefiltered = metrics.counter(PREFILTERED);
        malformed = metrics.counter(MALFORMED);
        deadLettered = metrics.counter(DEAD_LETTERED);
        matched = metrics.counter(MATCHED);
        excepted = metrics.counter(EXCEPTED);
        unknownHost = metrics.counter(UNKNOWN_HOST);
        perException = new Counter[rule.exceptionCount()];
        for (int i = 0; i < perException.length; i++) {
            perException[i] = metrics.addGroup("exception", rule.exceptionName(i)).counter(EXCEPTED);
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Match> out) {
        eventsIn.inc();
        byte[] bytes = record.value == null ? new byte[0] : record.value;
        switch (detector.evaluate(bytes)) {
            case NO_MATCH:
                if (detector.prefiltered()) {
                    prefiltered.inc();
                }
                return;
            case REJECTED:
                malformed.inc();
                deadLetter(ctx, record, bytes, detector.rejection().toString());
                return;
            case EXCEPTED:
                excepted.inc();
                perException[detector.exceptionIndex()].inc();
                return;
            case MATCH:
                emitMatch(record, bytes, ctx, out);
                return;
            default:
                throw new IllegalStateException("unknown verdict");
        }
    }

    private void emitMatch(RawRecord record, byte[] bytes, Context ctx, Collector<Match> out) {
        ObjectNode event;
        try {
            event = documents.parse(bytes, 0, bytes.length);
        } catch (RecordRejectedException e) {
            // The streaming pass accepted the record, so this is unexpected; still, lose nothing.
            deadLetter(ctx, record, bytes, e.rejection().toString());
            return;
        }
        matched.inc();
        HostKey host = HostKey.of(event);
        if (host.field() == null) {
            unknownHost.inc();
        }
        long fallback =
                record.source != null && record.source.timestamp >= 0
                        ? record.source.timestamp
                        : ctx.timerService().currentProcessingTime();
        out.collect(new Match(host.value(), host.field(), EventTime.of(event, fallback), bytes, record.source));
    }

    private void deadLetter(Context ctx, RawRecord record, byte[] bytes, String reason) {
        deadLettered.inc();
        ctx.output(DEAD_LETTERS, new DeadLetter(reason, record.source, bytes));
    }
}
