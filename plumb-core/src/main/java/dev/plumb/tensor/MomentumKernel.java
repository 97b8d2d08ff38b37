package dev.plumb.tensor;

/**
 * One step of gradient descent with momentum, in PyTorch's form: v ← β·v + dθ, θ ← θ − α·v. One pass over
 * the three arrays per precision, with the very operations {@code v.scale(β)}, {@code v.axpy(1, dθ)} and
 * {@code θ.axpy(−α, v)} would do, in the same order (Java never contracts them into FMAs), so the result is
 * theirs, bit for bit, in a third of the memory traffic.
 */
public final class MomentumKernel {

    private MomentumKernel() {
    }

    /**
     * Updates {@code velocity} and {@code value} in place from {@code grad}.
     *
     * @param value        θ, the parameter
     * @param grad         dθ, its gradient
     * @param velocity     v, the parameter's velocity (zeros before the first step)
     * @param beta         β, the momentum
     * @param learningRate α
     */
    public static void step(Matrix value, Matrix grad, Matrix velocity, double beta, double learningRate) {
        Checks.sameShapeAndDType("grad", grad, "value", value);
        Checks.sameShapeAndDType("velocity", velocity, "value", value);
        if (value instanceof FloatMatrix w) {
            step(w.data(), ((FloatMatrix) grad).array(), ((FloatMatrix) velocity).data(), (float) beta,
                    (float) -learningRate);
        } else {
            step(((DoubleMatrix) value).data(), ((DoubleMatrix) grad).data(), ((DoubleMatrix) velocity).data(), beta,
                    -learningRate);
        }
    }

    private static void step(float[] w, float[] g, float[] v, float beta, float minusRate) {
        for (int i = 0; i < w.length; i++) {
            float vi = v[i] * beta + g[i];
            v[i] = vi;
            w[i] += minusRate * vi;
        }
    }

    private static void step(double[] w, double[] g, double[] v, double beta, double minusRate) {
        for (int i = 0; i < w.length; i++) {
            double vi = v[i] * beta + g[i];
            v[i] = vi;
            w[i] += minusRate * vi;
        }
    }
}
