package io.threatstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.generator.FleetSimulator;
import io.threatstream.detect.pipeline.Detector;
import io.threatstream.detect.pipeline.Verdict;
import io.threatstream.detect.rule.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The detection hot path, raw bytes to decision, against two ways of doing it with plain Jackson.
 * Each invocation handles the next of {@value #EVENTS} pre-generated events (cycling), so the
 * score is events per second on one thread.
 *
 * <ul>
 *   <li>{@code detector}: our {@link Detector} on the built-in seed rule (pre-filter on required
 *       texts with a well-formedness check of the records it skips, byte-level extraction of the
 *       rule's fields, compiled EQL).
 *   <li>{@code detectorTrusting}: the same with {@code --parser.validate-non-candidates false}
 *       ({@link Detector.Prefilter#TRUSTING}): records without a required text are not checked.
 *   <li>{@code detectorFullPath}: the same without the pre-filter ({@link Detector.Prefilter#OFF}):
 *       every record's fields are extracted.
 *   <li>{@code detectorWithoutSimd}, {@code detectorTrustingWithoutSimd}: {@code detector} and
 *       {@code detectorTrusting} in a JVM started without {@code --add-modules=jdk.incubator.vector},
 *       as a cluster without that flag runs them: the pre-filter searches eight bytes at a time
 *       instead of a SIMD vector at a time.
 *   <li>{@code jacksonTree}: {@code ObjectMapper.readTree} and {@link SeedRuleBaseline} over the
 *       tree; {@code jacksonTreeParseOnly} is its parsing share.
 *   <li>{@code jacksonMap}: data binding into a {@code Map} and the same rule over the maps;
 *       {@code jacksonMapBindingOnly} is its binding share.
 * </ul>
 *
 * <p>Setup fails unless the Detector, both baselines and the simulator's own label agree on every
 * event, so the comparison is between equally correct evaluations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class DetectBenchmark {

    /** Events per mix; a power of two so the cycling index is a mask. */
    static final int EVENTS = 8_192;

    @Param({"default", "all-ssh", "all-matching"})
    public String mix;

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[][] events;
    private Detector detector;
    private Detector trusting;
    private Detector fullPath;
    private int next;

    @Setup(Level.Trial)
    public void generateEvents() throws IOException {
        FleetSimulator fleet = EventMix.named(mix).fleet();
        events = new byte[EVENTS][];
        long bytes = 0;
        for (int i = 0; i < EVENTS; i++) {
            events[i] = fleet.event(i);
            bytes += events[i].length;
        }
        detector = new Detector(RuleLoader.load(null, null), ParserLimits.defaults());
        trusting = new Detector(RuleLoader.load(null, null), ParserLimits.defaults(), Detector.Prefilter.TRUSTING);
        fullPath = new Detector(RuleLoader.load(null, null), ParserLimits.defaults(), Detector.Prefilter.OFF);
        int matches = checkAgreement(fleet);
        System.out.printf("mix %s: %,d events, %,d matching, %,d bytes on average; byte search %s%n",
                mix, EVENTS, matches, bytes / EVENTS, detector.byteSearch());
    }

    /** Fails unless every evaluation agrees on every event; returns the number of matches. */
    private int checkAgreement(FleetSimulator fleet) throws IOException {
        int matches = 0;
        for (int i = 0; i < EVENTS; i++) {
            Verdict verdict = detector.evaluate(events[i]);
            if (trusting.evaluate(events[i]) != verdict || fullPath.evaluate(events[i]) != verdict) {
                throw new IllegalStateException("mix " + mix + ", event " + i + ": Detector modes disagree");
            }
            boolean tree = SeedRuleBaseline.matches(new JsonTreeFields(mapper.readTree(events[i])));
            boolean map = SeedRuleBaseline.matches(new MapFields(mapper.readValue(events[i], Map.class)));
            boolean expected = fleet.isBackdoorWrite(i);
            boolean detected = verdict == Verdict.MATCH;
            if (verdict == Verdict.REJECTED || detected != expected || tree != expected || map != expected) {
                throw new IllegalStateException(String.format(
                        "mix %s, event %d: simulator says match=%b, Detector %s%s, tree baseline %b, map baseline %b: %s",
                        mix, i, expected, verdict,
                        verdict == Verdict.REJECTED ? " (" + detector.rejection() + ")" : "",
                        tree, map, new String(events[i], StandardCharsets.UTF_8)));
            }
            matches += detected ? 1 : 0;
        }
        return matches;
    }

    private byte[] nextEvent() {
        byte[] event = events[next];
        next = (next + 1) & (EVENTS - 1);
        return event;
    }

    // Returned values are consumed by JMH's Blackhole.

    @Benchmark
    public Verdict detector() {
        return detector.evaluate(nextEvent());
    }

    @Benchmark
    public Verdict detectorTrusting() {
        return trusting.evaluate(nextEvent());
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    public Verdict detectorWithoutSimd() {
        return detector.evaluate(nextEvent());
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    public Verdict detectorTrustingWithoutSimd() {
        return trusting.evaluate(nextEvent());
    }

    @Benchmark
    public Verdict detectorFullPath() {
        return fullPath.evaluate(nextEvent());
    }

    @Benchmark
    public boolean jacksonTree() throws IOException {
        return SeedRuleBaseline.matches(new JsonTreeFields(mapper.readTree(nextEvent())));
    }

    @Benchmark
    public JsonNode jacksonTreeParseOnly() throws IOException {
        return mapper.readTree(nextEvent());
    }

    @Benchmark
    public boolean jacksonMap() throws IOException {
        return SeedRuleBaseline.matches(new MapFields(mapper.readValue(nextEvent(), Map.class)));
    }

    @Benchmark
    public Map<?, ?> jacksonMapBindingOnly() throws IOException {
        return mapper.readValue(nextEvent(), Map.class);
    }
}
