package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtractedFieldsTest {

    @Test
    void holdsValuesPerSlotInOrder() {
        ExtractedFields fields = new ExtractedFields(3);
        fields.add(0, "a", false);
        fields.add(2, "1.0", true);
        fields.add(0, "b", false);
        assertThat(fields.slotCount()).isEqualTo(3);
        assertThat(fields.valueCount(0)).isEqualTo(2);
        assertThat(fields.valueCount(1)).isZero();
        assertThat(fields.value(0, 1)).isEqualTo("b");
        assertThat(fields.isNumber(0, 1)).isFalse();
        assertThat(fields.isNumber(2, 0)).isTrue();
        assertThat(fields).hasToString("[[a, b], [], [1.0]]");
    }

    @Test
    void growsForManyValuesAndEmptiesOnReset() {
        ExtractedFields fields = new ExtractedFields(1);
        for (int i = 0; i < 1000; i++) {
            fields.add(0, Integer.toString(i), i % 2 == 0);
        }
        assertThat(fields.valueCount(0)).isEqualTo(1000);
        assertThat(fields.value(0, 999)).isEqualTo("999");
        assertThat(fields.isNumber(0, 998)).isTrue();
        assertThat(fields.isNumber(0, 999)).isFalse();

        fields.reset();
        assertThat(fields.valueCount(0)).isZero();
        fields.add(0, "again", false);
        assertThat(fields).hasToString("[[again]]");
    }

    @Test
    void readingPastTheValuesIsAnError() {
        ExtractedFields fields = new ExtractedFields(1);
        fields.add(0, "a", false);
        fields.reset();
        assertThatThrownBy(() -> fields.value(0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fields.isNumber(0, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fields.valueCount(1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsNullValuesAndNegativeSizes() {
        assertThatThrownBy(() -> new ExtractedFields(1).add(0, null, false))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ExtractedFields(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slotCount must be >= 0, was -1");
    }
}
