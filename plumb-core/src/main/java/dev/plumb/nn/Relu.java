package dev.plumb.nn;

import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * ReLU: g(z) = max(0, z); g'(z) = 1 for z > 0, else 0 (the subgradient at 0 is taken as 0).
 *
 * <p>Float32 matrices take a loop over their arrays that the JIT vectorizes; it gives exactly what the
 * double loop gives (max and select round nothing).
 */
public record Relu() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        if (z instanceof FloatMatrix fz && a instanceof FloatMatrix fa) {
            forward(fz.data(), fa.data());
            return;
        }
        for (int i = 0, n = z.size(); i < n; i++) {
            double v = z.get(i);
            a.set(i, v > 0 ? v : 0.0);
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        if (z instanceof FloatMatrix fz && dA instanceof FloatMatrix fdA && dZ instanceof FloatMatrix fdZ) {
            backward(fz.data(), fdA.data(), fdZ.data());
            return;
        }
        for (int i = 0, n = z.size(); i < n; i++) {
            dZ.set(i, z.get(i) > 0 ? dA.get(i) : 0.0);
        }
    }

    private static void forward(float[] z, float[] a) {
        for (int i = 0; i < z.length; i++) {
            float v = z[i];
            a[i] = v > 0 ? v : 0f;
        }
    }

    private static void backward(float[] z, float[] dA, float[] dZ) {
        for (int i = 0; i < z.length; i++) {
            dZ[i] = z[i] > 0 ? dA[i] : 0f;
        }
    }

    @Override
    public String id() {
        return "relu";
    }
}
