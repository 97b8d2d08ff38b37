package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Round tick positions. */
class TicksTest {

    @Test
    void linearTicksAreMultiplesOfOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Ticks.linear(0, 100, 5)).extracting(Ticks.Tick::label).containsExactly("0", "20", "40", "60", "80", "100");
        assertThat(Ticks.linear(0, 0.3, 5)).extracting(Ticks.Tick::label).containsExactly("0.00", "0.05", "0.10", "0.15", "0.20",
                "0.25", "0.30");
        assertThat(Ticks.linear(-3, 2, 5)).extracting(Ticks.Tick::label).containsExactly("−3", "−2", "−1", "0", "1", "2");
    }

    @Test
    void aNiceRangeWidensToTheStepAndNeverCollapses() {
        assertThat(Ticks.niceRange(0, 87, 5)).containsExactly(0, 100);
        assertThat(Ticks.niceRange(0.2, 0.2, 5)[1]).isGreaterThan(0.2);
    }

    @Test
    void integerTicksForEpochsAndLayers() {
        assertThat(Ticks.integers(1, 13, 8)).extracting(Ticks.Tick::label).containsExactly("2", "4", "6", "8", "10", "12");
        assertThat(Ticks.integers(1, 3, 10)).extracting(Ticks.Tick::label).containsExactly("1", "2", "3");
        assertThat(Ticks.integers(1, 1, 8)).extracting(Ticks.Tick::label).containsExactly("1");
    }

    @Test
    void logTicksArePowersOfTenWithTwoAndFiveBetweenOnShortAxes() {
        assertThat(Ticks.log(1e-10, 1)).extracting(Ticks.Tick::label).containsExactly("1e-10", "1e-9", "1e-8", "1e-7", "1e-6",
                "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1");
        assertThat(Ticks.log(0.1, 10)).extracting(Ticks.Tick::label).containsExactly("0.1", "0.2", "0.5", "1", "2", "5", "10");
    }
}
