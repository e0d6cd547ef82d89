package io.threatstream.detect.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the fleet simulator's events as NDJSON, for replays, benchmarks and feeding Kafka:
 *
 * <pre>
 * java -cp ... io.threatstream.detect.generator.GenerateEvents COUNT [FILE|-] [SEED] [SSH_RATIO] [MATCH_RATIO] [HOSTS]
 * </pre>
 *
 * <p>Prints to standard error how many of the events the default rule must match. Event times start
 * at 2026-01-01T00:00:00Z, 1,000 events per second.
 */
public final class GenerateEvents {

    private GenerateEvents() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println(
                    "usage: GenerateEvents COUNT [FILE|-] [SEED=42] [SSH_RATIO=0.001] [MATCH_RATIO=0.00001] [HOSTS=1000]");
            System.exit(2);
        }
        long count = Long.parseLong(args[0]);
        String target = args.length > 1 ? args[1] : "-";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        double ssh = args.length > 3 ? Double.parseDouble(args[3]) : 0.001;
        double match = args.length > 4 ? Double.parseDouble(args[4]) : 0.00001;
        int hosts = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        FleetSimulator fleet = new FleetSimulator(seed, hosts, ssh, match, 1_767_225_600_000L, 1000);
        long matches = 0;
        try (OutputStream out =
                new BufferedOutputStream(
                        "-".equals(target) ? System.out : Files.newOutputStream(Path.of(target)), 1 << 16)) {
            for (long i = 0; i < count; i++) {
                out.write(fleet.event(i));
                out.write('\n');
                if (fleet.isBackdoorWrite(i)) {
                    matches++;
                }
            }
        }
        System.err.println(count + " events, " + matches + " backdoor writes (expected alerts)");
    }
}
