package dev.plumb.nn;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/** Leaky ReLU: g(z) = z for z > 0, slope·z otherwise; g'(z) = 1 or slope. */
public record LeakyRelu(double slope) implements Activation {

    static final double DEFAULT_SLOPE = 0.01;

    public LeakyRelu {
        Checks.finite("slope", slope);
        if (slope < 0 || slope >= 1) {
            throw new IllegalArgumentException("Invalid value for argument slope: " + slope
                    + ". Expected a leaky ReLU slope in [0, 1), typically 0.01.");
        }
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        for (int i = 0, n = z.size(); i < n; i++) {
            double v = z.get(i);
            a.set(i, v > 0 ? v : slope * v);
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        for (int i = 0, n = z.size(); i < n; i++) {
            double g = dA.get(i);
            dZ.set(i, z.get(i) > 0 ? g : slope * g);
        }
    }

    @Override
    public String id() {
        return "leaky_relu(" + slope + ")";
    }
}
