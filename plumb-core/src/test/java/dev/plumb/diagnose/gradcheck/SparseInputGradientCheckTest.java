package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.gradcheck.HandWrittenDense.Fault;
import dev.plumb.nn.Activation;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * The gradient check on the sparse path: text features reach the first Dense layer as a {@link SparseMatrix}, whose
 * Z = X·Wᵀ and dW = dZᵀ·X visit only the non-zeros. The two-sided difference of J — computed through forward passes
 * only — agrees with backprop on sparse input, the backprop gradients equal those of the same network on the dense copy,
 * and a wrong dW in a layer fed sparse input is named.
 */
class SparseInputGradientCheckTest {

    private static final int INPUTS = 300;

    /** 8 documents over 300 terms, about 4 % of them present: unit-length rows of positive weights, like TF-IDF. */
    private static SparseMatrix documents(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix dense = Matrix.zeros(DType.FLOAT64, Fixtures.M, INPUTS);
        for (int i = 0; i < Fixtures.M; i++) {
            double norm = 0;
            for (int j = 0; j < INPUTS; j++) {
                if (rng.nextDouble() < 0.04) {
                    double v = rng.nextDouble(0.1, 1);
                    dense.set(i, j, v);
                    norm += v * v;
                }
            }
            for (int j = 0; j < INPUTS; j++) {
                dense.set(i, j, dense.get(i, j) / Math.sqrt(norm));
            }
        }
        return SparseMatrix.fromDense(dense);
    }

    private static Network network(long seed) {
        List<Layer> layers = List.of(Fixtures.dense(INPUTS, 5, Activation.tanh(), DType.FLOAT64, seed),
                Fixtures.dense(5, Fixtures.CLASSES, Activation.identity(), DType.FLOAT64, seed + 1));
        return new Network(INPUTS, layers, Loss.softmaxCrossEntropy(), new L2(0.1), null);
    }

    @Test
    void backpropOnSparseInputAgreesWithTheTwoSidedDifferenceAndWithTheDenseInput() {
        SparseMatrix x = documents(1);
        Matrix y = Fixtures.oneHot(Fixtures.M, Fixtures.CLASSES, 2);
        Network network = network(3);
        GradientCheckReport report = new GradientCheck().check(network, x, y);
        assertThat(report.passed()).as(report.format()).isTrue();
        assertThat(report.tensors()).extracting(TensorCheck::name).containsExactly("W1", "b1", "W2", "b2");
        assertThat(report.tensors()).allSatisfy(t -> assertThat(t.relativeError()).as(t.name()).isLessThan(1e-7));

        // the same network's gradients on the dense copy of x: sparse products against BLAS, to rounding
        Network sparseNet = network(3);
        Network denseNet = network(3);
        double sparseCost = sparseNet.computeGradients(x, y, Mode.TRAIN, Fixtures.M);
        double denseCost = denseNet.computeGradients(x.toDense(), y, Mode.TRAIN, Fixtures.M);
        assertThat(sparseCost).isCloseTo(denseCost, offset(1e-12));
        for (String name : sparseNet.parameters().keySet()) {
            Matrix a = sparseNet.parameters().get(name).grad();
            Matrix b = denseNet.parameters().get(name).grad();
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i)).as("%s[%d]", name, i).isCloseTo(b.get(i), offset(1e-12));
            }
        }
    }

    @Test
    void aWrongDwInALayerFedSparseInputIsNamed() {
        SparseMatrix x = documents(4);
        Matrix y = Fixtures.oneHot(Fixtures.M, Fixtures.CLASSES, 5);
        List<Layer> layers = List.of(new HandWrittenDense(INPUTS, 5, true, Fault.WEIGHT_TIMES_2, DType.FLOAT64).randomize(6),
                Fixtures.dense(5, Fixtures.CLASSES, Activation.identity(), DType.FLOAT64, 7));
        GradientCheckReport report = new GradientCheck().check(Network.of(INPUTS, layers, Loss.softmaxCrossEntropy()), x, y);
        assertThat(report.failing()).as(report.format()).extracting(TensorCheck::name).containsExactly("W1");
    }
}
