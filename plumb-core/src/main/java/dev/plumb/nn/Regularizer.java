package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/**
 * A penalty on a weight matrix that becomes part of the cost J: reported, early-stopped on and
 * gradient-checked together with the data loss. {@code m} is the number of examples the data loss
 * averages over, as in the note's (λ/2m)·‖W‖².
 */
public sealed interface Regularizer permits L2, L1, ElasticNet {

    /** The penalty's contribution to J for weights {@code w}. */
    double cost(Matrix w, int m);

    /** Adds ∂penalty/∂w to {@code grad}. */
    void addGradient(Matrix w, Matrix grad, int m);

    /** λ. */
    double lambda();

    String id();

    /** No penalty. */
    static Regularizer none() {
        return new L2(0);
    }

    /** The penalty with these λs: L2, L1, both (elastic net), or none when both are 0. */
    static Regularizer of(double l2, double l1) {
        if (l2 > 0 && l1 > 0) {
            return new ElasticNet(new L2(l2), new L1(l1));
        }
        return l1 > 0 ? new L1(l1) : new L2(l2);
    }
}
