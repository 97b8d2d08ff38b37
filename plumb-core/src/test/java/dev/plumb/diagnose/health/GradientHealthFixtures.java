package dev.plumb.diagnose.health;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Networks and probe batches for the gradient-health and initialization tests. */
final class GradientHealthFixtures {

    private GradientHealthFixtures() {
    }

    /** {@code depth} hidden layers of {@code width} units with {@code g} and {@code init}, then a linear output layer. */
    static Network deep(int inputs, int depth, int width, Activation g, String init, int outputs, long seed) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            layers.add(LayerSpec.dense(width, g, Initializer.parse(init)));
        }
        layers.add(LayerSpec.dense(outputs, Activation.identity(), Initializer.parse(init)));
        return new NetworkSpec(inputs, layers, Loss.softmaxCrossEntropy(), 0, 0).build(DType.FLOAT64, seed);
    }

    /** Hand-made dense layers (no spec): widths[0] inputs, then one layer per further width, all with {@code init}. */
    static Network handMade(int[] widths, Activation hidden, Initializer init, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < widths.length; l++) {
            Activation g = l == widths.length - 1 ? Activation.identity() : hidden;
            layers.add(new Dense(widths[l - 1], widths[l], g, DType.FLOAT64).initialize(init, rng.split()));
        }
        return Network.of(widths[0], layers, Loss.softmaxCrossEntropy());
    }

    /** m × n standard normal inputs. */
    static Matrix standardNormal(int m, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(DType.FLOAT64, m, n);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian());
        }
        return x;
    }

    /** m one-hot rows of {@code classes} classes, drawn uniformly. */
    static Matrix oneHot(int m, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix y = Matrix.zeros(DType.FLOAT64, m, classes);
        for (int i = 0; i < m; i++) {
            y.set(i, rng.nextInt(classes), 1.0);
        }
        return y;
    }

    /** The dense layers of {@code network}, input to output. */
    static List<Dense> denseLayers(Network network) {
        return network.layers().stream().filter(Dense.class::isInstance).map(Dense.class::cast).toList();
    }

    /** Mean and population variance of all entries, written out here as the tests' own reference. */
    static double[] pooled(double[][] values) {
        double sum = 0;
        long n = 0;
        for (double[] row : values) {
            for (double v : row) {
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (double[] row : values) {
            for (double v : row) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, squares / n};
    }

    /** Least-squares slope of log(values[i]) against i, as a factor per step. */
    static double fittedFactor(double[] values) {
        int n = values.length;
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (double v : values) {
            meanY += Math.log(v) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - meanX) * (Math.log(values[i]) - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        return Math.exp(sxy / sxx);
    }
}
