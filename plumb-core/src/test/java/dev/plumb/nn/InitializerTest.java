package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class InitializerTest {

    private static final int FAN_OUT = 512;
    private static final int FAN_IN = 1024;
    private static final int N = FAN_OUT * FAN_IN;

    /** id, the variance written from the note's formulas for n_in = 1024, n_out = 512, and whether uniform. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "small,          0.0001,            false",
            "lecun,          0.0009765625,      false",   // 1 / n_in
            "xavier,         0.0009765625,      false",
            "he,             0.001953125,       false",   // 2 / n_in
            "glorot,         0.0013020833333333333, false", // 2 / (n_in + n_out)
            "lecun_uniform,  0.0009765625,      true",
            "he_uniform,     0.001953125,       true",
            "glorot_uniform, 0.0013020833333333333, true"})
    void sampleVarianceMatchesTheFormulaWithinSamplingError(String id, double variance, boolean uniform) {
        Matrix w = Matrix.zeros(DType.FLOAT64, FAN_OUT, FAN_IN);
        Initializer initializer = Initializer.parse(id);
        initializer.initialize(w, new SplittableRandom(81));
        assertThat(initializer.variance(FAN_IN, FAN_OUT)).isEqualTo(variance, within(1e-18));

        double mean = w.sum() / N;
        double sampleVariance = 0;
        for (int i = 0; i < N; i++) {
            sampleVariance += (w.get(i) - mean) * (w.get(i) - mean);
        }
        sampleVariance /= N - 1;
        // standard error of a sample variance: Var·√((κ − 1)/N), kurtosis κ = 3 (normal) or 1.8 (uniform)
        double kurtosis = uniform ? 1.8 : 3;
        double varianceTolerance = 5 * variance * Math.sqrt((kurtosis - 1) / N); // ≈ 1%, tighter than the 3% asked
        assertThat(sampleVariance).as("sample variance of %s", id).isCloseTo(variance,
                within(varianceTolerance));
        assertThat(mean).as("mean of %s", id).isCloseTo(0, within(5 * Math.sqrt(variance / N)));
        if (uniform) {
            double limit = Math.sqrt(3 * variance);
            for (int i = 0; i < N; i++) {
                assertThat(Math.abs(w.get(i))).isLessThanOrEqualTo(limit);
            }
            assertThat(maxAbs(w)).as("the range is used up to its edge").isGreaterThan(0.99 * limit);
        } else {
            assertThat(maxAbs(w)).as("a normal draw exceeds √(3·Var) somewhere").isGreaterThan(Math.sqrt(3 * variance));
        }
    }

    @Test
    void zerosGivesExactlyZero() {
        Matrix w = Matrix.zeros(DType.FLOAT64, 8, 4);
        w.fill(3);
        Initializer.parse("zeros").initialize(w, new SplittableRandom(82));
        assertThat(w.sumOfAbsolutes()).isZero();
        assertThat(Initializer.parse("zeros").variance(4, 8)).isZero();
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndAnotherSeedDifferentOnes() {
        for (String id : new String[] {"small", "lecun", "he_uniform", "glorot"}) {
            Matrix a = Matrix.zeros(DType.FLOAT32, 16, 32);
            Matrix b = a.zerosLike();
            Matrix c = a.zerosLike();
            Initializer.parse(id).initialize(a, new SplittableRandom(83));
            Initializer.parse(id).initialize(b, new SplittableRandom(83));
            Initializer.parse(id).initialize(c, new SplittableRandom(84));
            assertThat(a.contentEquals(b)).as(id).isTrue();
            assertThat(a.contentEquals(c)).as(id).isFalse();
        }
    }

    @Test
    void defaultIsHeForTheReluFamilyAndLecunForTanhAndSigmoid() {
        assertThat(Initializer.defaultFor(Activation.relu())).isEqualTo(Initializer.parse("he"));
        assertThat(Initializer.defaultFor(Activation.leakyRelu(0.01))).isEqualTo(Initializer.parse("he"));
        assertThat(Initializer.defaultFor(Activation.tanh())).isEqualTo(Initializer.parse("lecun"));
        assertThat(Initializer.defaultFor(Activation.sigmoid())).isEqualTo(Initializer.parse("lecun"));
        assertThat(Initializer.defaultFor(Activation.relu()).variance(50, 10)).isEqualTo(2.0 / 50);
        assertThat(Initializer.defaultFor(Activation.tanh()).variance(50, 10)).isEqualTo(1.0 / 50);
        assertThat(LayerSpec.dense(10, Activation.relu()).initializer().id()).isEqualTo("he");
        assertThat(LayerSpec.dense(10, Activation.tanh()).initializer().id()).isEqualTo("lecun");
    }

    @Test
    void unknownIdIsRejectedListingTheAllowedIds() {
        assertThatThrownBy(() -> Initializer.parse("orthogonal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orthogonal'")
                .hasMessageContaining("zeros, small, lecun, xavier, he, glorot")
                .hasMessageContaining("_uniform");
    }

    private static double maxAbs(Matrix w) {
        double max = 0;
        for (int i = 0; i < w.size(); i++) {
            max = Math.max(max, Math.abs(w.get(i)));
        }
        return max;
    }
}
