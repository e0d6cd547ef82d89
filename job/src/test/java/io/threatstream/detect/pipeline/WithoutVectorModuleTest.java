package io.threatstream.detect.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.ParserLimits;
import io.threatstream.detect.rule.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (a cluster whose operator left
 * the flag out) runs the detector on the portable scanner, never touching the Vector API's
 * classes, with the same verdicts.
 */
class WithoutVectorModuleTest {

    @Test
    void aJvmWithoutTheModuleDetectsWithThePortableScanner() throws Exception {
        String output = ChildJvm.run(WithoutVectorModuleTest.class);
        assertThat(output).as(output)
                .contains("byte search: eight bytes at a time (SWAR")
                .contains("verdicts: MATCH NO_MATCH REJECTED")
                .doesNotContain("Using incubator modules");
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
