package io.threatstream.detect.rule.eql;

import static io.threatstream.detect.rule.eql.EqlTesting.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.threatstream.detect.event.EventFields;
import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.event.MapEventFields;
import io.threatstream.detect.rule.RuleLoader;
import io.threatstream.detect.rule.RuleTomlReader;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Matching must not allocate for the common operators and the region-based string functions: a
 * regression here would cost garbage per event at millions of events per second.
 */
class MatchAllocationTest {

    private static final int EVALUATIONS = 200_000;
    /** Far below one small object per evaluation (16 bytes x 200k), above measurement noise. */
    private static final long ALLOWED_BYTES = 64 * 1024;

    @Test
    void seedRuleAllocatesNothingPerEvent() throws Exception {
        String eql;
        try (InputStream in = getClass().getResourceAsStream(RuleLoader.DEFAULT_RULE_RESOURCE)) {
            eql = RuleTomlReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "seed").query();
        }
        assertAllocationFree(eql, List.of(
                event("event.category", "file", "host.os.type", "linux", "event.type", "change",
                        "process.executable", "/usr/sbin/sshd", "file.name", "libfoo.so.1",
                        "file.path", "/usr/lib/libfoo.so.1", "file.extension", "1"),
                event("event.category", "file", "host.os.type", "linux", "event.type", "change",
                        "process.executable", "/USR/BIN/SSH", "file.name", ".cache", "file.path", "/home/u/.cache"),
                event("event.category", "process", "host.os.type", "linux"),
                event("event.category", List.of("file"), "host.os.type", "linux", "event.type", List.of("info"))));
    }

    @Test
    void operatorsAndStringFunctionsAllocateNothingPerEvent() throws Exception {
        String eql = "any where a in (\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\")"
                + " or a like (\"x*y\", \"*.so.*\") or a : \"?b?*\" or a in~ (\"ABC\") or a != \"q\" and n > 10"
                + " and not n <= -5 and n == 42 and length(a) > 1 and substring(a, -3, -1) == \"bc\""
                + " and startsWith~(a, \"A\") and endsWith(a, \"d\") and stringContains~(a, \"BC\")"
                + " and between(a, \"a\", \"d\") == \"bc\" and indexOf~(a, \"C\") == 2 and a > \"aaa\"";
        assertAllocationFree(eql, List.of(event("a", "abcd", "n", 42), event("a", List.of("x", "abcd"), "n", "42"),
                event("a", "zz", "n", List.of(1, 2))));
    }

    private static void assertAllocationFree(String eql, List<java.util.Map<String, Object>> events) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported(),
                "per-thread allocation counting is not available on this JVM");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        FieldTable table = new FieldTable();
        CompiledQuery query = QueryCompiler.compile(eql, table);
        EventFields[] fields = events.stream().map(e -> MapEventFields.of(table, e)).toArray(EventFields[]::new);
        int matched = run(query, fields);
        long thread = Thread.currentThread().getId();
        long before = counter.getThreadAllocatedBytes(thread);
        matched += run(query, fields);
        long allocated = counter.getThreadAllocatedBytes(thread) - before;
        assertThat(matched).as("some events match, some do not").isBetween(1, 2 * EVALUATIONS - 1);
        assertThat(allocated).as("bytes allocated by %d evaluations", EVALUATIONS).isLessThan(ALLOWED_BYTES);
    }

    private static int run(CompiledQuery query, EventFields[] events) {
        int matched = 0;
        for (int i = 0; i < EVALUATIONS; i++) {
            if (query.matches(events[i % events.length])) {
                matched++;
            }
        }
        return matched;
    }
}
