package dev.plumb.tensor;

/**
 * ReLU over every element, g(z) = max(0, z), and its backward pass dZ = dA ⊙ g'(z) with g'(z) = 1 for
 * z > 0, else 0 (the subgradient at 0 taken as 0): one array loop per precision. A NaN in z stays NaN,
 * forward and backward, so that a diverging unit is seen rather than silenced.
 *
 * <p>The float32 loops are written so that the JIT vectorizes them (JDK 17 vectorizes
 * {@code Math.max}/{@code Math.min} but not a conditional select, and a branch on the sign of z mispredicts
 * half the time). They give the values of the float64 loops, except that backward may write −0 where the
 * float64 loop writes +0, which no sum or update can tell apart, and NaN where dA is infinite and the unit
 * is off. The float64 loops keep the plain definition: gradient checks run in float64 and judge against it.
 */
public final class ReluKernel {

    private ReluKernel() {
    }

    /** {@code a = max(z, 0)}, elementwise; {@code a} may be {@code z}. */
    public static void forward(Matrix z, Matrix a) {
        Checks.sameShapeAndDType("a", a, "z", z);
        if (z instanceof FloatMatrix fz) {
            forward(fz.array(), ((FloatMatrix) a).data());
        } else {
            forward(((DoubleMatrix) z).data(), ((DoubleMatrix) a).data());
        }
    }

    /**
     * {@code dZ = dA ⊙ g'(z)}, where {@code a = max(z, 0)} is the forward output (the float32 loop reads
     * g'(z) off {@code a}, the float64 loop off {@code z}); {@code dZ} may be {@code dA}.
     */
    public static void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
        Checks.sameShapeAndDType("a", a, "z", z);
        Checks.sameShapeAndDType("dA", dA, "z", z);
        Checks.sameShapeAndDType("dZ", dZ, "z", z);
        if (z instanceof FloatMatrix) {
            backward(((FloatMatrix) a).array(), ((FloatMatrix) dA).array(), ((FloatMatrix) dZ).data());
        } else {
            backward(((DoubleMatrix) z).data(), ((DoubleMatrix) dA).data(), ((DoubleMatrix) dZ).data());
        }
    }

    private static void forward(float[] z, float[] a) {
        for (int i = 0; i < z.length; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    private static void forward(double[] z, double[] a) {
        for (int i = 0; i < z.length; i++) {
            a[i] = Math.max(z[i], 0.0);
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

    private static void backward(double[] z, double[] dA, double[] dZ) {
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            dZ[i] = v > 0 ? dA[i] : v == v ? 0.0 : Double.NaN;
        }
    }
}
