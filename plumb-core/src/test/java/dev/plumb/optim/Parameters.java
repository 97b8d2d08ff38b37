package dev.plumb.optim;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Tiny float64 parameters for the optimizer tests. */
final class Parameters {

    private Parameters() {
    }

    static Parameter of(double... values) {
        return Parameter.weight("w", Matrix.fromRowMajor(DType.FLOAT64, 1, values.length, values));
    }

    static void setGradient(Parameter p, double... values) {
        for (int i = 0; i < values.length; i++) {
            p.grad().set(i, values[i]);
        }
    }
}
