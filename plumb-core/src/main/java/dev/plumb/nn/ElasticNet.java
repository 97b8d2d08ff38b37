package dev.plumb.nn;

import java.util.Objects;

import dev.plumb.tensor.Matrix;

/** L2 and L1 together: cost (λ₂/2m)·‖W‖² + (λ₁/m)·Σ|w|, gradient the sum of both. */
public record ElasticNet(L2 l2, L1 l1) implements Regularizer {

    public ElasticNet {
        Objects.requireNonNull(l2, "l2");
        Objects.requireNonNull(l1, "l1");
    }

    @Override
    public double cost(Matrix w, int m) {
        return l2.cost(w, m) + l1.cost(w, m);
    }

    @Override
    public void addGradient(Matrix w, Matrix grad, int m) {
        l2.addGradient(w, grad, m);
        l1.addGradient(w, grad, m);
    }

    /** λ of the L2 part. */
    @Override
    public double lambda() {
        return l2.lambda();
    }

    @Override
    public String id() {
        return l2.id() + "+" + l1.id();
    }
}
