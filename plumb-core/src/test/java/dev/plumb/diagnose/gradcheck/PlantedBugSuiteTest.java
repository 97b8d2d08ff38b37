package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;
import dev.plumb.diagnose.gradcheck.HandWrittenDense.Fault;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.ExtensionPointsTest.LogCosh;
import dev.plumb.nn.ExtensionPointsTest.LogCoshWithBug;
import dev.plumb.nn.ExtensionPointsTest.PullTowardWithBug;
import dev.plumb.nn.ExtensionPointsTest.Softplus;
import dev.plumb.nn.ExtensionPointsTest.SoftplusWithBug;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Issue 13's planted bugs, one per row: each is planted in a small network, checked, and the diagnosis must
 * fail exactly the listed tensors, give the listed finding and contain the listed words. The one case that must
 * pass is a correct layer that computes dZ in place in gradOutput.
 */
class PlantedBugSuiteTest {

    /** A planted bug, the tensors that must fail, the finding and the words the diagnosis must contain. */
    record Case(String name, Supplier<GradientCheckReport> check, List<String> failing, Finding finding,
                List<String> words) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Matrix X = Fixtures.gaussian(Fixtures.M, 4, 11);
    private static final Matrix Y = Fixtures.oneHot(Fixtures.M, 3, 12);

    /** Dense(4 → 5, tanh), the hand-written layer 5 → 5 (tanh) with {@code fault}, Dense(5 → 3): layer 2 is planted. */
    private static GradientCheckReport planted(Fault fault) {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 13),
                new HandWrittenDense(5, 5, true, fault, DType.FLOAT64).randomize(14),
                Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 15));
        return new GradientCheck().check(Network.of(4, layers, Loss.softmaxCrossEntropy()), X, Y);
    }

    /** As OutlierCoordinateTest: the planted layer last, L2 0.1, a seed on which dW[1, 2] is diluted below 1e-6. */
    private static GradientCheckReport oneCoordinateOff() {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 7),
                new HandWrittenDense(5, 3, true, Fault.ONE_WEIGHT_OFF, DType.FLOAT64).randomize(8));
        Network network = new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(0.1), null);
        return new GradientCheck().check(network, Fixtures.gaussian(Fixtures.M, 4, 507), Fixtures.oneHot(Fixtures.M, 3, 607));
    }

    /** As ExtensionPointsTest: Dense(3 → 5, hidden), Dense(5 → 2, identity), regression targets. */
    private static GradientCheckReport userParts(Activation hidden, Loss loss, Regularizer penalty) {
        SplittableRandom rng = new SplittableRandom(7);
        Dense first = new Dense(3, 5, hidden, DType.FLOAT64).initialize(Initializer.parse("lecun"), rng);
        Dense out = new Dense(5, 2, Activation.identity(), DType.FLOAT64).initialize(Initializer.parse("lecun"), rng);
        Network network = new Network(3, List.of(first, out), loss, penalty, null);
        return new GradientCheck().check(network, uniform(8, 3, 1), uniform(8, 2, 2));
    }

    private static Matrix uniform(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(DType.FLOAT64, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble(-1, 1));
        }
        return m;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("bias 1/m missing", () -> planted(Fault.BIAS_TIMES_M), List.of("b2"), Finding.BIAS_GRADIENT,
                        List.of("bias gradient of layer 2", "= m, the batch size: a 1/m is missing")),
                new Case("sign flipped", () -> planted(Fault.BIAS_NEGATED), List.of("b2"), Finding.BIAS_GRADIENT,
                        List.of("bias gradient of layer 2", "the sign is flipped")),
                new Case("1/m twice", () -> planted(Fault.BIAS_OVER_M), List.of("b2"), Finding.BIAS_GRADIENT,
                        List.of("bias gradient of layer 2", "the 1/m is applied twice")),
                new Case("transposed dW", () -> planted(Fault.WEIGHT_TRANSPOSED), List.of("W2"), Finding.WEIGHT_GRADIENT,
                        List.of("weight gradient of layer 2", "dW = dZᵀ·X")),
                new Case("wrong cache: A used as Z", () -> planted(Fault.DERIVATIVE_FROM_A), List.of("W1", "b1", "W2", "b2"),
                        Finding.LAYER_BACKWARD, List.of("layer 2 (HandWrittenDense(5 → 5, tanh)) fails its own check",
                                "g'(Z)")),
                new Case("dX ×2", () -> planted(Fault.INPUT_TIMES_2), List.of("W1", "b1"),
                        Finding.WRONG_INPUT_GRADIENT_UPSTREAM, List.of("layer 2 (HandWrittenDense(5 → 5, tanh)) returns"
                                + " a wrong input gradient dX")),
                new Case("missing g′", () -> planted(Fault.NO_DERIVATIVE), List.of("W1", "b1", "W2", "b2"),
                        Finding.LAYER_BACKWARD, List.of("layer 2 (HandWrittenDense(5 → 5, tanh)) fails its own check",
                                "g'(Z) ⊙ dA")),
                new Case("in-place gradOutput (correct)", () -> planted(Fault.DZ_IN_PLACE), List.of(), Finding.ALL_PASS,
                        List.of("backprop is right")),
                new Case("accumulation (+=)", () -> planted(Fault.WEIGHT_ACCUMULATES), List.of("W2"), Finding.ACCUMULATES,
                        List.of("layer 2", "accumulates into W2's gradient", "+=")),
                new Case("one coordinate off by 1e-4", PlantedBugSuiteTest::oneCoordinateOff, List.of("W2"),
                        Finding.WEIGHT_GRADIENT, List.of("suspicious", "coordinate W2[1, 2]")),
                new Case("custom activation", () -> userParts(new SoftplusWithBug(), new LogCosh(), Regularizer.none()),
                        List.of("W1", "b1"), Finding.LAYER_BACKWARD,
                        List.of("the derivative of activation softplus (in layer 1) is wrong")),
                new Case("custom loss", () -> userParts(new Softplus(), new LogCoshWithBug(), Regularizer.none()),
                        List.of("W1", "b1", "W2", "b2"), Finding.SAME_FACTOR,
                        List.of("the gradient of loss log_cosh is wrong", "= m, the batch size")),
                new Case("custom penalty", () -> userParts(new Softplus(), new LogCosh(), new PullTowardWithBug(2.0, 0.5)),
                        List.of("W1", "W2"), Finding.PENALTY_TERM,
                        List.of("the gradient of penalty pull-with-bug is wrong"))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDiagnosisNamesThePlantedBug(Case c) {
        GradientCheckReport report = c.check().get();

        assertThat(report.failing()).as(report.format()).extracting(TensorCheck::name)
                .containsExactlyElementsOf(c.failing());
        assertThat(report.passed()).isEqualTo(c.failing().isEmpty());
        assertThat(report.diagnosis().finding()).as(report.format()).isEqualTo(c.finding());
        assertThat(report.diagnosis().message()).as(report.format()).contains(c.words());
    }
}
