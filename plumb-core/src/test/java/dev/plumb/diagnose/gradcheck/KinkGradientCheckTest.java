package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Points on a ReLU kink (issue 13 §1): with zero biases an example whose layer-1 units are all dead gives
 * z2 = b2 = 0 exactly, where J has no derivative. Such coordinates are counted as non-differentiable and
 * left out of the verdict, while a real bug next to them is still found.
 */
class KinkGradientCheckTest {

    private static final int SEEDS = 100;
    private static final int M = 16;
    private final GradientCheck check = new GradientCheck();

    @Test
    void aCorrectZeroBiasReluNetworkPassesOnEverySeedWithItsKinksCounted() {
        long seedsWithKinks = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Network network = NetworkSpec.mlp(6, new int[] {5, 4}, 3, Activation.relu(), Loss.softmaxCrossEntropy())
                    .build(DType.FLOAT64, seed);
            GradientCheckReport report = check.check(network, Fixtures.gaussian(M, 6, seed + 1000),
                    Fixtures.oneHot(M, 3, seed + 2000));
            if (!report.passed()) {
                failures.add("seed " + seed + ": " + report.diagnosis().message());
            }
            long perTensor = report.tensors().stream().mapToLong(TensorCheck::nonDifferentiable).sum();
            assertThat(report.nonDifferentiable()).isEqualTo(perTensor);
            assertThat(report.checked() + report.nonDifferentiable()).isEqualTo(report.total());
            if (report.nonDifferentiable() > 0) {
                seedsWithKinks++;
                assertThat(report.notes()).anyMatch(n -> n.contains("non-differentiable at this point"));
                assertThat(report.format()).contains("non-differentiable");
            }
        }
        assertThat(failures).isEmpty();
        // the sweep must actually sit on kinks, or it proves nothing
        assertThat(seedsWithKinks).isGreaterThan(SEEDS / 10);
    }

    @Test
    void smoothNetworksAndLayersHaveNoNonDifferentiableCoordinates() {
        for (Activation g : List.of(Activation.tanh(), Activation.sigmoid(), Activation.identity())) {
            for (long seed = 1; seed <= 20; seed++) {
                Network network = NetworkSpec.mlp(6, new int[] {5, 4}, 3, g, Loss.softmaxCrossEntropy())
                        .withL2(0.3).build(DType.FLOAT64, seed);
                GradientCheckReport report = check.check(network, Fixtures.gaussian(M, 6, seed + 1000),
                        Fixtures.oneHot(M, 3, seed + 2000));
                assertThat(report.nonDifferentiable()).as("%s seed %d", g.id(), seed).isZero();
                assertThat(report.passed()).isTrue();
            }
        }
        for (Activation g : List.of(Activation.softmax(), Activation.sigmoid(), Activation.tanh())) {
            for (long seed = 1; seed <= 20; seed++) {
                GradientCheckReport layer = check.check(Fixtures.dense(6, 4, g, DType.FLOAT64, seed),
                        Fixtures.gaussian(M, 6, seed + 1000));
                assertThat(layer.nonDifferentiable()).as("layer %s seed %d", g.id(), seed).isZero();
            }
        }
    }

    @Test
    void aPlantedBiasBugInAReluLayerOnKinksIsStillWrongAndLocalized() {
        for (long seed = 1; seed <= 20; seed++) {
            Network network = reluNetwork(true, seed);
            GradientCheckReport report = check.check(network, Fixtures.gaussian(M, 6, seed + 1000),
                    Fixtures.oneHot(M, 3, seed + 2000));
            assertThat(report.verdict()).as("seed %d", seed).isEqualTo(Verdict.WRONG);
            assertThat(report.tensor("b2").orElseThrow().verdict()).as("seed %d", seed).isEqualTo(Verdict.WRONG);
            assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("b2");
            assertThat(report.diagnosis().message()).contains("HandWrittenReluDense(5 → 4)");
            assertThat(report.layerChecks()).filteredOn(c -> !c.passed()).extracting(LayerCheck::layerNumber)
                    .containsExactly(2);
        }
    }

    @Test
    void theSameHandWrittenReluLayerWithoutTheBugPassesOnTheSameKinks() {
        long kinks = 0;
        for (long seed = 1; seed <= 20; seed++) {
            GradientCheckReport report = check.check(reluNetwork(false, seed), Fixtures.gaussian(M, 6, seed + 1000),
                    Fixtures.oneHot(M, 3, seed + 2000));
            assertThat(report.passed()).as("seed %d: %s", seed, report.diagnosis().message()).isTrue();
            kinks += report.nonDifferentiable();
        }
        assertThat(kinks).isPositive();
    }

    @Test
    void aKinkIsExcusedOnlyWhenBackpropGivesASlopeBetweenTheOneSidedOnes() {
        double epsilon = 1e-7;
        // left slope 0, right slope 0.5: a ReLU at 0
        assertThat(TensorMeasurement.isKink(0, 0.5, 0, 1, epsilon)).isTrue();
        assertThat(TensorMeasurement.isKink(0, 0.5, 0.5, 1, epsilon)).isTrue();
        assertThat(TensorMeasurement.isKink(0, 0.5, 0.25, 1, epsilon)).isTrue();
        assertThat(TensorMeasurement.isKink(0, 0.5, 1.0, 1, epsilon)).isFalse(); // outside: a bug
        assertThat(TensorMeasurement.isKink(0, 0.5, -0.2, 1, epsilon)).isFalse();
        // smooth: right − left = J''·ε, here 1e-7 on slopes of 0.3
        assertThat(TensorMeasurement.isKink(0.3, 0.3 + 1e-7, 0.3, 1, epsilon)).isFalse();
        assertThat(TensorMeasurement.isKink(Double.NaN, 0.5, 0.2, 1, epsilon)).isFalse();
    }

    /** Built-in ReLU layer 1, the hand-written ReLU layer 2 (zero biases), identity output. */
    private static Network reluNetwork(boolean biasBug, long seed) {
        List<Layer> layers = new ArrayList<>();
        Network template = NetworkSpec.mlp(6, new int[] {5}, 4, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT64, seed);
        layers.add(template.layers().get(0));
        layers.add(new HandWrittenReluDense(5, 4, biasBug, DType.FLOAT64).randomize(seed + 7));
        Network head = NetworkSpec.mlp(4, new int[] {}, 3, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT64, seed + 13);
        layers.add(head.layers().get(0));
        return new Network(6, layers, Loss.softmaxCrossEntropy(), Regularizer.none(), null);
    }
}
