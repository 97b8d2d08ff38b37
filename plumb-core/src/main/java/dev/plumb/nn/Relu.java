package dev.plumb.nn;

import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.ReluKernel;

/**
 * ReLU: g(z) = max(0, z); g'(z) = 1 for z > 0, else 0 (the subgradient at 0 is taken as 0). A NaN in z
 * stays NaN, forward and backward, so that a diverging unit is seen rather than silenced. The loops are
 * {@link ReluKernel}'s, one per precision.
 */
public record Relu() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        ReluKernel.forward(z, a);
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        ReluKernel.backward(z, a, dA, dZ);
    }

    /** Bias and ReLU in one pass over z. */
    @Override
    public void forwardWithBias(Matrix z, Matrix bias, Matrix a) {
        ReluKernel.forwardWithBias(z, bias, a);
    }

    /** ReLU's backward and the bias gradient's column sums in one pass over dZ. */
    @Override
    public void backwardWithBiasGradient(Matrix z, Matrix a, Matrix dA, Matrix dZ, Matrix db) {
        ReluKernel.backwardWithColumnSums(z, a, dA, dZ, db);
    }

    /** g'(z) is read off max(z, 0) as well as off z, so A may be written over Z. */
    @Override
    public boolean writesOverInput() {
        return true;
    }

    @Override
    public String id() {
        return "relu";
    }
}
