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
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Issue 13 §2 d: "J leaves out the regularization term" holds only when every penalized tensor is off by
 * exactly the penalty's gradient. A layer that adds the L2 gradient itself shifts only its own weights.
 */
class PenaltyDiagnosisTest {

    private static final double LAMBDA = 0.1; // what HandWrittenDense.Fault.OWN_L2 adds, as (λ/m)·W
    private final GradientCheck check = new GradientCheck();
    private final Matrix x = Fixtures.gaussian(Fixtures.M, 4, 31);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 32);

    @Test
    void aLayerAddingItsOwnL2GradientIsBlamedNotJ() {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 33),
                new HandWrittenDense(5, 3, true, Fault.OWN_L2, DType.FLOAT64).randomize(34));
        Network network = new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(LAMBDA), null);

        GradientCheckReport report = check.check(network, x, y);

        TensorCheck w2 = report.tensor("W2").orElseThrow();
        Matrix value = network.parameters().get("W2").value();
        // backprop − numerical = (λ/m)·W2, the penalty's gradient in closed form, counted twice
        assertThat(w2.worst()).allSatisfy(c -> assertThat(c.difference())
                .isCloseTo(LAMBDA / Fixtures.M * value.get(c.index()), within(1e-7)));
        assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("W2");
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.PENALTY_ADDED_BY_LAYER);
        assertThat(report.diagnosis().message()).doesNotContain("J leaves out")
                .startsWith("W2 fails, each off by exactly the penalty's gradient, while W1 is right")
                .contains("layer 2 (HandWrittenDense(5 → 3, tanh)) adds the penalty's gradient itself");
        assertThat(report.diagnosis().suspectPosition()).isEqualTo(1);
    }
}
