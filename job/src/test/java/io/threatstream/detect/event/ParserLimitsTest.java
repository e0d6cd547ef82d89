package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

class ParserLimitsTest {

    @Test
    void defaultsAreOneMebibyteAndSixtyFourLevels() {
        ParserLimits limits = ParserLimits.defaults();
        assertThat(limits.maxRecordBytes()).isEqualTo(1_048_576);
        assertThat(limits.maxNestingDepth()).isEqualTo(64);
        assertThat(limits).hasToString("ParserLimits{maxRecordBytes=1048576, maxNestingDepth=64}");
    }

    @Test
    void withersChangeOneLimit() {
        ParserLimits limits =
                ParserLimits.defaults().withMaxRecordBytes(4096).withMaxNestingDepth(8);
        assertThat(limits).isEqualTo(ParserLimits.of(4096, 8));
        assertThat(limits.hashCode()).isEqualTo(ParserLimits.of(4096, 8).hashCode());
        assertThat(limits).isNotEqualTo(ParserLimits.defaults());
    }

    @Test
    void rejectsBadValuesWithTheReason() {
        assertThatThrownBy(() -> ParserLimits.of(1, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRecordBytes must be at least 2 (the size of {}), was 1");
        assertThatThrownBy(() -> ParserLimits.defaults().withMaxRecordBytes(-5))
                .hasMessage("maxRecordBytes must be at least 2 (the size of {}), was -5");
        assertThatThrownBy(() -> ParserLimits.of(100, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxNestingDepth must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> ParserLimits.defaults().withMaxNestingDepth(1001))
                .hasMessage("maxNestingDepth must be between 1 and 1000, was 1001");
        assertThat(ParserLimits.of(2, 1000).maxNestingDepth()).isEqualTo(1000);
    }

    @Test
    void becomeJacksonConstraintsThatNeverRejectAStringTheSizeCheckAccepted() {
        StreamReadConstraints constraints = ParserLimits.of(5000, 7).streamReadConstraints();
        assertThat(constraints.getMaxDocumentLength()).isEqualTo(5000);
        assertThat(constraints.getMaxNestingDepth()).isEqualTo(7);
        assertThat(constraints.getMaxStringLength()).isEqualTo(5000);
        assertThat(constraints.getMaxNameLength()).isEqualTo(5000);
        assertThat(constraints.getMaxNumberLength()).isEqualTo(1000);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ParserLimits.of(300, 9));
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(ParserLimits.of(300, 9));
        }
    }
}
