package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldTableTest {

    @Test
    void samePathKeepsItsSlot() {
        FieldTable table = new FieldTable();
        assertThat(table.slotOf("file.name")).isZero();
        assertThat(table.slotOf("process.executable")).isEqualTo(1);
        assertThat(table.slotOf("file.name")).isZero();
        assertThat(table.paths()).containsExactly("file.name", "process.executable");
    }
}
