package dev.plumb.nn;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/**
 * L1 regularization: cost (λ/m)·Σ|w| (the convention of the note's course; some texts use λ/2m),
 * subgradient (λ/m)·sign(w), taking sign(0) = 0. It drives many weights to (near) zero: sparsity that
 * can serve as feature selection.
 */
public record L1(double lambda) implements Regularizer {

    public L1 {
        Checks.nonNegative("lambda", lambda);
    }

    @Override
    public double cost(Matrix w, int m) {
        if (lambda == 0) { // no penalty: skip a pass over the weights on every mini-batch
            return 0;
        }
        return lambda / m * w.sumOfAbsolutes();
    }

    @Override
    public void addGradient(Matrix w, Matrix grad, int m) {
        if (lambda == 0) {
            return;
        }
        double scale = lambda / m;
        for (int i = 0, n = w.size(); i < n; i++) {
            grad.set(i, grad.get(i) + scale * Math.signum(w.get(i)));
        }
    }

    @Override
    public String id() {
        return "l1(" + lambda + ")";
    }
}
