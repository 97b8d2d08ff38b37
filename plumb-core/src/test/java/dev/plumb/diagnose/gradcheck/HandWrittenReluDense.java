package dev.plumb.diagnose.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A dense ReLU layer written by hand against {@link Layer}, with zero biases as the built-in initializers
 * give, and an optional deliberate bug in its bias gradient: a layer whose pre-activations can sit exactly on
 * the kink at 0.
 */
final class HandWrittenReluDense implements Layer {

    private final int inputs;
    private final int units;
    private final boolean biasTimes2;
    private final Parameter w;
    private final Parameter b;
    private Matrix x;
    private Matrix z;

    /** {@code biasTimes2}: db = 2·Σ_rows dZ, the planted bug. */
    HandWrittenReluDense(int inputs, int units, boolean biasTimes2, DType dtype) {
        this.inputs = inputs;
        this.units = units;
        this.biasTimes2 = biasTimes2;
        this.w = Parameter.weight("W", Matrix.zeros(dtype, units, inputs));
        this.b = Parameter.bias("b", Matrix.zeros(dtype, 1, units));
    }

    /** He-scaled Gaussian weights; the biases stay 0. */
    HandWrittenReluDense randomize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < w.value().size(); i++) {
            w.value().set(i, rng.nextGaussian() * Math.sqrt(2.0 / inputs));
        }
        return this;
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        int m = input.rows();
        z = Matrix.zeros(input.dtype(), m, units);
        Matrix out = Matrix.zeros(input.dtype(), m, units);
        for (int r = 0; r < m; r++) {
            for (int u = 0; u < units; u++) {
                double s = b.value().get(u);
                for (int k = 0; k < inputs; k++) {
                    s += input.get(r, k) * w.value().get(u, k);
                }
                z.set(r, u, s);
                out.set(r, u, Math.max(0, s));
            }
        }
        x = input;
        return out;
    }

    @Override
    public Matrix backward(Matrix dA) {
        int m = x.rows();
        Matrix dZ = Matrix.zeros(dA.dtype(), m, units);
        for (int i = 0; i < dZ.size(); i++) {
            dZ.set(i, z.get(i) > 0 ? dA.get(i) : 0); // relu'(0) taken as 0, the left slope
        }
        for (int u = 0; u < units; u++) {
            double db = 0;
            for (int r = 0; r < m; r++) {
                db += dZ.get(r, u);
            }
            b.grad().set(u, (biasTimes2 ? 2 : 1) * db);
            for (int k = 0; k < inputs; k++) {
                double dw = 0;
                for (int r = 0; r < m; r++) {
                    dw += dZ.get(r, u) * x.get(r, k);
                }
                w.grad().set(u, k, dw);
            }
        }
        Matrix dX = Matrix.zeros(dA.dtype(), m, inputs);
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < inputs; k++) {
                double s = 0;
                for (int u = 0; u < units; u++) {
                    s += dZ.get(r, u) * w.value().get(u, k);
                }
                dX.set(r, k, s);
            }
        }
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != inputs) {
            throw new IllegalArgumentException("HandWrittenReluDense expects " + inputs + " inputs, got " + inputSize);
        }
        return units;
    }

    @Override
    public Layer copy(DType dtype) {
        HandWrittenReluDense copy = new HandWrittenReluDense(inputs, units, biasTimes2, dtype);
        copy.w.value().copyFrom(w.value());
        copy.b.value().copyFrom(b.value());
        return copy;
    }

    @Override
    public String describe() {
        return "HandWrittenReluDense(" + inputs + " → " + units + ")";
    }
}
