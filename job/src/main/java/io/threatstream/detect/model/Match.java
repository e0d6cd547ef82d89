package io.threatstream.detect.model;

import io.threatstream.connectors.record.SourceCoordinates;
import java.io.Serializable;

/**
 * One event that satisfied the rule, on its way from the detect step to the per-host limiter and
 * the alert document. Carries the event's raw bytes unchanged so that the alert can copy its fields
 * and derive a stable id from them.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serializes without Kryo.
 */
public class Match implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The host the match is limited by (value of {@link #hostKeyField}), never null. */
    public String hostKey;

    /**
     * The ECS field {@link #hostKey} was taken from, e.g. {@code "host.id"} or {@code "host.name"};
     * null when the key is a fallback that names no field. Suppression summaries report it.
     */
    public String hostKeyField;

    /** Event time in epoch millis: {@code event.ingested} if present, else {@code @timestamp}. */
    public long eventTime;

    /** The raw JSON bytes of the matching event, exactly as the source delivered them. */
    public byte[] event;

    /** Where the event came from. */
    public SourceCoordinates source;

    public Match() {}

    public Match(
            String hostKey,
            String hostKeyField,
            long eventTime,
            byte[] event,
            SourceCoordinates source) {
        this.hostKey = hostKey;
        this.hostKeyField = hostKeyField;
        this.eventTime = eventTime;
        this.event = event;
        this.source = source;
    }

    @Override
    public String toString() {
        return "Match{host=" + hostKey + ", eventTime=" + eventTime + ", source=" + source + "}";
    }
}
