package io.threatstream.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void countsUserNiceSystemIrqSoftirqAndStealButNotIdleIowaitOrGuest() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals(1 + 2 + 3 + 6 + 7 + 8, MachineCpu.busyTicks("cpu  1 2 3 4000 5000 6 7 8 900 1000"));
    }

    @Test
    void readsOldKernelsWithoutStealColumn() {
        assertEquals(1 + 2 + 3 + 6 + 7, MachineCpu.busyTicks("cpu 1 2 3 4 5 6 7"));
    }

    @Test
    void refusesAPerCoreLine() {
        assertThrows(IllegalArgumentException.class, () -> MachineCpu.busyTicks("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void theMachineHasBeenBusySinceBoot() {
        double busy = MachineCpu.busySeconds();
        assertTrue(Double.isNaN(busy) || busy > 0, "busy seconds: " + busy);
    }
}
