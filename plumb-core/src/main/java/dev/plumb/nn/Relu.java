package dev.plumb.nn;

import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * ReLU: g(z) = max(0, z); g'(z) = 1 for z > 0, else 0 (the subgradient at 0 is taken as 0). A NaN in z
 * stays NaN, forward and backward, so that a diverging unit is seen rather than silenced.
 *
 * <p>Float32 matrices take loops over their arrays written so that the JIT vectorizes them (JDK 17
 * vectorizes {@code Math.max}/{@code Math.min} but not a conditional select, and a branch on the sign of z
 * mispredicts half the time). They give the values the double loop gives, except that backward may
 * write −0 where the double loop writes +0, which no sum or update can tell apart.
 */
public record Relu() implements Activation {

    @Override
    public void forward(Matrix z, Matrix a) {
        if (z instanceof FloatMatrix fz && a instanceof FloatMatrix fa) {
            forward(fz.data(), fa.data());
            return;
        }
        for (int i = 0, n = z.size(); i < n; i++) {
            a.set(i, Math.max(z.get(i), 0.0));
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        if (a instanceof FloatMatrix fa && dA instanceof FloatMatrix fdA && dZ instanceof FloatMatrix fdZ) {
            backward(fa.data(), fdA.data(), fdZ.data());
            return;
        }
        for (int i = 0, n = z.size(); i < n; i++) {
            double v = z.get(i);
            dZ.set(i, v > 0 ? dA.get(i) : v == v ? 0.0 : Double.NaN);
        }
    }

    private static void forward(float[] z, float[] a) {
        for (int i = 0; i < z.length; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    /**
     * dZ = dA · g'(z) with g'(z) read off a = max(z, 0): min(a · 2²⁰⁰, 1) is exactly 1 for every a > 0
     * (the smallest float, 2⁻¹⁴⁹, times 2²⁰⁰ is above 1) and 0 for a = 0; a NaN stays NaN.
     */
    private static void backward(float[] a, float[] dA, float[] dZ) {
        for (int i = 0; i < a.length; i++) {
            float step = Math.min(a[i] * 0x1p100f * 0x1p100f, 1f);
            dZ[i] = dA[i] * step;
        }
    }

    @Override
    public String id() {
        return "relu";
    }
}
