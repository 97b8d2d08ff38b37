package dev.plumb.nn;

import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SoftmaxKernel;

/**
 * Softmax cross-entropy from logits, fused: for a row z with target distribution y (one-hot for hard
 * labels), L = logΣ_k e^(z_k) − Σ_j y_j z_j, evaluated as Σ_j y_j ((max z − z_j) + log Σ_k e^(z_k − max z)),
 * so no exponent is positive and logits of ±1e30 give finite losses. The two terms are kept apart
 * because at |z| ≈ 1e16 and beyond, max z + log Σ rounds back to max z and the log Σ (log 2 for a tie)
 * would be lost. Gradient: (softmax(z) − y) / m. The loops are {@link SoftmaxKernel}'s, which shares the
 * row maximum and log-sum-exp with {@link Softmax}.
 */
public record SoftmaxCrossEntropy() implements Loss {

    @Override
    public double cost(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        return SoftmaxKernel.crossEntropy(output, target);
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        SoftmaxKernel.crossEntropyGradient(output, target, grad);
    }

    /** Both in one pass over each row, with the very operations of {@link #cost} and {@link #gradient}. */
    @Override
    public double costAndGradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        return SoftmaxKernel.crossEntropyAndGradient(output, target, grad);
    }

    @Override
    public void predict(Matrix output, Matrix predictions) {
        SoftmaxKernel.forward(output, predictions); // one exponential per logit, split across the cores for large batches
    }

    @Override
    public double error(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        int wrong = 0;
        for (int r = 0; r < output.rows(); r++) {
            if (output.argmaxInRow(r) != target.argmaxInRow(r)) {
                wrong++;
            }
        }
        return output.rows() == 0 ? 0 : (double) wrong / output.rows();
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public String id() {
        return "softmax_cross_entropy";
    }
}
