package io.threatstream.benchmarks;

import io.threatstream.detect.generator.FleetSimulator;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which events a benchmark runs on: shares of ssh/sshd activity and of backdoor writes. */
enum EventMix {
    /** The expected production mix: 1 in 1,000 events from ssh/sshd, 1 in 100,000 a match. */
    DEFAULT("default", 0.001, 0.00001),
    /** Every event from ssh/sshd doing ordinary things: near misses that reach the file conditions. */
    ALL_SSH("all-ssh", 1.0, 0.0),
    /** Every event a backdoor write: the rule matches all of them. */
    ALL_MATCHING("all-matching", 1.0, 1.0);

    private static final long SEED = 42;
    private static final int HOSTS = 1_000;
    private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final double EVENTS_PER_SECOND = 1_000;

    private final String label;
    private final double sshRatio;
    private final double matchRatio;

    EventMix(String label, double sshRatio, double matchRatio) {
        this.label = label;
        this.sshRatio = sshRatio;
        this.matchRatio = matchRatio;
    }

    /** The mix a benchmark parameter names. */
    static EventMix named(String label) {
        for (EventMix mix : values()) {
            if (mix.label.equals(label)) {
                return mix;
            }
        }
        throw new IllegalArgumentException("unknown mix \"" + label + "\"; known: "
                + Arrays.stream(values()).map(m -> m.label).collect(Collectors.joining(", ")));
    }

    /** A simulated fleet producing this mix, the same events on every run. */
    FleetSimulator fleet() {
        return new FleetSimulator(SEED, HOSTS, sshRatio, matchRatio, START_MILLIS, EVENTS_PER_SECOND);
    }
}
