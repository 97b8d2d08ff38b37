package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class DropoutTest {

    private static final int ROWS = 100;
    private static final int COLS = 500;

    @Test
    void invertedScalingKeepsTheMeanActivationWithinOnePercent() {
        double keepProb = 0.8;
        Dropout dropout = new Dropout(keepProb, 61, DType.FLOAT64);
        Matrix input = positiveInput(62);
        double inputMean = input.sum() / input.size();
        double outputSum = 0;
        int draws = 20;
        for (int d = 0; d < draws; d++) {
            Matrix out = dropout.forward(input, Mode.TRAIN);
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) != 0) { // a kept unit is divided by keepProb
                    assertThat(out.get(i)).isCloseTo(input.get(i) / keepProb, within(1e-12));
                }
            }
            outputSum += out.sum();
        }
        double outputMean = outputSum / ((double) draws * input.size());
        assertThat(Math.abs(outputMean - inputMean) / inputMean).isLessThan(0.01);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.8, 0.95})
    void fractionKeptIsKeepProbWithinFiveBinomialSigmas(double keepProb) {
        Dropout dropout = new Dropout(keepProb, 63, DType.FLOAT32);
        Matrix out = dropout.forward(positiveInput(64).to(DType.FLOAT32), Mode.TRAIN);
        int n = out.size();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (out.get(i) != 0) {
                kept++;
            }
        }
        double sigma = Math.sqrt(n * keepProb * (1 - keepProb));
        assertThat((double) kept).isCloseTo(n * keepProb, within(5 * sigma));
    }

    @Test
    void evalModeReturnsTheInputUnchangedAndIsTheSameOnEveryCall() {
        Dropout dropout = new Dropout(0.5, 65, DType.FLOAT64);
        Matrix input = positiveInput(66);
        Matrix before = input.copy();
        Matrix first = dropout.forward(input, Mode.EVAL).copy();
        dropout.forward(input, Mode.TRAIN); // a training pass in between must not matter
        Matrix second = dropout.forward(input, Mode.EVAL);
        assertThat(first.contentEquals(before)).isTrue();
        assertThat(second.contentEquals(before)).isTrue();
        assertThat(input.contentEquals(before)).as("the input itself is not modified").isTrue();
        Matrix grad = positiveInput(67);
        assertThat(dropout.backward(grad).contentEquals(grad)).as("backward after an eval pass").isTrue();
    }

    @Test
    void keepProbOneIsTheIdentityEvenInTraining() {
        Dropout dropout = new Dropout(1.0, 68, DType.FLOAT64);
        Matrix input = positiveInput(69);
        assertThat(dropout.forward(input, Mode.TRAIN).contentEquals(input)).isTrue();
    }

    @Test
    void sameSeedGivesTheSameMasksAndAnotherSeedDifferentOnes() {
        Matrix input = positiveInput(70);
        Dropout a = new Dropout(0.5, 71, DType.FLOAT64);
        Dropout b = new Dropout(0.5, 71, DType.FLOAT64);
        Dropout c = new Dropout(0.5, 72, DType.FLOAT64);
        for (int draw = 0; draw < 3; draw++) {
            Matrix outA = a.forward(input, Mode.TRAIN).copy();
            assertThat(b.forward(input, Mode.TRAIN).contentEquals(outA)).as("draw %d, same seed", draw).isTrue();
            assertThat(c.forward(input, Mode.TRAIN).contentEquals(outA)).as("draw %d, other seed", draw).isFalse();
        }
        Dropout copy = new Dropout(0.5, 71, DType.FLOAT64).copy(DType.FLOAT64);
        Matrix first = new Dropout(0.5, 71, DType.FLOAT64).forward(input, Mode.TRAIN).copy();
        assertThat(copy.forward(input, Mode.TRAIN).contentEquals(first)).as("a copy restarts the seeded stream").isTrue();
    }

    @Test
    void backwardAppliesTheSameMaskAndScale() {
        double keepProb = 0.7;
        Dropout dropout = new Dropout(keepProb, 73, DType.FLOAT64);
        Matrix input = positiveInput(74);
        Matrix out = dropout.forward(input, Mode.TRAIN).copy();
        Matrix grad = positiveInput(75);
        Matrix dX = dropout.backward(grad);
        for (int i = 0; i < out.size(); i++) {
            double expected = out.get(i) == 0 ? 0 : grad.get(i) / keepProb; // ∂(x·mask)/∂x = mask
            assertThat(dX.get(i)).isCloseTo(expected, within(1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.1, 1.5, Double.NaN})
    void keepProbOutsideZeroToOneIsRejectedNamingArgumentValueAndRange(double keepProb) {
        assertThatThrownBy(() -> new Dropout(keepProb, 1, DType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepProb")
                .hasMessageContaining(String.valueOf(keepProb))
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> LayerSpec.dropout(keepProb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keepProb")
                .hasMessageContaining(String.valueOf(keepProb))
                .hasMessageContaining("(0, 1]");
    }

    /** Values in [0.5, 1.5), so a dropped unit (0) is never confused with a kept one. */
    private static Matrix positiveInput(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(DType.FLOAT64, ROWS, COLS);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, 0.5 + rng.nextDouble());
        }
        return m;
    }
}
