package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/** Logistic sigmoid: g(z) = 1 / (1 + e^−z); g'(z) = a(1 − a). Evaluated without overflow for any z. */
public record Sigmoid() implements Activation {

    /** σ(z) in a form that never computes e^x for large positive x. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public void forward(Matrix z, Matrix a) {
        for (int i = 0, n = z.size(); i < n; i++) {
            a.set(i, sigmoid(z.get(i)));
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        for (int i = 0, n = z.size(); i < n; i++) {
            double s = a.get(i);
            dZ.set(i, dA.get(i) * s * (1 - s));
        }
    }

    @Override
    public String id() {
        return "sigmoid";
    }
}
