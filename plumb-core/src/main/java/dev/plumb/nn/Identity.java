package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/** Identity: g(z) = z; g'(z) = 1. The output layer of a network whose loss takes logits. */
public record Identity() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        a.copyFrom(z);
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        dZ.copyFrom(dA);
    }

    @Override
    public String id() {
        return "identity";
    }
}
