package io.threatstream.detect.pipeline;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.Document;
import io.threatstream.detect.alert.AlertBuildException;
import io.threatstream.detect.alert.AlertBuilder;
import io.threatstream.detect.limit.LimitedAlert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns limiter output into alert documents. A match whose alert cannot be built (it passed the
 * detect step, so this should not happen) goes to the dead-letter output rather than failing the
 * job.
 */
public class AlertFunction extends ProcessFunction<LimitedAlert, Document> {
    private static final long serialVersionUID = 1L;

    public static final String DEAD_LETTERED = "deadLettered";

    private final AlertBuilder builder;
    private transient Counter deadLettered;

    public AlertFunction(AlertBuilder builder) {
        this.builder = builder;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLettered = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERED);
    }

    @Override
    public void processElement(LimitedAlert alert, Context ctx, Collector<Document> out) {
        try {
            out.collect(builder.build(alert));
        } catch (AlertBuildException e) {
            deadLettered.inc();
            byte[] event = alert.isSummary() ? new byte[0] : alert.match.event;
            ctx.output(
                    DetectFunction.DEAD_LETTERS,
                    new DeadLetter("alert not built: " + e.getMessage(), alert.isSummary() ? null : alert.match.source, event));
        }
    }
}
