package io.threatstream.benchmarks.e2e;

import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.rule.RuleLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The topic the drain and shuffle parts read: {@code records} simulated fleet events, written once
 * before anything is timed, with the alerts they must produce.
 *
 * <p>Event times start at 2026-01-01T00:00:00Z and advance 10,000 events per second (as the
 * generator's bounded runs do), so the same options write the same bytes on every run.
 */
record DrainTopic(String name, int partitions, long records, long valueBytes, ExpectedAlerts expected) {

    static final String NAME = "bench-drain";
    private static final long EPOCH_2026 = 1_767_225_600_000L;

    /** Creates the topic and writes it; takes a minute or two for millions of events. */
    static DrainTopic write(
            Kafka kafka, int partitions, long records, long seed, int hosts, double sshRatio, double matchRatio,
            int threads)
            throws Exception {
        kafka.createTopic(NAME, partitions);
        FleetSimulator fleet = new FleetSimulator(seed, hosts, sshRatio, matchRatio, EPOCH_2026, 10_000);
        ExpectedAlerts expected = new ExpectedAlerts(RuleLoader.load(null, null).metadata().ruleId());
        long start = System.nanoTime();
        long bytes =
                kafka.writeAll(
                        NAME,
                        partitions,
                        records,
                        threads,
                        i -> {
                            byte[] event = fleet.event(i);
                            if (fleet.isBackdoorWrite(i)) {
                                expected.addMatch(event);
                            }
                            return event;
                        });
        Log.info(
                "Wrote %,d events (%,.0f MB, %,d matching) to %s in %.0f s",
                records, bytes / 1e6, expected.matches(), NAME, (System.nanoTime() - start) / 1e9);
        return new DrainTopic(NAME, partitions, records, bytes, expected);
    }

    /**
     * The job options that read this topic from its beginning to its end, at {@code parallelism},
     * in a new consumer group named after {@code groupPrefix}; the caller adds its sinks and the rest.
     */
    List<String> readToItsEnd(Kafka kafka, String groupPrefix, int parallelism) {
        return new ArrayList<>(List.of(
                "--source", "kafka",
                "--source.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "--source.kafka.topics", name,
                "--source.kafka.group-id", groupPrefix + UUID.randomUUID(),
                "--source.kafka.starting-offsets", "earliest",
                "--source.kafka.bounded", "latest",
                "--parallelism", Integer.toString(parallelism)));
    }
}
