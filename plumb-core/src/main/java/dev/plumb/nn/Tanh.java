package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/** tanh: g(z) = tanh z; g'(z) = 1 − a². */
public record Tanh() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        for (int i = 0, n = z.size(); i < n; i++) {
            a.set(i, Math.tanh(z.get(i)));
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        for (int i = 0, n = z.size(); i < n; i++) {
            double t = a.get(i);
            dZ.set(i, dA.get(i) * (1 - t * t));
        }
    }

    @Override
    public String id() {
        return "tanh";
    }
}
