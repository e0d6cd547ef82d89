package io.threatstream.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.threatstream.detect.event.JsonSyntaxCheck;
import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.generator.FleetSimulator;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How close the validating pre-filter's well-formedness check is to what reading an event can cost
 * at all, on the default mix: the check beside loops that do strictly less than any validator
 * must, and beside the {@code readTree} baseline whose tenth is the 10× goal's whole budget.
 *
 * <ul>
 *   <li>{@code syntaxCheck}: {@link JsonSyntaxCheck#check}, the check the detector runs on every
 *       record that lacks a required text (the default mix: 999 in 1,000).
 *   <li>{@code stringEndsByteByByte}: finds where each string ends, one byte at a time, and does
 *       nothing else: the part of the check that strings cost (the branch that leaves the loop
 *       at each string's end is mispredicted about once per string).
 *   <li>{@code everyByteLookedUp}: one table lookup per byte and nothing else: the least any
 *       validator that looks at bytes one at a time can cost.
 *   <li>{@code everyWordClassified}: eight bytes at a time, the test "is any byte a quote, a
 *       backslash, a control or non-ASCII" and nothing else: the least for eight-byte words.
 *   <li>{@code jacksonReadTree}: {@code ObjectMapper.readTree}, the baseline's parse (its tree walk adds a
 *       little).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ValidationFloorBenchmark {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonSyntaxCheck check = new JsonSyntaxCheck(ParserLimits.defaults(), "sh");
    private byte[][] events;
    private int next;

    @Setup(Level.Trial)
    public void generateEvents() {
        FleetSimulator fleet = EventMix.DEFAULT.fleet();
        events = new byte[DetectBenchmark.EVENTS][];
        for (int i = 0; i < events.length; i++) {
            events[i] = fleet.event(i);
            if (check.check(events[i], 0, events[i].length) != JsonSyntaxCheck.WELL_FORMED) {
                throw new IllegalStateException("event " + i + " is not proven well-formed");
            }
        }
    }

    private byte[] nextEvent() {
        byte[] event = events[next];
        next = (next + 1) & (events.length - 1);
        return event;
    }

    @Benchmark
    public int syntaxCheck() {
        byte[] event = nextEvent();
        return check.check(event, 0, event.length);
    }

    @Benchmark
    public int stringEndsByteByByte() {
        byte[] event = nextEvent();
        int strings = 0;
        int i = 0;
        while (i < event.length) {
            if (event[i++] == '"') {
                while (i < event.length && PLAIN[event[i] & 0xFF]) {
                    i++;
                }
                strings++;
                i++;
            }
        }
        return strings;
    }

    @Benchmark
    public int everyByteLookedUp() {
        byte[] event = nextEvent();
        int plain = 0;
        for (byte b : event) {
            plain += PLAIN[b & 0xFF] ? 1 : 0;
        }
        return plain;
    }

    @Benchmark
    public int everyWordClassified() {
        byte[] event = nextEvent();
        int special = 0;
        for (int i = 0; i <= event.length - 8; i += 8) {
            long word = (long) WORDS.get(event, i);
            long ascii = word & 0x7F7F7F7F7F7F7F7FL;
            long notControl = ascii + 0x6060606060606060L;
            long notQuote = (ascii ^ 0x2222222222222222L) + 0x7F7F7F7F7F7F7F7FL;
            long notBackslash = (ascii ^ 0x5C5C5C5C5C5C5C5CL) + 0x7F7F7F7F7F7F7F7FL;
            special += Long.bitCount((word | ~(notControl & notQuote & notBackslash)) & 0x8080808080808080L);
        }
        return special;
    }

    @Benchmark
    public Object jacksonReadTree() throws IOException {
        return mapper.readTree(nextEvent());
    }
}
