package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;
import dev.plumb.diagnose.gradcheck.HandWrittenDense.Fault;
import dev.plumb.nn.Activation;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A layer written by a user, with a deliberate bug in its backward, is caught and named. The reference
 * for the size of the error is closed form: a gradient scaled by s has relative error |s − 1| / (|s| + 1).
 */
class UserLayerGradientCheckTest {

    private static final int M = Fixtures.M;
    private final GradientCheck check = new GradientCheck();
    private final Matrix x = Fixtures.gaussian(M, 4, 11);
    private final Matrix y = Fixtures.oneHot(M, 3, 12);

    /** Dense(4 → 5, tanh), then the hand-written layer 5 → 3 (tanh) with {@code fault}, L2 0.1. */
    private static Network withSecondLayer(Fault fault) {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 13),
                new HandWrittenDense(5, 3, true, fault, DType.FLOAT64).randomize(14));
        return new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(0.1), null);
    }

    @Test
    void aCorrectHandWrittenLayerPassesAloneAndInANetwork() {
        GradientCheckReport alone = check.check(new HandWrittenDense(4, 3, true, Fault.NONE, DType.FLOAT64)
                .randomize(15), x);
        GradientCheckReport inNetwork = check.check(withSecondLayer(Fault.NONE), x, y);

        assertThat(alone.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(inNetwork.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(inNetwork.layerChecks()).as("no localization when nothing fails").isEmpty();
    }

    @Test
    void biasGradientMissingTheOneOverMFailsOnlyThatBiasAndIsNamed() {
        GradientCheckReport report = check.check(withSecondLayer(Fault.BIAS_TIMES_M), x, y);

        TensorCheck b2 = report.tensor("b2").orElseThrow();
        assertThat(b2.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(b2.relativeError()).isCloseTo((M - 1.0) / (M + 1.0), within(1e-6));
        assertThat(b2.scale()).isCloseTo(M, within(1e-5));
        assertThat(List.of("W1", "b1", "W2")).allSatisfy(name ->
                assertThat(report.tensor(name).orElseThrow().verdict()).as(name).isEqualTo(Verdict.CORRECT));
        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.BIAS_GRADIENT);
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(1);
        assertThat(report.diagnosis().message()).startsWith("b2 fails while W2 passes: the bias gradient of layer 2"
                + " (HandWrittenDense(5 → 3, tanh)) is wrong").contains("= m, the batch size: a 1/m is missing");
    }

    @Test
    void overallErrorIsTheNotesRatioOverFlattenedThetaAndDTheta() {
        Network network = withSecondLayer(Fault.BIAS_TIMES_2);
        GradientCheckReport report = check.check(network, x, y);

        // reference, written out: θ = (W1, b1, W2, b2) flattened, dθ from backprop, dθ_approx by central differences
        Network copy = network.copy(DType.FLOAT64);
        List<Matrix> theta = copy.parameters().values().stream().map(p -> p.value()).toList();
        copy.computeGradients(x, y, Mode.EVAL, M);
        double[] dTheta = copy.parameters().values().stream()
                .flatMapToDouble(p -> java.util.Arrays.stream(p.grad().toDoubleArray())).toArray();
        double[] approx = new double[dTheta.length];
        double h = 1e-6;
        int i = 0;
        for (Matrix t : theta) {
            for (int k = 0; k < t.size(); k++, i++) {
                double saved = t.get(k);
                t.set(k, saved + h);
                double plus = copy.cost(x, y, Mode.EVAL);
                t.set(k, saved - h);
                double minus = copy.cost(x, y, Mode.EVAL);
                t.set(k, saved);
                approx[i] = (plus - minus) / (2 * h);
            }
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < dTheta.length; k++) {
            diff += (approx[k] - dTheta[k]) * (approx[k] - dTheta[k]);
            na += approx[k] * approx[k];
            nb += dTheta[k] * dTheta[k];
        }
        double expected = Math.sqrt(diff) / (Math.sqrt(na) + Math.sqrt(nb));

        assertThat(report.checked()).isEqualTo(dTheta.length);
        assertThat(report.overallError()).isCloseTo(expected, within(1e-6 * expected));
    }

    @Test
    void biasGradientScaledByTwoIsOffByAThird() {
        GradientCheckReport report = check.check(withSecondLayer(Fault.BIAS_TIMES_2), x, y);

        TensorCheck b2 = report.tensor("b2").orElseThrow();
        assertThat(b2.relativeError()).isCloseTo(1.0 / 3.0, within(1e-6)); // |2n − n| / (2|n| + |n|)
        assertThat(b2.worst()).allSatisfy(w -> assertThat(w.analytic()).isCloseTo(2 * w.numeric(), within(1e-6)));
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.BIAS_GRADIENT);
        assertThat(report.diagnosis().message()).contains("a factor 2 too many");
    }

    @Test
    void wrongWeightGradientFailsWWhileBPasses() {
        GradientCheckReport report = check.check(withSecondLayer(Fault.WEIGHT_TIMES_2), x, y);

        assertThat(report.tensor("W2").orElseThrow().verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("b2").orElseThrow().passed()).isTrue();
        assertThat(report.tensor("W1").orElseThrow().passed()).isTrue();
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.WEIGHT_GRADIENT);
        assertThat(report.diagnosis().message()).startsWith("W2 fails while b2 passes: the weight gradient of layer 2"
                + " (HandWrittenDense(5 → 3, tanh)) is wrong");
    }

    @Test
    void wrongInputGradientIsCaughtByTheSingleLayerCheck() {
        Layer layer = new HandWrittenDense(4, 3, true, Fault.INPUT_WITHOUT_DERIVATIVE, DType.FLOAT64).randomize(16);

        GradientCheckReport report = check.check(layer, x);

        assertThat(report.tensor("X").orElseThrow().verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("W").orElseThrow().passed()).isTrue();
        assertThat(report.tensor("b").orElseThrow().passed()).isTrue();
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.INPUT_GRADIENT);
        assertThat(report.diagnosis().message()).startsWith("X fails while W and b pass: the input gradient dX");
    }

    @Test
    void wrongInputGradientOfALayerWithoutParametersIsCaughtAlone() {
        GradientCheckReport report = check.check(new HandWrittenTanh(true, 1), x);

        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("X");
        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.INPUT_GRADIENT);
        assertThat(report.diagnosis().message()).startsWith("X fails: the input gradient dX that HandWrittenTanh's"
                + " backward returns is wrong");
        assertThat(check.check(new HandWrittenTanh(false, 1), x).verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void wrongInputGradientInANetworkFailsTheEarlierLayerAndPointsAtTheLayerAfterIt() {
        GradientCheckReport report = check.check(withSecondLayer(Fault.INPUT_WITHOUT_DERIVATIVE), x, y);

        assertThat(report.tensor("W1").orElseThrow().verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("b1").orElseThrow().verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("W2").orElseThrow().passed()).isTrue();
        assertThat(report.tensor("b2").orElseThrow().passed()).isTrue();
        assertThat(report.layerChecks()).extracting(LayerCheck::passed).containsExactly(true, false);
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.WRONG_INPUT_GRADIENT_UPSTREAM);
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(1);
        assertThat(report.diagnosis().message()).startsWith("W1 and b1 fail, later layers pass: layer 2"
                + " (HandWrittenDense(5 → 3, tanh)) returns a wrong input gradient dX");
    }

    @Test
    void wrongInputGradientOfALayerWithoutParametersIsFoundToo() {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.identity(), DType.FLOAT64, 17),
                new HandWrittenTanh(true, 1), Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 18));
        Network network = Network.of(4, layers, Loss.softmaxCrossEntropy());

        GradientCheckReport report = check.check(network, x, y);

        assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("W1", "b1");
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.WRONG_INPUT_GRADIENT_UPSTREAM);
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(1);
        assertThat(report.diagnosis().message()).contains("HandWrittenTanh at position 2 returns a wrong input gradient");
    }

    @Test
    void wrongActivationDerivativeFailsTheWholeLayerAndItsOwnCheckPointsAtIt() {
        List<Layer> layers = List.of(new HandWrittenDense(4, 5, true, Fault.WRONG_DERIVATIVE, DType.FLOAT64)
                .randomize(19), Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 20));
        Network network = Network.of(4, layers, Loss.softmaxCrossEntropy());

        GradientCheckReport report = check.check(network, x, y);

        assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("W1", "b1");
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.LAYER_BACKWARD);
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(0);
        assertThat(report.diagnosis().message()).startsWith("W1 and b1 fail, later layers pass: layer 1"
                + " (HandWrittenDense(4 → 5, tanh)) fails its own check");
        GradientCheckReport own = report.layerChecks().get(0).report();
        assertThat(own.failing()).extracting(TensorCheck::name).containsExactly("W", "b", "X");
        assertThat(own.diagnosis().finding()).isEqualTo(Finding.LAYER_BACKWARD);
    }

    @Test
    void everythingOffByTheSameFactorSaysSo() {
        // a last layer whose backward doubles the gradient: every tensor before it is ×2
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 21),
                Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 22), new HandWrittenTanh(false, 2));
        Network network = Network.of(4, layers, Loss.meanSquaredError());

        GradientCheckReport report = check.check(network, x, Fixtures.gaussian(M, 3, 23));

        assertThat(report.failing()).hasSize(4);
        assertThat(report.tensors()).allSatisfy(t -> assertThat(t.scale()).isCloseTo(2.0, within(1e-6)));
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.SAME_FACTOR);
        assertThat(report.diagnosis().message()).startsWith("everything fails by the same factor: backprop = 2.000"
                + " × numerical (a factor 2 too many)");
    }
}
