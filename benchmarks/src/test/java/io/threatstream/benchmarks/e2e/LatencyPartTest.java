package io.threatstream.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyPartTest {

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();

        assertThat(LatencyPart.percentile(hundred, 0.5)).isEqualTo(50);
        assertThat(LatencyPart.percentile(hundred, 0.99)).isEqualTo(99);
        assertThat(LatencyPart.percentile(hundred, 1.0)).isEqualTo(100);
        assertThat(LatencyPart.percentile(new long[] {7, 9}, 0.99)).isEqualTo(9);
        assertThat(LatencyPart.percentile(new long[] {7}, 0.01)).isEqualTo(7);
        assertThat(LatencyPart.percentile(new long[0], 0.5)).isEqualTo(-1);
    }
}
