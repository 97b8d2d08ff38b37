package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/**
 * A penalty on a weight matrix that becomes part of the cost J: reported, early-stopped on and
 * gradient-checked together with the data loss. {@code m} is the number of examples the data loss
 * averages over, as in the note's (λ/2m)·‖W‖².
 *
 * <p>Write your own penalty by implementing {@link #cost} and {@link #addGradient} (add, never overwrite: the
 * data loss's gradient is already in {@code grad}); give it to a {@link Network} for all weights or to one layer
 * ({@link Network#Network(int, java.util.List, Loss, Regularizer, java.util.List, NetworkSpec) perLayer}).
 * {@code GradientCheck} counts it in J, so a wrong gradient shows up as a wrong dW. Model files describe
 * penalties by their λs ({@link NetworkSpec#l2()}, {@link NetworkSpec#l1()}), so a penalty of your own is not saved.
 */
public interface Regularizer {

    /** The penalty's contribution to J for weights {@code w}. */
    double cost(Matrix w, int m);

    /** Adds ∂penalty/∂w to {@code grad}. */
    void addGradient(Matrix w, Matrix grad, int m);

    /** λ. */
    double lambda();

    /** Short description for summaries and reports, e.g. "l2(0.7)". */
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
