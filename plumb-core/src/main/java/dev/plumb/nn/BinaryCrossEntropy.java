package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/**
 * Binary cross-entropy from logits, for one or more independent yes/no outputs per example. Per
 * element, L = max(x, 0) − x·y + log(1 + e^−|x|): the same value as −y·log σ(x) − (1−y)·log(1−σ(x))
 * but with no exponent ever positive, so logits of ±1e30 give finite losses. The cost is the mean over
 * all elements (PyTorch's {@code BCEWithLogitsLoss} convention); gradient (σ(x) − y) / (m·outputs).
 */
public record BinaryCrossEntropy() implements Loss {

    @Override
    public double cost(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        double total = 0;
        for (int i = 0, n = output.size(); i < n; i++) {
            double x = output.get(i);
            double y = target.get(i);
            total += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
        }
        return output.size() == 0 ? 0 : total / output.size();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        double inv = 1.0 / output.size();
        for (int i = 0, n = output.size(); i < n; i++) {
            grad.set(i, (Sigmoid.sigmoid(output.get(i)) - target.get(i)) * inv);
        }
    }

    @Override
    public void predict(Matrix output, Matrix predictions) {
        new Sigmoid().forward(output, predictions);
    }

    /** Fraction of elements on the wrong side of the 0.5 threshold (logit 0). */
    @Override
    public double error(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        int wrong = 0;
        for (int i = 0, n = output.size(); i < n; i++) {
            if ((output.get(i) > 0) != (target.get(i) > 0.5)) {
                wrong++;
            }
        }
        return output.size() == 0 ? 0 : (double) wrong / output.size();
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public String id() {
        return "binary_cross_entropy";
    }
}
