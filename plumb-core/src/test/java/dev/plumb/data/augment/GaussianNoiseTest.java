package dev.plumb.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class GaussianNoiseTest {

    private static final ImageShape SHAPE = new ImageShape(16, 16, 3);

    @Test
    void addedNoiseHasMeanZeroAndTheRequestedStd() {
        int m = 100; // 76 800 values
        Matrix original = HorizontalFlipTest.random(DType.FLOAT64, m, SHAPE.size(), 12);
        Matrix batch = original.copy();
        double std = 0.5;

        new GaussianNoise(std).apply(batch, SHAPE, new SplittableRandom(13));

        int n = batch.size();
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double noise = batch.get(i) - original.get(i);
            sum += noise;
            sumSq += noise * noise;
        }
        double mean = sum / n;
        double sampleStd = Math.sqrt(sumSq / n - mean * mean);
        // standard errors: of the mean σ/√n ≈ 0.0018, of the std σ/√(2n) ≈ 0.0013; allow five each
        assertThat(mean).isCloseTo(0.0, within(5 * std / Math.sqrt(n)));
        assertThat(sampleStd).isCloseTo(std, within(5 * std / Math.sqrt(2.0 * n)));
    }

    @Test
    void noiseIsIndependentAcrossPixels() {
        Matrix batch = Matrix.zeros(DType.FLOAT64, 100, SHAPE.size());

        new GaussianNoise(1.0).apply(batch, SHAPE, new SplittableRandom(14));

        // correlation of horizontally neighbouring values: ≈ 0 for independent noise, sd 1/√n
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i + 1 < batch.size(); i++) {
            sum += batch.get(i) * batch.get(i + 1);
            pairs++;
        }
        assertThat(sum / pairs).isCloseTo(0.0, within(5 / Math.sqrt(pairs)));
    }

    @Test
    void addsExactlyTheDrawnValueTimesStd() {
        ImageShape shape = new ImageShape(1, 2, 1);
        Matrix batch = Matrix.of(DType.FLOAT64, new double[][] {{1, 2}});

        new GaussianNoise(0.1).apply(batch, shape, ScriptedRandom.of(2.0, -1.0));

        assertThat(batch.row(0)).containsExactly(1 + 0.1 * 2.0, 2 - 0.1);
    }

    @Test
    void clampedNoiseStaysInsideTheBounds() {
        Matrix batch = Matrix.zeros(DType.FLOAT32, 50, SHAPE.size());
        batch.fill(0.5);

        new GaussianNoise(1.0, 0, 1).apply(batch, SHAPE, new SplittableRandom(15));

        int atZero = 0;
        int atOne = 0;
        for (int i = 0; i < batch.size(); i++) {
            double v = batch.get(i);
            assertThat(v).isBetween(0.0, 1.0);
            atZero += v == 0 ? 1 : 0;
            atOne += v == 1 ? 1 : 0;
        }
        // P(|N(0, 1)| > 0.5) on each side ≈ 0.31 of 38 400 values
        assertThat(atZero).isGreaterThan(10_000);
        assertThat(atOne).isGreaterThan(10_000);
    }

    @Test
    void unclampedByDefault() {
        GaussianNoise noise = new GaussianNoise(0.05);

        assertThat(noise.clamped()).isFalse();
        assertThat(noise.id()).isEqualTo("noise=0.05");
        assertThat(new GaussianNoise(0.05, 0, 1).id()).isEqualTo("noise=0.05:0.0:1.0");
    }

    @Test
    void rejectsABadStdOrClampRange() {
        assertThatThrownBy(() -> new GaussianNoise(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument std: 0.0. Expected a finite number > 0, in the units of "
                        + "the pixel values, e.g. 0.05.");
        assertThatThrownBy(() -> new GaussianNoise(Double.POSITIVE_INFINITY)).hasMessageContaining("std: Infinity");
        assertThatThrownBy(() -> new GaussianNoise(0.1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for arguments min, max: [1.0, 0.0]. Expected finite bounds with min < max, "
                        + "e.g. [0, 1] for intensities in that range.");
        assertThatThrownBy(() -> new GaussianNoise(0.1, Double.NEGATIVE_INFINITY, 1)).hasMessageContaining("[-Infinity, 1.0]");
    }
}
