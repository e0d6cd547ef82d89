package io.threatstream.detect;

import io.threatstream.connectors.file.NdjsonFileSource;
import io.threatstream.connectors.kafka.KafkaSources;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.detect.config.JobOptions;
import io.threatstream.detect.config.JobSetup;
import io.threatstream.detect.generator.FleetEventSource;
import io.threatstream.detect.generator.FleetSimulator;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Creates the configured source of raw records. Watermarks come later, from the matches. */
final class Sources {

    static final String FILE_UID = "source-file";
    static final String GENERATOR_UID = "source-fleet-simulator";
    static final String KAFKA_UID = "source-kafka";

    /** Event time of the first event of a bounded generator run: 2026-01-01T00:00:00Z. */
    static final long GENERATOR_EPOCH = 1_767_225_600_000L;

    private Sources() {}

    static DataStream<RawRecord> create(StreamExecutionEnvironment env, JobSetup setup) {
        Configuration o = setup.options();
        switch (o.get(JobOptions.SOURCE)) {
            case file:
                return env.fromSource(
                                NdjsonFileSource.of(Path.of(o.get(JobOptions.SOURCE_PATH))),
                                WatermarkStrategy.noWatermarks(),
                                "Events: NDJSON files")
                        .uid(FILE_UID);
            case generator:
                double rate = o.get(JobOptions.GENERATOR_RATE);
                long count = o.get(JobOptions.GENERATOR_COUNT);
                long seed = o.get(JobOptions.GENERATOR_SEED);
                int hosts = o.get(JobOptions.GENERATOR_HOSTS);
                double ssh = o.get(JobOptions.GENERATOR_SSH_RATIO);
                double match = o.get(JobOptions.GENERATOR_MATCH_RATIO);
                // A bounded run is a reproducible data set (event times from a fixed start); an
                // unbounded one is a live fleet (event times = now).
                FleetSimulator fleet =
                        count > 0
                                ? new FleetSimulator(seed, hosts, ssh, match, GENERATOR_EPOCH, rate > 0 ? rate : 10_000)
                                : FleetSimulator.live(seed, hosts, ssh, match);
                return env.fromSource(
                                FleetEventSource.create(fleet, count, rate),
                                WatermarkStrategy.noWatermarks(),
                                "Events: fleet simulator")
                        .uid(GENERATOR_UID);
            case kafka:
                return env.fromSource(
                                KafkaSources.fromConfiguration(o), WatermarkStrategy.noWatermarks(), "Events: Kafka")
                        .uid(KAFKA_UID);
            default:
                throw new IllegalStateException("unknown source " + o.get(JobOptions.SOURCE));
        }
    }
}
