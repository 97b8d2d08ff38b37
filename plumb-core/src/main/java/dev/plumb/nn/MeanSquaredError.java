package dev.plumb.nn;

import dev.plumb.tensor.Matrix;

/**
 * Mean squared error over all elements, J = (1/(m·outputs)) Σ (ŷ − y)² (PyTorch's {@code MSELoss}
 * convention, without the ½ some texts use); gradient 2(ŷ − y) / (m·outputs).
 */
public record MeanSquaredError() implements Loss {

    @Override
    public double cost(Matrix output, Matrix target) {
        Loss.requireSameShape(output, target);
        double total = 0;
        for (int i = 0, n = output.size(); i < n; i++) {
            double d = output.get(i) - target.get(i);
            total += d * d;
        }
        return output.size() == 0 ? 0 : total / output.size();
    }

    @Override
    public void gradient(Matrix output, Matrix target, Matrix grad) {
        Loss.requireSameShape(output, target);
        double scale = 2.0 / output.size();
        for (int i = 0, n = output.size(); i < n; i++) {
            grad.set(i, (output.get(i) - target.get(i)) * scale);
        }
    }

    @Override
    public void predict(Matrix output, Matrix predictions) {
        predictions.copyFrom(output);
    }

    @Override
    public double error(Matrix output, Matrix target) {
        return cost(output, target);
    }

    @Override
    public boolean isClassification() {
        return false;
    }

    @Override
    public String id() {
        return "mse";
    }
}
