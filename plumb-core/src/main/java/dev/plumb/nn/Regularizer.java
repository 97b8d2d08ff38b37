package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/**
 * A penalty on a weight matrix that becomes part of the cost J: reported, early-stopped on and
 * gradient-checked together with the data loss. {@code m} is the number of examples the data loss
 * averages over, as in the note's (λ/2m)·‖W‖².
 */
public sealed interface Regularizer permits L2, L1 {

    /** The penalty's contribution to J for weights {@code w}. */
    double cost(Matrix w, int m);

    /** Adds ∂penalty/∂w to {@code grad}. */
    void addGradient(Matrix w, Matrix grad, int m);

    /** λ. */
    double lambda();

    String id();
}
