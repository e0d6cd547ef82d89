package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.rule.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * JVMs where the SIMD scanner is missing or not to be trusted run the detector on the portable
 * scanner, with the same verdicts, and say why in the operator's log line.
 */
class PortableScannerTest {

    @Test
    void aJvmWithoutTheModuleDetectsWithThePortableScanner() throws Exception {
        // A cluster whose operator left the flag out: the Vector API's classes are never touched.
        String output = ChildJvm.run(PortableScannerTest.class);
        assertThat(output).as(output)
                .contains("byte search: eight bytes at a time (SWAR: the JVM lacks --add-modules=jdk.incubator.vector)")
                .contains("verdicts: MATCH NO_MATCH REJECTED")
                .doesNotContain("Using incubator modules");
    }

    @Test
    void aCpuWithSixteenByteVectorsDetectsWithThePortableScanner() throws Exception {
        // Without AVX such a CPU runs the SIMD search 30 times slower than words (VectorByteScanner.whyUnfit).
        String output = ChildJvm.run(
                PortableScannerTest.class, "--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=16");
        assertThat(output).as(output)
                .contains("byte search: eight bytes at a time (SWAR: the CPU's vectors hold 16 bytes")
                .contains("verdicts: MATCH NO_MATCH REJECTED");
    }

    /** Run in the JVM under test. */
    public static void main(String[] args) throws IOException {
        Detector detector = new Detector(RuleLoader.load(null, null), ParserLimits.defaults());
        String[] events = {
            "{\"event\":{\"category\":[\"file\"],\"type\":[\"change\"]},\"host\":{\"os\":{\"type\":\"linux\"}},"
                    + "\"process\":{\"executable\":\"/usr/sbin/sshd\"},"
                    + "\"file\":{\"name\":\".ilog\",\"path\":\"/var/tmp/.ilog\"}}",
            "{\"event\":{\"category\":[\"file\"],\"type\":[\"change\"]},\"host\":{\"os\":{\"type\":\"linux\"}},"
                    + "\"process\":{\"executable\":\"/usr/bin/bash\"},\"file\":{\"path\":\"/var/tmp/.ilog\"}}",
            "{\"process\":{\"executable\":\"/usr/bin/bash\"},"
        };
        StringBuilder verdicts = new StringBuilder("verdicts:");
        for (String event : events) {
            verdicts.append(' ').append(detector.evaluate(event.getBytes(StandardCharsets.UTF_8)));
        }
        System.out.println("byte search: " + detector.byteSearch());
        System.out.println(verdicts);
    }
}
