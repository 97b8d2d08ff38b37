package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.Regularizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Random batches and small networks for the gradient-check tests, drawn away from ReLU kinks. */
final class Fixtures {

    static final int M = 8;
    static final int INPUTS = 4;
    static final int HIDDEN = 5;
    static final int CLASSES = 3;

    private Fixtures() {
    }

    static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(DType.FLOAT64, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextGaussian());
        }
        return m;
    }

    /** One-hot targets of random classes. */
    static Matrix oneHot(int rows, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix y = Matrix.zeros(DType.FLOAT64, rows, classes);
        for (int r = 0; r < rows; r++) {
            y.set(r, rng.nextInt(classes), 1.0);
        }
        return y;
    }

    /** Targets that suit {@code loss}: one-hot classes, independent 0/1 labels, or real values. */
    static Matrix targets(Loss loss, int rows, int cols, long seed) {
        if (loss.id().equals("softmax_cross_entropy")) {
            return oneHot(rows, cols, seed);
        }
        Matrix y = gaussian(rows, cols, seed);
        if (loss.id().equals("binary_cross_entropy")) {
            for (int i = 0; i < y.size(); i++) {
                y.set(i, y.get(i) > 0 ? 1 : 0);
            }
        }
        return y;
    }

    /** A dense layer with LeCun-initialized weights and small random biases (so that db is not trivial). */
    static Dense dense(int inputs, int units, Activation g, DType dtype, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Dense d = new Dense(inputs, units, g, dtype).initialize(Initializer.parse("lecun"), rng);
        for (int u = 0; u < units; u++) {
            d.biases().set(u, 0.1 * rng.nextGaussian());
        }
        return d;
    }

    /** INPUTS → HIDDEN (g) → outputs (identity) with {@code loss} and {@code penalty}. */
    static Network twoLayer(Activation g, Loss loss, Regularizer penalty, int outputs, long seed) {
        List<Layer> layers = new ArrayList<>();
        layers.add(dense(INPUTS, HIDDEN, g, DType.FLOAT64, seed));
        layers.add(dense(HIDDEN, outputs, Activation.identity(), DType.FLOAT64, seed + 1));
        return new Network(INPUTS, layers, loss, penalty, null);
    }

    /** Smallest |z| over the batch of a dense layer's pre-activations Z = X·Wᵀ + b, computed naively. */
    static double smallestPreActivation(Dense d, Matrix x) {
        double smallest = Double.POSITIVE_INFINITY;
        for (int r = 0; r < x.rows(); r++) {
            for (int u = 0; u < d.units(); u++) {
                double z = d.biases().get(u);
                for (int k = 0; k < d.inputs(); k++) {
                    z += x.get(r, k) * d.weights().get(u, k);
                }
                smallest = Math.min(smallest, Math.abs(z));
            }
        }
        return smallest;
    }

    /** Smallest |w| over every weight matrix of the network. */
    static double smallestWeight(Network network) {
        double smallest = Double.POSITIVE_INFINITY;
        for (var e : network.parameters().entrySet()) {
            if (e.getValue().regularized()) {
                Matrix w = e.getValue().value();
                for (int i = 0; i < w.size(); i++) {
                    smallest = Math.min(smallest, Math.abs(w.get(i)));
                }
            }
        }
        return smallest;
    }

    /** The input each layer of {@code network} receives for batch x in eval mode (a copy per layer). */
    static List<Matrix> layerInputs(Network network, Matrix x) {
        List<Matrix> inputs = new ArrayList<>();
        Matrix a = x;
        for (Layer layer : network.layers()) {
            inputs.add(a.copy());
            a = layer.forward(a, dev.plumb.nn.Mode.EVAL);
        }
        return inputs;
    }
}
