package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;
import dev.plumb.diagnose.gradcheck.HandWrittenDense.Fault;
import dev.plumb.nn.Activation;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The parts of {@link Layer}'s backward contract a single fresh pass cannot see (issue 13 §2 a, b): a layer
 * may overwrite gradOutput, and must overwrite (never add into) its parameters' grad.
 */
class BackwardContractGradientCheckTest {

    private final GradientCheck check = new GradientCheck();
    private final Matrix x = Fixtures.gaussian(Fixtures.M, 4, 11);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 12);

    private static Network network(Fault first, Fault second) {
        List<Layer> layers = List.of(new HandWrittenDense(4, 5, true, first, DType.FLOAT64).randomize(13),
                new HandWrittenDense(5, 3, true, second, DType.FLOAT64).randomize(14));
        return new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(0.1), null);
    }

    @Test
    void aCorrectLayerThatComputesDzInPlaceInGradOutputPassesItsOwnCheck() {
        GradientCheckReport report = check.check(new HandWrittenDense(4, 3, true, Fault.DZ_IN_PLACE, DType.FLOAT64)
                .randomize(15), x);

        assertThat(report.verdict()).as(report.format()).isEqualTo(Verdict.CORRECT);
        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W", "b", "X");
    }

    @Test
    void localizationBlamesTheBuggyLayerNotTheCorrectInPlaceOne() {
        GradientCheckReport report = check.check(network(Fault.BIAS_TIMES_2, Fault.DZ_IN_PLACE), x, y);

        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("b1");
        assertThat(report.layerChecks()).filteredOn(c -> !c.passed()).extracting(LayerCheck::position)
                .containsExactly(0);
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(0);
    }

    @Test
    void aLayerThatAccumulatesIntoItsWeightGradientIsNamed() {
        GradientCheckReport report = check.check(network(Fault.NONE, Fault.WEIGHT_ACCUMULATES), x, y);

        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("W2").orElseThrow().verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("W2").orElseThrow().scale()).as("the second pass gives 2 × dW2")
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.ACCUMULATES);
        assertThat(report.diagnosis().message()).startsWith("layer 2 (HandWrittenDense(5 → 3, tanh)) accumulates into"
                + " W2's gradient instead of overwriting it");
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(1);
        assertThat(report.format()).contains("accumulates into W2's gradient instead of overwriting it");
    }

    @Test
    void aSingleLayerCheckNamesTheAccumulation() {
        GradientCheckReport report = check.check(new HandWrittenDense(4, 3, true, Fault.WEIGHT_ACCUMULATES,
                DType.FLOAT64).randomize(15), x);

        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.ACCUMULATES);
        assertThat(report.diagnosis().message()).startsWith("HandWrittenDense(4 → 3, tanh) accumulates into W's"
                + " gradient instead of overwriting it");
        assertThat(report.tensor("b").orElseThrow().verdict()).isEqualTo(Verdict.CORRECT);
    }

    @Test
    void builtInLayersDoNotAccumulate() {
        Network network = Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), new L2(0.1), 3, 21);
        GradientCheckReport report = check.check(network, x, y);

        assertThat(report.diagnosis().finding()).isEqualTo(Finding.ALL_PASS);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
    }
}
