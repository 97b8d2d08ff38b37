package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/** ReLU: g(z) = max(0, z); g'(z) = 1 for z > 0, else 0 (the subgradient at 0 is taken as 0). */
public record Relu() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        for (int i = 0, n = z.size(); i < n; i++) {
            double v = z.get(i);
            a.set(i, v > 0 ? v : 0.0);
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        for (int i = 0, n = z.size(); i < n; i++) {
            dZ.set(i, z.get(i) > 0 ? dA.get(i) : 0.0);
        }
    }

    @Override
    public String id() {
        return "relu";
    }
}
