package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.rule.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (a cluster whose operator left
 * the flag out) runs the detector on the portable scanner, never touching the Vector API's
 * classes, with the same verdicts.
 */
class WithoutVectorModuleTest {

    @Test
    void aJvmWithoutTheModuleDetectsWithThePortableScanner() throws Exception {
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"),
                        WithoutVectorModuleTest.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).as(output)
                .contains("byte search: eight bytes at a time (SWAR")
                .contains("verdicts: MATCH NO_MATCH REJECTED")
                .doesNotContain("Using incubator modules");
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** Run in the JVM without the module. */
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
