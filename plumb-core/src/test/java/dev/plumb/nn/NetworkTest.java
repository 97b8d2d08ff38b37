package dev.plumb.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class NetworkTest {

    private static final int INPUTS = 4;
    private static final int[] WIDTHS = {INPUTS, 5, 4, 3}; // two tanh hidden layers, three logits
    private static final int M = 6;
    private static final double LAMBDA = 0.7;

    private enum Penalty { L2, L1 }

    @Test
    void l2GradientOfEveryParameterMatchesFiniteDifferencesOfTheNaiveCost() {
        assertGradientsMatchNaiveCost(Penalty.L2, M);
    }

    @Test
    void l2GradientWithThePenaltyScaledByTheWholeTrainingSetMatchesFiniteDifferences() {
        assertGradientsMatchNaiveCost(Penalty.L2, 60); // a mini-batch of 6 out of 60 examples
    }

    @Test
    void l1GradientOfEveryParameterMatchesFiniteDifferencesOfTheNaiveCost() {
        assertGradientsMatchNaiveCost(Penalty.L1, M);
    }

    @Test
    void l2CostTermIsLambdaOver2mTimesSumOfSquaredWeightsAndIgnoresBiases() {
        Network network = network(Penalty.L2, 41);
        Map<String, double[]> p = values(network);
        double sumSquares = 0;
        for (int l = 1; l <= 3; l++) {
            for (double w : p.get("W" + l)) {
                sumSquares += w * w;
            }
        }
        double expected = LAMBDA / (2.0 * M) * sumSquares;
        assertThat(network.regularizationCost(M)).isCloseTo(expected, within(1e-14));

        for (int l = 1; l <= 3; l++) {
            network.parameters().get("b" + l).value().fill(100);
        }
        assertThat(network.regularizationCost(M)).as("biases are not penalized").isCloseTo(expected, within(1e-14));
        network.parameters().forEach((name, param) ->
                assertThat(param.regularized()).as(name).isEqualTo(name.startsWith("W")));
    }

    @Test
    void l1CostTermIsLambdaOverMTimesSumOfAbsoluteWeightsAndIgnoresBiases() {
        Network network = network(Penalty.L1, 42);
        Map<String, double[]> p = values(network);
        double sumAbs = 0;
        for (int l = 1; l <= 3; l++) {
            for (double w : p.get("W" + l)) {
                sumAbs += Math.abs(w);
            }
        }
        for (int l = 1; l <= 3; l++) {
            network.parameters().get("b" + l).value().fill(-100);
        }
        assertThat(network.regularizationCost(M)).isCloseTo(LAMBDA / M * sumAbs, within(1e-14));
    }

    @Test
    void parametersAreNamedPerLayerWithParametersAndDropoutDoesNotTakeAnIndex() {
        NetworkSpec spec = new NetworkSpec(INPUTS, List.of(
                LayerSpec.dense(5, Activation.relu()),
                LayerSpec.dropout(0.8),
                LayerSpec.dense(4, Activation.relu()),
                LayerSpec.dropout(0.5),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        Network network = spec.build(DType.FLOAT32, 43);
        assertThat(network.parameters().keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        assertThat(network.parameters().get("W2").value().shapeString()).isEqualTo("4x5");
        assertThat(network.parameters().get("b3").value().shapeString()).isEqualTo("1x3");
        assertThat(network.parameterCount()).isEqualTo(5 * 4 + 5 + 4 * 5 + 4 + 3 * 4 + 3);
    }

    @Test
    void evalModeGradientsIgnoreDropout() {
        NetworkSpec withDropout = new NetworkSpec(INPUTS, List.of(
                LayerSpec.dense(5, Activation.tanh()),
                LayerSpec.dropout(0.5),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0);
        NetworkSpec without = new NetworkSpec(INPUTS, List.of(
                LayerSpec.dense(5, Activation.tanh()),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0);
        Network a = withDropout.build(DType.FLOAT64, 44);
        Network b = without.build(DType.FLOAT64, 45);
        b.copyParametersFrom(a);
        Matrix x = Matrix.of(DType.FLOAT64, DenseTest.random(M, INPUTS, 46));
        Matrix y = oneHot(M, 3, 47);

        double ja = a.computeGradients(x, y, Mode.EVAL, M);
        double jb = b.computeGradients(x, y, Mode.EVAL, M);

        assertThat(ja).isEqualTo(jb);
        for (String name : a.parameters().keySet()) {
            assertThat(a.parameters().get(name).grad().contentEquals(b.parameters().get(name).grad())).as(name).isTrue();
        }
    }

    @Test
    void predictRejectsNaNNamingTheElement() {
        Network network = network(Penalty.L2, 48);
        double[][] x = DenseTest.random(3, INPUTS, 49);
        x[1][2] = Double.NaN;
        assertThatThrownBy(() -> network.predict(Matrix.of(DType.FLOAT64, x)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x")
                .hasMessageContaining("element (1, 2)")
                .hasMessageContaining("NaN");
    }

    @Test
    void predictGivesSoftmaxOfTheNaiveForwardPass() {
        Network network = network(Penalty.L2, 50);
        Map<String, double[]> p = values(network);
        double[][] x = DenseTest.random(M, INPUTS, 51);
        Matrix probabilities = network.predict(Matrix.of(DType.FLOAT64, x));
        double[][] logits = naiveLogits(p, x);
        for (int i = 0; i < M; i++) {
            double sum = 0;
            for (double z : logits[i]) {
                sum += Math.exp(z);
            }
            for (int j = 0; j < 3; j++) {
                assertThat(probabilities.get(i, j)).isCloseTo(Math.exp(logits[i][j]) / sum, within(1e-14));
            }
        }
    }

    // ---- the gradient check -------------------------------------------------------------------------

    private static void assertGradientsMatchNaiveCost(Penalty penalty, int penaltyExamples) {
        Network network = network(penalty, 40);
        double[][] x = DenseTest.random(M, INPUTS, 52);
        Matrix y = oneHot(M, 3, 53);
        double[][] yArray = FiniteDifferences.toArray(y);
        Map<String, double[]> p = values(network);

        double j = network.computeGradients(Matrix.of(DType.FLOAT64, x), y, Mode.TRAIN, penaltyExamples);

        assertThat(j).as("J").isCloseTo(naiveCost(p, x, yArray, penalty, penaltyExamples), within(1e-13));
        for (Map.Entry<String, double[]> e : p.entrySet()) {
            double[] numeric = FiniteDifferences.gradient(e.getValue(),
                    ignored -> naiveCost(p, x, yArray, penalty, penaltyExamples));
            double[] backprop = network.parameters().get(e.getKey()).grad().toDoubleArray();
            assertThat(FiniteDifferences.relativeError(backprop, numeric)).as("relative error of d%s", e.getKey())
                    .isLessThan(1e-7);
        }
    }

    /**
     * J = (1/m) Σ_i −Σ_j y_ij log softmax(z_i)_j + penalty, with the forward pass written out in
     * loops: a⁰ = x, z^l = a^(l−1)·W^lᵀ + b^l, a^l = tanh z^l for hidden layers, logits z³.
     */
    private static double naiveCost(Map<String, double[]> p, double[][] x, double[][] y, Penalty penalty, int penaltyM) {
        double[][] logits = naiveLogits(p, x);
        double data = 0;
        for (int i = 0; i < x.length; i++) {
            double sum = 0;
            for (double z : logits[i]) {
                sum += Math.exp(z);
            }
            for (int k = 0; k < logits[i].length; k++) {
                data -= y[i][k] * Math.log(Math.exp(logits[i][k]) / sum);
            }
        }
        data /= x.length;
        double reg = 0;
        for (int l = 1; l < WIDTHS.length; l++) {
            for (double w : p.get("W" + l)) {
                reg += penalty == Penalty.L2 ? w * w : Math.abs(w);
            }
        }
        return data + (penalty == Penalty.L2 ? LAMBDA / (2.0 * penaltyM) * reg : LAMBDA / penaltyM * reg);
    }

    private static double[][] naiveLogits(Map<String, double[]> p, double[][] x) {
        double[][] a = x;
        for (int l = 1; l < WIDTHS.length; l++) {
            double[] w = p.get("W" + l);
            double[] b = p.get("b" + l);
            int in = WIDTHS[l - 1];
            int out = WIDTHS[l];
            double[][] next = new double[a.length][out];
            for (int i = 0; i < a.length; i++) {
                for (int u = 0; u < out; u++) {
                    double z = b[u];
                    for (int k = 0; k < in; k++) {
                        z += a[i][k] * w[u * in + k];
                    }
                    next[i][u] = l < WIDTHS.length - 1 ? Math.tanh(z) : z;
                }
            }
            a = next;
        }
        return a;
    }

    /** A float64 tanh network with random biases; for L1 every weight is pushed at least 0.05 away from 0. */
    private static Network network(Penalty penalty, long seed) {
        NetworkSpec spec = new NetworkSpec(INPUTS, List.of(
                LayerSpec.dense(WIDTHS[1], Activation.tanh()),
                LayerSpec.dense(WIDTHS[2], Activation.tanh()),
                LayerSpec.dense(WIDTHS[3], Activation.identity())), Loss.softmaxCrossEntropy(),
                penalty == Penalty.L2 ? LAMBDA : 0, penalty == Penalty.L1 ? LAMBDA : 0);
        Network network = spec.build(DType.FLOAT64, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1000);
        // by name, not by Parameter.regularized(): which tensors are penalized is what is under test
        network.parameters().forEach((name, param) -> {
            boolean weight = name.startsWith("W");
            Matrix v = param.value();
            for (int i = 0; i < v.size(); i++) {
                double value = weight ? v.get(i) : rng.nextDouble(-0.5, 0.5);
                v.set(i, penalty == Penalty.L1 && weight ? Math.copySign(0.05 + Math.abs(value), value) : value);
            }
        });
        return network;
    }

    /** Copies of every parameter's values, by name: the naive reference perturbs these, not the network. */
    private static Map<String, double[]> values(Network network) {
        Map<String, double[]> p = new LinkedHashMap<>();
        network.parameters().forEach((name, param) -> p.put(name, param.value().toDoubleArray()));
        assertThat(p.keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        return p;
    }

    private static Matrix oneHot(int m, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix y = Matrix.zeros(DType.FLOAT64, m, classes);
        for (int i = 0; i < m; i++) {
            y.set(i, rng.nextInt(classes), 1);
        }
        return y;
    }
}
