package io.threatstream.detect.generator;

import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The embedded default source: the {@link FleetSimulator}'s events through Flink's DataGen
 * connector, which checkpoints its position, so a restored job regenerates exactly the events it
 * had not yet processed.
 */
public final class FleetEventSource {

    /** The name in the events' source coordinates. */
    public static final String NAME = "fleet-simulator";

    private FleetEventSource() {}

    /**
     * @param count events to generate; {@code 0} for an unbounded stream
     * @param eventsPerSecond throttle for all subtasks together; {@code 0} for none
     */
    public static DataGeneratorSource<RawRecord> create(FleetSimulator simulator, long count, double eventsPerSecond) {
        GeneratorFunction<Long, RawRecord> generate =
                index -> new RawRecord(simulator.event(index), SourceCoordinates.generator(NAME, index));
        RateLimiterStrategy<?> rate =
                eventsPerSecond > 0 ? RateLimiterStrategy.perSecond(eventsPerSecond) : RateLimiterStrategy.noOp();
        return new DataGeneratorSource<>(
                generate, count > 0 ? count : Long.MAX_VALUE, rate, TypeInformation.of(RawRecord.class));
    }
}
