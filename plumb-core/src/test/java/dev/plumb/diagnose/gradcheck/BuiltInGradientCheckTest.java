package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.ElasticNet;
import dev.plumb.nn.L1;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Every built-in layer, loss and penalty passes the check with a relative error below 1e-7: the reference
 * is the two-sided difference of J, computed without any backward code.
 */
class BuiltInGradientCheckTest {

    private static final double CORRECT = 1e-7;
    /** Seeds tried in search of weights and inputs away from kinks; a handful suffice, so reaching this is a bug. */
    private static final int SEED_SEARCH_LIMIT = 100;
    private final GradientCheck check = new GradientCheck();

    static Stream<Activation> activations() {
        return Stream.of(Activation.relu(), Activation.leakyRelu(0.1), Activation.tanh(), Activation.sigmoid(),
                Activation.identity(), Activation.softmax());
    }

    static Stream<Loss> losses() {
        return Stream.of(Loss.softmaxCrossEntropy(), Loss.binaryCrossEntropy(), Loss.meanSquaredError());
    }

    static Stream<Regularizer> penalties() {
        return Stream.of(new L2(0.3), new L1(0.3), new ElasticNet(new L2(0.2), new L1(0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void denseLayerOnItsOwnPassesForEveryActivationIncludingItsInputGradient(Activation g) {
        for (long seed = 1; seed <= SEED_SEARCH_LIMIT; seed++) {
            Dense dense = Fixtures.dense(Fixtures.INPUTS, Fixtures.HIDDEN, g, DType.FLOAT64, seed);
            Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, seed + 100);
            if (Fixtures.smallestPreActivation(dense, x) < 1e-4) {
                continue; // a ReLU kink within reach of ε: redraw
            }
            GradientCheckReport report = check.check(dense, x);

            assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W", "b", "X");
            assertAllBelow(report, CORRECT);
            assertThat(report.diagnosis().finding()).isEqualTo(Diagnosis.Finding.ALL_PASS);
            return;
        }
        fail("no seed in 1.." + SEED_SEARCH_LIMIT + " keeps every pre-activation of " + g.id()
                + " at least 1e-4 from 0, where a kink would be within reach of ε");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void networkWithEveryHiddenActivationPasses(Activation g) {
        for (long seed = 1; seed <= SEED_SEARCH_LIMIT; seed++) {
            Network network = Fixtures.twoLayer(g, Loss.softmaxCrossEntropy(), new L2(0.1), Fixtures.CLASSES, seed);
            Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, seed + 100);
            if (!awayFromKinks(network, x)) {
                continue;
            }
            GradientCheckReport report = check.check(network, x, Fixtures.oneHot(Fixtures.M, Fixtures.CLASSES, seed));

            assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W1", "b1", "W2", "b2");
            assertAllBelow(report, CORRECT);
            return;
        }
        fail("no seed in 1.." + SEED_SEARCH_LIMIT + " gives a " + g.id() + " network whose inputs stay away from kinks");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void everyLossPasses(Loss loss) {
        int outputs = loss.id().equals("binary_cross_entropy") ? 2 : Fixtures.CLASSES;
        Network network = Fixtures.twoLayer(Activation.tanh(), loss, new L2(0), outputs, 7);
        Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, 8);

        GradientCheckReport report = check.check(network, x, Fixtures.targets(loss, Fixtures.M, outputs, 9));

        assertAllBelow(report, CORRECT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("penalties")
    void everyPenaltyPassesWithWeightsAwayFromZero(Regularizer penalty) {
        for (long seed = 1; seed <= SEED_SEARCH_LIMIT; seed++) {
            Network network = Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), penalty,
                    Fixtures.CLASSES, seed);
            if (Fixtures.smallestWeight(network) < 1e-3) {
                continue; // |w| ≤ ε would put the L1 kink within reach
            }
            Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, seed + 100);
            GradientCheckReport report = check.check(network, x, Fixtures.oneHot(Fixtures.M, Fixtures.CLASSES, seed));

            assertAllBelow(report, CORRECT);
            assertThat(report.notes()).noneMatch(n -> n.contains("not the same function"));
            return;
        }
        fail("no seed in 1.." + SEED_SEARCH_LIMIT + " gives a network whose every weight has |w| >= 1e-3,"
                + " away from the L1 kink at 0");
    }

    @Test
    void perLayerPenaltiesAndDeeperNetworksPass() {
        List<Layer> layers = List.of(
                Fixtures.dense(4, 6, Activation.tanh(), DType.FLOAT64, 31),
                Fixtures.dense(6, 5, Activation.sigmoid(), DType.FLOAT64, 32),
                Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 33));
        Network network = new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(0.2),
                java.util.Arrays.asList(new L1(0.05), null, new ElasticNet(new L2(0.5), new L1(0.2))), null);

        GradientCheckReport report = check.check(network, Fixtures.gaussian(10, 4, 34), Fixtures.oneHot(10, 3, 35));

        assertThat(report.tensors()).hasSize(6);
        assertAllBelow(report, CORRECT);
    }

    @Test
    void aFloat32NetworkIsCheckedOnAFloat64CopyAndLeftUnchanged() {
        Network network = Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), new L2(0.1), 3, 41)
                .copy(DType.FLOAT32);
        Matrix before = network.parameters().get("W1").value().copy();
        Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, 42).to(DType.FLOAT32);

        GradientCheckReport report = check.check(network, x, Fixtures.oneHot(Fixtures.M, 3, 43).to(DType.FLOAT32));

        assertThat(report.dtype()).isEqualTo(DType.FLOAT64);
        assertAllBelow(report, CORRECT);
        assertThat(network.parameters().get("W1").value().contentEquals(before)).isTrue();
        assertThat(network.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void aReluPreActivationWithinReachOfTheStepsIsPointedOut() {
        Dense dense = Fixtures.dense(Fixtures.INPUTS, Fixtures.HIDDEN, Activation.relu(), DType.FLOAT64, 44);
        Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, 45);
        double z = 0; // put example 2, unit 3 at z = 1e-9: b₃ = 1e-9 − x₂·W₃
        for (int k = 0; k < Fixtures.INPUTS; k++) {
            z += x.get(2, k) * dense.weights().get(3, k);
        }
        dense.biases().set(3, 1e-9 - z);

        GradientCheckReport report = check.check(dense, x);

        assertThat(report.notes()).anyMatch(n -> n.startsWith("Dense(4 → 5, relu) has a pre-activation 1.0e-09 from the"
                + " ReLU kink at 0 (example 2, unit 3)"));
    }

    private static boolean awayFromKinks(Network network, Matrix x) {
        List<Matrix> inputs = Fixtures.layerInputs(network, x);
        for (int i = 0; i < network.layers().size(); i++) {
            if (network.layers().get(i) instanceof Dense d && Fixtures.smallestPreActivation(d, inputs.get(i)) < 1e-4) {
                return false;
            }
        }
        return true;
    }

    private static void assertAllBelow(GradientCheckReport report, double bound) {
        for (TensorCheck t : report.tensors()) {
            assertThat(t.relativeError()).as("%s of %s", t.name(), report.subject()).isLessThan(bound);
            assertThat(t.verdict()).as(t.name()).isEqualTo(Verdict.CORRECT);
            assertThat(t.analyticNorm()).as("%s has a gradient worth checking", t.name()).isGreaterThan(1e-3);
        }
        assertThat(report.overallError()).isLessThan(bound);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.passed()).isTrue();
    }
}
