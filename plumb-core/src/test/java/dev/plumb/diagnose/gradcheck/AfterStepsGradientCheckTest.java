package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plumb.nn.Activation;
import dev.plumb.nn.L2;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** The note: check at initialization, and again after some training, when the weights have moved. */
class AfterStepsGradientCheckTest {

    private static final int STEPS = 25;
    private static final double RATE = 0.5;
    private final Network network = Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), new L2(0.2), 3, 81);
    private final Matrix x = Fixtures.gaussian(Fixtures.M, Fixtures.INPUTS, 82);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 83);

    @Test
    void theCheckAfterKStepsRunsOnTheTrainedWeightsAndStillPasses() {
        Matrix givenW1 = network.parameters().get("W1").value().copy();
        GradientCheckConfig config = GradientCheckConfig.defaults().withTraining(STEPS, RATE, 0);

        GradientCheckReport report = new GradientCheck(config).check(network, x, y);

        // reference: k steps of θ ← θ − α·∇J on a float64 copy, written out here
        Network trained = network.copy(DType.FLOAT64);
        double moved = 0;
        double size = 0;
        Map<String, Parameter> before = network.copy(DType.FLOAT64).parameters();
        for (int step = 0; step < STEPS; step++) {
            trained.computeGradients(x, y, Mode.TRAIN, x.rows());
            for (Parameter p : trained.parameters().values()) {
                p.value().axpy(-RATE, p.grad());
            }
        }
        trained.computeGradients(x, y, Mode.EVAL, x.rows());
        for (TensorCheck t : report.tensors()) {
            Matrix grad = trained.parameters().get(t.name()).grad();
            assertThat(t.analyticNorm()).as(t.name()).isCloseTo(Math.sqrt(grad.sumOfSquares()), within(1e-12));
            Matrix now = trained.parameters().get(t.name()).value();
            Matrix then = before.get(t.name()).value();
            for (int i = 0; i < now.size(); i++) {
                moved += (now.get(i) - then.get(i)) * (now.get(i) - then.get(i));
                size += then.get(i) * then.get(i);
            }
        }
        assertThat(report.parameterShift()).isCloseTo(Math.sqrt(moved / size), within(1e-12)).isGreaterThan(0.05);
        assertThat(report.stepsTrained()).isEqualTo(STEPS);
        assertThat(report.stage()).isEqualTo("after 25 sgd steps (α = 0.5, batch 8)");
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(network.parameters().get("W1").value().contentEquals(givenW1)).as("caller's network unchanged").isTrue();
    }

    @Test
    void beforeAndAfterTrainingGivesTwoReportsOnDifferentWeights() {
        GradientCheck check = new GradientCheck(GradientCheckConfig.defaults().withTraining(STEPS, RATE, 0));

        List<GradientCheckReport> reports = check.checkBeforeAndAfterTraining(network, x, y);

        assertThat(reports).extracting(GradientCheckReport::stepsTrained).containsExactly(0, STEPS);
        assertThat(reports.get(0).stage()).isEqualTo("at the given weights");
        assertThat(reports.get(0).tensor("W1").orElseThrow().analyticNorm())
                .isNotCloseTo(reports.get(1).tensor("W1").orElseThrow().analyticNorm(), within(1e-3));
        assertThat(reports).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.CORRECT));
        assertThat(new GradientCheck().checkBeforeAndAfterTraining(network, x, y)).hasSize(1);
    }

    @Test
    void miniBatchStepsWithAnotherOptimizerAndDropoutStillPass() {
        Network withDropout = new NetworkSpec(4, List.of(LayerSpec.dense(6, Activation.sigmoid()),
                LayerSpec.dropout(0.7), LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0)
                .build(DType.FLOAT32, 84);
        GradientCheck check = new GradientCheck(GradientCheckConfig.defaults().withTraining(30, 0.05, 3),
                new Adam(0.9, 0.999, 1e-8));

        GradientCheckReport report = check.check(withDropout, x, y);

        assertThat(report.stage()).startsWith("after 30 adam(").endsWith("steps (α = 0.05, batch 3)");
        assertThat(report.parameterShift()).isGreaterThan(0.01);
        assertThat(report.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(report.notes()).anyMatch(n -> n.contains("turned off for the check"));
    }

    @Test
    void trainingThatDivergesBeforeTheCheckIsAnInputErrorNamingTheFix() {
        // α = 1e6 with L2: each step multiplies W by about 1 − α·λ/m, so the penalty overflows within 100 steps
        GradientCheck check = new GradientCheck(GradientCheckConfig.defaults().withTraining(100, 1e6, 0));

        assertThatThrownBy(() -> check.check(network, x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diverged at step ")
                .hasMessageContaining("with learning rate 1000000.0")
                .hasMessageContaining("Use a smaller learningRate or fewer afterSteps");
    }
}
