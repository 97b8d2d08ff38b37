package dev.plumb.nn;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/**
 * L2 regularization (weight decay, Frobenius norm): cost (λ/2m)·‖W‖²_F, gradient (λ/m)·W. Large λ
 * pulls weights toward zero and the network toward a near-linear model.
 */
public record L2(double lambda) implements Regularizer {

    public L2 {
        Checks.nonNegative("lambda", lambda);
    }

    @Override
    public double cost(Matrix w, int m) {
        if (lambda == 0) { // no penalty: skip a pass over the weights on every mini-batch
            return 0;
        }
        return lambda / (2.0 * m) * w.sumOfSquares();
    }

    @Override
    public void addGradient(Matrix w, Matrix grad, int m) {
        if (lambda != 0) {
            grad.axpy(lambda / m, w);
        }
    }

    @Override
    public String id() {
        return "l2(" + lambda + ")";
    }
}
