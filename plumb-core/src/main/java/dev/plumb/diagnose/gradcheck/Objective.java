package dev.plumb.diagnose.gradcheck;

import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;

/**
 * The cost J that a gradient check differentiates numerically. It must be the very function whose
 * gradient {@link Network#computeGradients(Matrix, Matrix, Mode, int)} returns — with the penalty scaled
 * by m = x.rows() — or the check measures the mismatch instead of backprop. The default,
 * {@link #networkCost()}, is: mean data loss plus the regularization term, as the note asks.
 */
@FunctionalInterface
public interface Objective {

    /** J of {@code network} on the batch (x, y), computed in {@code mode}. */
    double cost(Network network, Matrix x, Matrix y, Mode mode);

    /** J = (1/m) Σ L(ŷ, y) + penalty(m): the network's own cost, and the gradient's function. */
    static Objective networkCost() {
        return Network::cost;
    }

    /**
     * The data loss alone, leaving the regularization term out: the mistake the note warns about. With a
     * penalty it is not the function the gradient belongs to, so a check against it fails on the weights.
     */
    static Objective dataLossOnly() {
        return (network, x, y, mode) -> network.loss().cost(network.forward(x, mode), y);
    }
}
