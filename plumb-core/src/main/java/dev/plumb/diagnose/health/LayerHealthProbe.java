package dev.plumb.diagnose.health;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Relu;
import dev.plumb.nn.Sigmoid;
import dev.plumb.nn.Tanh;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/**
 * One eval-mode forward and backward pass over a probe batch, measuring every dense layer on the way:
 * what {@link GradientHealth} and {@link InitializationAudit} share.
 *
 * <p>The backward pass is the network's own (loss gradient, then each layer's {@code backward}), so
 * ‖dW‖ and ‖db‖ are exactly what {@code Network.computeGradients(x, y, EVAL, m)} gives without the
 * weight penalty's term: the penalty is left out so that weight decay cannot mask a vanishing backprop
 * signal. Running it overwrites the parameters' {@code grad}, never their values.
 *
 * <p>Statistics are pooled over all entries of a layer's {@code m × units} matrix — the sample analogue
 * of Var[z] in the note's argument, where both the inputs and the weights are random.
 */
final class LayerHealthProbe {

    /**
     * One dense layer on the probe batch.
     *
     * @param layer  1-based index among the layers that have parameters: layer l owns Wl and bl
     * @param dense  the layer
     */
    record Measurement(int layer, Dense dense, double zMean, double zVariance, double aMean, double aVariance,
                       double saturatedFraction, double deadFraction, double weightGradientNorm,
                       double biasGradientNorm, double preActivationGradientNorm) {
    }

    private LayerHealthProbe() {
    }

    static List<Measurement> run(Network network, Matrix x, Matrix y, double saturationMargin) {
        requireProbe(network, x, y);
        List<Layer> layers = network.layers();
        int n = layers.size();
        Matrix[] z = new Matrix[n];
        Matrix[] a = new Matrix[n];
        int[] index = new int[n];
        int withParameters = 0;
        Matrix signal = x.to(network.dtype());
        for (int i = 0; i < n; i++) {
            Layer layer = layers.get(i);
            if (!layer.parameters().isEmpty()) {
                withParameters++; // the network's naming: the k-th layer with parameters owns Wk, bk
            }
            if (layer instanceof Dense dense) {
                z[i] = preActivations(dense, signal);
                signal = dense.forward(signal, Mode.EVAL);
                a[i] = signal; // the layer's buffer: nothing calls this layer's forward again before we are done
                index[i] = withParameters;
            } else {
                signal = layer.forward(signal, Mode.EVAL);
            }
        }
        Matrix grad = signal.zerosLike();
        network.loss().gradient(signal, y.to(network.dtype()), grad);
        double[] dZNorm = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (layer instanceof Dense dense) {
                Matrix dZ = grad.zerosLike();
                dense.activation().backward(z[i], a[i], grad, dZ); // dZ = g'(Z) ⊙ dA
                dZNorm[i] = Math.sqrt(dZ.sumOfSquares());
            }
            grad = layer.backward(grad);
        }
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (layers.get(i) instanceof Dense dense) {
                double[] zs = meanAndVariance(z[i]);
                double[] as = meanAndVariance(a[i]);
                out.add(new Measurement(index[i], dense, zs[0], zs[1], as[0], as[1],
                        saturatedFraction(dense.activation(), a[i], saturationMargin),
                        deadFraction(dense.activation(), a[i]),
                        Math.sqrt(dense.parameters().get(0).grad().sumOfSquares()),
                        Math.sqrt(dense.parameters().get(1).grad().sumOfSquares()), dZNorm[i]));
            }
        }
        return out;
    }

    static void requireProbe(Network network, Matrix x, Matrix y) {
        if (x.rows() == 0 || x.rows() != y.rows()) {
            throw new IllegalArgumentException("Invalid probe batch: " + x.rows() + " input rows and " + y.rows()
                    + " target rows. Expected the same positive number of examples in both.");
        }
        if (x.cols() != network.inputs() || y.cols() != network.outputs()) {
            throw new IllegalArgumentException("Invalid probe batch: " + x.cols() + " features and " + y.cols()
                    + " target columns, but the network takes " + network.inputs() + " and gives " + network.outputs());
        }
        Checks.allFinite("probe inputs", x);
        Checks.allFinite("probe targets", y);
    }

    /** Z = X·Wᵀ + b, as {@link Dense} computes it, in a matrix of our own (the layer does not expose its Z). */
    private static Matrix preActivations(Dense dense, Matrix input) {
        Matrix z = Matrix.zeros(input.dtype(), input.rows(), dense.units());
        Linalg.gemm(false, true, 1.0, input, dense.weights(), 0.0, z);
        z.addRowVector(dense.biases());
        return z;
    }

    /** Mean and population variance of all entries (two passes, in double). */
    static double[] meanAndVariance(Matrix m) {
        int n = m.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += m.get(i);
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = m.get(i) - mean;
            squares += d * d;
        }
        return new double[] {mean, squares / n};
    }

    /**
     * Fraction of entries near an asymptote: |a| > 1 − margin for tanh, a < margin or a > 1 − margin for
     * sigmoid; 0 for activations that do not saturate.
     */
    static double saturatedFraction(Activation g, Matrix a, double margin) {
        int n = a.size();
        int count = 0;
        if (g instanceof Tanh) {
            for (int i = 0; i < n; i++) {
                count += Math.abs(a.get(i)) > 1 - margin ? 1 : 0;
            }
        } else if (g instanceof Sigmoid) {
            for (int i = 0; i < n; i++) {
                double v = a.get(i);
                count += v < margin || v > 1 - margin ? 1 : 0;
            }
        }
        return (double) count / n;
    }

    /**
     * Fraction of a ReLU layer's units whose output is 0 for every probe example (Z ≤ 0 throughout, so
     * they pass no gradient to their weights); 0 for other activations — a leaky unit always passes slope·dA.
     */
    static double deadFraction(Activation g, Matrix a) {
        if (!(g instanceof Relu)) {
            return 0;
        }
        int dead = 0;
        for (int j = 0; j < a.cols(); j++) {
            boolean alive = false;
            for (int r = 0; r < a.rows() && !alive; r++) {
                alive = a.get(r, j) != 0;
            }
            dead += alive ? 0 : 1;
        }
        return (double) dead / a.cols();
    }
}
