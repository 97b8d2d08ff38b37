package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** L2 and L1 terms and gradients on a tiny network, against numbers worked out by hand. */
class PenaltyByHandTest {

    // W1 = [[1, −2], [3, 0.5]], W2 = [[2, −1]]; Σw² = 1 + 4 + 9 + 0.25 + 4 + 1 = 19.25; Σ|w| = 1 + 2 + 3 + 0.5 + 2 + 1 = 9.5
    private static Network tiny(Regularizer penalty, List<Regularizer> perLayer) {
        Dense first = new Dense(2, 2, Activation.tanh(), DType.FLOAT64);
        Dense second = new Dense(2, 1, Activation.identity(), DType.FLOAT64);
        set(first.weights(), 1, -2, 3, 0.5);
        set(first.biases(), 0.1, -0.1);
        set(second.weights(), 2, -1);
        return new Network(2, List.of(first, second), Loss.meanSquaredError(), penalty, perLayer, null);
    }

    private static final Matrix X = Matrix.of(DType.FLOAT64, new double[][] {{0.5, -1}, {1, 2}, {-0.3, 0.2}});
    private static final Matrix Y = Matrix.of(DType.FLOAT64, new double[][] {{1}, {0}, {-1}});

    @Test
    void l2AddsLambdaOver2mTimesTheSquaredFrobeniusNormAndLambdaOverMTimesW() {
        Network plain = tiny(Regularizer.none(), null);
        Network l2 = tiny(new L2(0.6), null);
        double j0 = plain.computeGradients(X, Y);
        double j = l2.computeGradients(X, Y);
        assertThat(j - j0).isCloseTo(0.6 / (2 * 3) * 19.25, within(1e-12)); // = 1.925
        // gradient: dW += (λ/m)·W = 0.2·W; biases untouched
        assertGradDiff(l2, plain, "W1", 0.2, 0.2 * -2, 0.2 * 3, 0.2 * 0.5);
        assertGradDiff(l2, plain, "W2", 0.2 * 2, 0.2 * -1);
        assertGradDiff(l2, plain, "b1", 0, 0);
        assertGradDiff(l2, plain, "b2", 0);
    }

    @Test
    void l1AddsLambdaOverMTimesTheSumOfAbsoluteValuesAndItsSubgradient() {
        Network plain = tiny(Regularizer.none(), null);
        Network l1 = tiny(new L1(0.6), null);
        double j0 = plain.computeGradients(X, Y);
        double j = l1.computeGradients(X, Y);
        assertThat(j - j0).isCloseTo(0.6 / 3 * 9.5, within(1e-12)); // = 1.9
        assertGradDiff(l1, plain, "W1", 0.2, -0.2, 0.2, 0.2);       // (λ/m)·sign(w)
        assertGradDiff(l1, plain, "W2", 0.2, -0.2);
    }

    @Test
    void aLayerCanCarryItsOwnPenalty() {
        Network plain = tiny(Regularizer.none(), null);
        // layer 1 gets L1 0.6, layer 2 keeps the network's L2 0.3
        Network mixed = tiny(new L2(0.3), java.util.Arrays.asList(new L1(0.6), null));
        double j0 = plain.computeGradients(X, Y);
        double j = mixed.computeGradients(X, Y);
        double expected = 0.6 / 3 * (1 + 2 + 3 + 0.5) + 0.3 / 6 * (4 + 1);
        assertThat(j - j0).isCloseTo(expected, within(1e-12));
        assertGradDiff(mixed, plain, "W1", 0.2, -0.2, 0.2, 0.2);
        assertGradDiff(mixed, plain, "W2", 0.1 * 2, 0.1 * -1);
        assertThat(mixed.regularizer(0)).isEqualTo(new L1(0.6));
        assertThat(mixed.regularizer(1)).isEqualTo(new L2(0.3));
    }

    @Test
    void negativeLambdaIsRefusedWithTheArgumentNamed() {
        assertThatThrownBy(() -> new L2(-1)).hasMessageContaining("lambda: -1.0");
        assertThatThrownBy(() -> new L1(Double.NaN)).hasMessageContaining("lambda: NaN");
        assertThatThrownBy(() -> LayerSpec.dense(4, Activation.relu()).withL2(-0.5)).hasMessageContaining("l2: -0.5");
        assertThatThrownBy(() -> LayerSpec.dropout(0.5).withL1(0.1)).hasMessageContaining("dropout layer has no weights");
    }

    private static void assertGradDiff(Network with, Network without, String name, double... expected) {
        Matrix a = with.parameters().get(name).grad();
        Matrix b = without.parameters().get(name).grad();
        for (int i = 0; i < expected.length; i++) {
            assertThat(a.get(i) - b.get(i)).as("%s[%d]", name, i).isCloseTo(expected[i], within(1e-12));
        }
    }

    private static void set(Matrix m, double... values) {
        for (int i = 0; i < values.length; i++) {
            m.set(i, values[i]);
        }
    }
}
