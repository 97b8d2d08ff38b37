package dev.plumb.diagnose.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A dense layer as a user would write one against {@link Layer}, with plain loops and its own tanh,
 * and an optional deliberate bug in its backward: what a gradient check is for.
 */
final class HandWrittenDense implements Layer {

    enum Fault {
        NONE,
        /** db multiplied by m: as if the 1/m already in gradOutput were missing. */
        BIAS_TIMES_M,
        /** db scaled by 2. */
        BIAS_TIMES_2,
        /** dW scaled by 2. */
        WEIGHT_TIMES_2,
        /** dX = dA·W: the activation's derivative forgotten on the way to the input. */
        INPUT_WITHOUT_DERIVATIVE,
        /** tanh'(z) taken as 1 − a instead of 1 − a²: every gradient of the layer is wrong. */
        WRONG_DERIVATIVE,
        /** dW added into W's grad (+=) instead of overwriting it: right on fresh gradients only. */
        WEIGHT_ACCUMULATES,
        /** dW[1, 2] off by a relative 1e-4, every other coordinate right: the norm dilutes it. */
        ONE_WEIGHT_OFF,
        /** dW += (0.1/m)·W, the L2(0.1) penalty's gradient, which the network already adds. */
        OWN_L2,
        /** db with its sign flipped. */
        BIAS_NEGATED,
        /** db divided by m: the 1/m, already in gradOutput, applied a second time. */
        BIAS_OVER_M,
        /** dW stored transposed, dW[k, u] = (dZᵀ·X)[u, k] (square layers only). */
        WEIGHT_TRANSPOSED,
        /** The wrong cache: tanh'(z) computed from A as if it were Z, 1 − tanh²(a). */
        DERIVATIVE_FROM_A,
        /** dX = 2·dZ·W. */
        INPUT_TIMES_2,
        /** g' left out: dZ = dA. */
        NO_DERIVATIVE,
        /** Not a bug: dZ computed in place in gradOutput, which the Layer contract allows. */
        DZ_IN_PLACE
    }

    private final int inputs;
    private final int units;
    private final boolean tanh;
    private final Fault fault;
    private final Parameter w;
    private final Parameter b;
    private Matrix x;
    private Matrix a;

    HandWrittenDense(int inputs, int units, boolean tanh, Fault fault, DType dtype) {
        this.inputs = inputs;
        this.units = units;
        this.tanh = tanh;
        this.fault = fault;
        this.w = Parameter.weight("W", Matrix.zeros(dtype, units, inputs));
        this.b = Parameter.bias("b", Matrix.zeros(dtype, 1, units));
    }

    HandWrittenDense randomize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < w.value().size(); i++) {
            w.value().set(i, rng.nextGaussian() / Math.sqrt(inputs));
        }
        for (int i = 0; i < units; i++) {
            b.value().set(i, 0.1 * rng.nextGaussian());
        }
        return this;
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        int m = input.rows();
        Matrix out = Matrix.zeros(input.dtype(), m, units);
        for (int r = 0; r < m; r++) {
            for (int u = 0; u < units; u++) {
                double z = b.value().get(u);
                for (int k = 0; k < inputs; k++) {
                    z += input.get(r, k) * w.value().get(u, k);
                }
                out.set(r, u, tanh ? Math.tanh(z) : z);
            }
        }
        x = input;
        a = out;
        return out;
    }

    @Override
    public Matrix backward(Matrix dA) {
        int m = x.rows();
        Matrix dZ = fault == Fault.DZ_IN_PLACE ? dA : Matrix.zeros(dA.dtype(), m, units);
        for (int i = 0; i < dZ.size(); i++) {
            double ai = a.get(i);
            double derivative = !tanh || fault == Fault.NO_DERIVATIVE ? 1 : fault == Fault.WRONG_DERIVATIVE ? 1 - ai
                    : fault == Fault.DERIVATIVE_FROM_A ? 1 - Math.tanh(ai) * Math.tanh(ai) : 1 - ai * ai;
            dZ.set(i, derivative * dA.get(i));
        }
        double wScale = fault == Fault.WEIGHT_TIMES_2 ? 2 : 1;
        double bScale = fault == Fault.BIAS_TIMES_M ? m : fault == Fault.BIAS_TIMES_2 ? 2
                : fault == Fault.BIAS_NEGATED ? -1 : fault == Fault.BIAS_OVER_M ? 1.0 / m : 1;
        for (int u = 0; u < units; u++) {
            double db = 0;
            for (int r = 0; r < m; r++) {
                db += dZ.get(r, u);
            }
            b.grad().set(u, bScale * db);
            for (int k = 0; k < inputs; k++) {
                double dw = 0;
                for (int r = 0; r < m; r++) {
                    dw += dZ.get(r, u) * x.get(r, k);
                }
                w.grad().set(u, k, wScale * dw + (fault == Fault.WEIGHT_ACCUMULATES ? w.grad().get(u, k) : 0));
                if (fault == Fault.OWN_L2) {
                    w.grad().set(u, k, dw + 0.1 / m * w.value().get(u, k));
                }
                if (fault == Fault.WEIGHT_TRANSPOSED) {
                    w.grad().set(k, u, dw);
                }
                if (fault == Fault.ONE_WEIGHT_OFF && u == 1 && k == 2) {
                    w.grad().set(u, k, dw * (1 + 1e-4));
                }
            }
        }
        Matrix upstream = fault == Fault.INPUT_WITHOUT_DERIVATIVE ? dA : dZ;
        Matrix dX = Matrix.zeros(dA.dtype(), m, inputs);
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < inputs; k++) {
                double s = 0;
                for (int u = 0; u < units; u++) {
                    s += upstream.get(r, u) * w.value().get(u, k);
                }
                dX.set(r, k, (fault == Fault.INPUT_TIMES_2 ? 2 : 1) * s);
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
            throw new IllegalArgumentException("HandWrittenDense expects " + inputs + " inputs, got " + inputSize);
        }
        return units;
    }

    @Override
    public Layer copy(DType dtype) {
        HandWrittenDense copy = new HandWrittenDense(inputs, units, tanh, fault, dtype);
        copy.w.value().copyFrom(w.value());
        copy.b.value().copyFrom(b.value());
        return copy;
    }

    @Override
    public String describe() {
        return "HandWrittenDense(" + inputs + " → " + units + ", " + (tanh ? "tanh" : "identity") + ")";
    }
}
