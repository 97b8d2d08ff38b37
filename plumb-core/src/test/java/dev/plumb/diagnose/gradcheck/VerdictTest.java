package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class VerdictTest {

    @Test
    void theNotesThresholdsSeparateTheVerdicts() {
        VerdictThresholds note = VerdictThresholds.NOTE;
        assertThat(note.judge(0)).isEqualTo(Verdict.CORRECT);
        assertThat(note.judge(9.9e-8)).isEqualTo(Verdict.CORRECT);
        assertThat(note.judge(1e-7)).isEqualTo(Verdict.FINE);
        assertThat(note.judge(9.9e-6)).isEqualTo(Verdict.FINE);
        assertThat(note.judge(1e-5)).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(note.judge(9.9e-4)).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(note.judge(1e-3)).isEqualTo(Verdict.WRONG);
        assertThat(note.judge(Double.NaN)).as("a gradient that is not finite").isEqualTo(Verdict.WRONG);
        assertThat(Verdict.FINE.passed()).isTrue();
        assertThat(Verdict.SUSPICIOUS.passed()).isFalse();
        assertThat(Verdict.FINE.worse(Verdict.WRONG)).isEqualTo(Verdict.WRONG);
    }

    @Test
    void thresholdsFromTheConfigAreTheOnesUsed() {
        Network network = Network.of(4, List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 1),
                new HandWrittenDense(5, 3, true, HandWrittenDense.Fault.BIAS_TIMES_2, DType.FLOAT64).randomize(2)),
                Loss.softmaxCrossEntropy());
        Matrix x = Fixtures.gaussian(8, 4, 3);
        Matrix y = Fixtures.oneHot(8, 3, 4);
        GradientCheck lenient = new GradientCheck(GradientCheckConfig.defaults()
                .withThresholds(new VerdictThresholds(0.1, 0.2, 0.5)));

        GradientCheckReport report = lenient.check(network, x, y);

        assertThat(report.tensor("b2").orElseThrow().relativeError()).isCloseTo(1.0 / 3, within(1e-6));
        assertThat(report.tensor("b2").orElseThrow().verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(report.thresholds().suspicious()).isEqualTo(0.5);
    }

    @Test
    void allZeroGradientsGiveARelativeErrorOfZeroNotNaN() {
        // every ReLU unit of layer 1 is off for every example: dW1 = db1 = 0, and so is the numerical gradient
        Dense dead = Fixtures.dense(4, 5, Activation.relu(), DType.FLOAT64, 5);
        dead.biases().fill(-100);
        List<Layer> layers = List.of(dead, Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 6));

        GradientCheckReport report = new GradientCheck().check(Network.of(4, layers, Loss.softmaxCrossEntropy()),
                Fixtures.gaussian(8, 4, 7), Fixtures.oneHot(8, 3, 8));

        TensorCheck w1 = report.tensor("W1").orElseThrow();
        assertThat(w1.analyticNorm()).isZero();
        assertThat(w1.numericNorm()).isZero();
        assertThat(w1.relativeError()).isZero();
        assertThat(w1.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void relativeErrorIsTheNotesRatioWithAFlooredDenominator() {
        assertThat(TensorMeasurement.relativeError(0, 0, 0, 1e-8)).isZero();
        assertThat(TensorMeasurement.relativeError(1, 2, 1, 1e-8)).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(TensorMeasurement.relativeError(1e-10, 1e-10, 0, 1e-8)).isCloseTo(1e-2, within(1e-15));
        assertThat(TensorMeasurement.relativeError(Double.NaN, 1, 1, 1e-8)).isNaN();
    }

    @Test
    void aSingleWrongTensorMakesTheCheckFailEvenWhenTheOverallErrorLooksFine() {
        // a tiny 1-element bias off by ×2 inside a large, correct θ
        TensorCheck big = tensor("W1", 1e-9, 100, 100, 1e-7);
        TensorCheck tiny = tensor("b1", 1.0 / 3, 1e-3, 2e-3, 1e-3);
        GradientCheckReport report = CheckSupport.report("test", "at the given weights", 0, 0, 8,
                GradientCheckConfig.defaults(), List.of(big, tiny), new Diagnosis(Diagnosis.Finding.BIAS_GRADIENT, "", 0),
                List.of(), List.of());

        assertThat(report.overallVerdict()).isEqualTo(Verdict.FINE);
        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.passed()).isFalse();
    }

    private static TensorCheck tensor(String name, double error, double numeric, double analytic, double difference) {
        return new TensorCheck(name, TensorCheck.Kind.WEIGHT, 0, 1, "Dense", 1, 1, 1, 1, error,
                VerdictThresholds.NOTE.judge(error), analytic, numeric, difference, Double.NaN, true, List.of());
    }
}
