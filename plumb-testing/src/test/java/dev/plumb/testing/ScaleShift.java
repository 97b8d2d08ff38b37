package dev.plumb.testing;

import java.util.List;

import dev.plumb.nn.Buffers;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A hand-written layer for the tests: y = x ⊙ γ + β per feature, with γ and β learned (1 × width each).
 * Backward: dγ = Σ_rows dY ⊙ X, dβ = Σ_rows dY, dX = dY ⊙ γ. {@code biasBug} plants the bug the tests look
 * for: dβ counts only the first example of the batch.
 */
class ScaleShift implements Layer {

    private final int width;
    private final boolean biasBug;
    private final Parameter gamma;
    private final Parameter beta;
    private final Buffers outputs;
    private final Buffers inputGradients;
    private Matrix lastX;

    ScaleShift(int width, DType dtype, boolean biasBug) {
        this.width = width;
        this.biasBug = biasBug;
        this.gamma = Parameter.bias("gamma", Matrix.zeros(dtype, 1, width));
        this.beta = Parameter.bias("beta", Matrix.zeros(dtype, 1, width));
        for (int c = 0; c < width; c++) { // distinct values, so a mix-up of columns would show
            gamma.value().set(c, 0.5 + 0.25 * c);
            beta.value().set(c, 0.1 * c - 0.2);
        }
        this.outputs = new Buffers(dtype, width);
        this.inputGradients = new Buffers(dtype, width);
    }

    @Override
    public Matrix forward(Matrix x, Mode mode) {
        Matrix y = outputs.get(x.rows());
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < width; c++) {
                y.set(r, c, x.get(r, c) * gamma.value().get(c) + beta.value().get(c));
            }
        }
        lastX = x;
        return y;
    }

    @Override
    public Matrix backward(Matrix dY) {
        Matrix dX = inputGradients.get(dY.rows());
        gamma.grad().fill(0);
        beta.grad().fill(0);
        for (int r = 0; r < dY.rows(); r++) {
            for (int c = 0; c < width; c++) {
                double g = dY.get(r, c);
                gamma.grad().set(c, gamma.grad().get(c) + g * lastX.get(r, c));
                if (r == 0 || !biasBug) {
                    beta.grad().set(c, beta.grad().get(c) + g);
                }
                dX.set(r, c, g * gamma.value().get(c));
            }
        }
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != width) {
            throw new IllegalArgumentException(describe() + " takes " + width + " inputs, not " + inputSize);
        }
        return width;
    }

    @Override
    public ScaleShift copy(DType dtype) {
        ScaleShift copy = new ScaleShift(width, dtype, biasBug);
        copy.gamma.value().copyFrom(gamma.value());
        copy.beta.value().copyFrom(beta.value());
        return copy;
    }

    @Override
    public String describe() {
        return "ScaleShift(" + width + ")";
    }
}
