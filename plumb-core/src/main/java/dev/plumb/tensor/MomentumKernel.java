package dev.plumb.tensor;

/**
 * One step of gradient descent with momentum, in PyTorch's form: v ← β·v + dθ, θ ← θ − α·v. One pass over
 * the three arrays per precision, with the very operations {@code v.scale(β)}, {@code v.axpy(1, dθ)} and
 * {@code θ.axpy(−α, v)} would do, in the same order (Java never contracts them into FMAs), so the result is
 * theirs, bit for bit, in a third of the memory traffic. Large parameters are split across the cores
 * ({@link ParallelLoops}); each element's update is the same whichever thread makes it.
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
        int n = value.size();
        LoopOperands o = ParallelLoops.acquire(n);
        if (value instanceof FloatMatrix w) {
            float[] ws = w.data();
            float[] gs = ((FloatMatrix) grad).array();
            float[] vs = ((FloatMatrix) velocity).data();
            if (o == null) {
                step(ws, gs, vs, (float) beta, (float) -learningRate, 0, n);
                return;
            }
            o.f0 = ws;
            o.f1 = gs;
            o.f2 = vs;
            o.s0 = (float) beta;
            o.s1 = (float) -learningRate;
            ParallelLoops.run(o, n, MomentumKernel::floatSteps);
        } else {
            double[] ws = ((DoubleMatrix) value).data();
            double[] gs = ((DoubleMatrix) grad).data();
            double[] vs = ((DoubleMatrix) velocity).data();
            if (o == null) {
                step(ws, gs, vs, beta, -learningRate, 0, n);
                return;
            }
            o.d0 = ws;
            o.d1 = gs;
            o.d2 = vs;
            o.s0 = beta;
            o.s1 = -learningRate;
            ParallelLoops.run(o, n, MomentumKernel::doubleSteps);
        }
    }

    // operands: f0/d0 = θ, f1/d1 = dθ, f2/d2 = v, s0 = β, s1 = −α
    private static void floatSteps(LoopOperands o, int chunk, int from, int to) {
        step(o.f0, o.f1, o.f2, (float) o.s0, (float) o.s1, from, to);
    }

    private static void doubleSteps(LoopOperands o, int chunk, int from, int to) {
        step(o.d0, o.d1, o.d2, o.s0, o.s1, from, to);
    }

    private static void step(float[] w, float[] g, float[] v, float beta, float minusRate, int from, int to) {
        for (int i = from; i < to; i++) {
            float vi = v[i] * beta + g[i];
            v[i] = vi;
            w[i] += minusRate * vi;
        }
    }

    private static void step(double[] w, double[] g, double[] v, double beta, double minusRate, int from, int to) {
        for (int i = from; i < to; i++) {
            double vi = v[i] * beta + g[i];
            v[i] = vi;
            w[i] += minusRate * vi;
        }
    }
}
