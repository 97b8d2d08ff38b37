package dev.plumb.tensor;

/**
 * One Adam step: m ← β₁m + (1−β₁)dθ, v ← β₂v + (1−β₂)dθ², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
 * θ ← θ − α·m̂/(√v̂ + ε). One pass over the four arrays per precision.
 *
 * <p>Float32 computes in float, arranged as PyTorch arranges it — θ ← θ − (α/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε),
 * the same update up to rounding — so that it takes one square root and one division per element and
 * vectorizes; the formula as written takes twice as many, unvectorized, and cost more than the layers' own
 * arithmetic. Float64 computes the formula as written, for reference runs and gradient checks. Large
 * parameters are split across the cores ({@link ParallelLoops}), with the same result per element.
 */
public final class AdamKernel {

    private AdamKernel() {
    }

    /**
     * Updates {@code m}, {@code v} and {@code value} in place from {@code grad}.
     *
     * @param value        θ, the parameter
     * @param grad         dθ, its gradient
     * @param m            first moment (zeros before the first step)
     * @param v            second moment (zeros before the first step)
     * @param beta1        β₁
     * @param beta2        β₂
     * @param epsilon      ε
     * @param learningRate α
     * @param t            the number of this step for this parameter, from 1: the bias corrections' exponent
     */
    public static void step(Matrix value, Matrix grad, Matrix m, Matrix v, double beta1, double beta2,
            double epsilon, double learningRate, long t) {
        Checks.sameShapeAndDType("grad", grad, "value", value);
        Checks.sameShapeAndDType("m", m, "value", value);
        Checks.sameShapeAndDType("v", v, "value", value);
        if (t < 1) {
            throw new IllegalArgumentException("Invalid value for argument t: " + t
                    + ". Expected a step number >= 1 (the first step is 1).");
        }
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        int n = value.size();
        LoopOperands o = ParallelLoops.acquire(2L * n); // a square root and a division per element: twice the work
        if (value instanceof FloatMatrix w) {
            float[] ws = w.data();
            float[] gs = ((FloatMatrix) grad).array();
            float[] ms = ((FloatMatrix) m).data();
            float[] vs = ((FloatMatrix) v).data();
            if (o == null) {
                step(ws, gs, ms, vs, beta1, beta2, epsilon, learningRate, c1, c2, 0, n);
                return;
            }
            o.f0 = ws;
            o.f1 = gs;
            o.f2 = ms;
            o.f3 = vs;
            scalars(o, beta1, beta2, epsilon, learningRate, c1, c2);
            ParallelLoops.run(o, n, AdamKernel::floatSteps);
        } else {
            double[] ws = ((DoubleMatrix) value).data();
            double[] gs = ((DoubleMatrix) grad).data();
            double[] ms = ((DoubleMatrix) m).data();
            double[] vs = ((DoubleMatrix) v).data();
            if (o == null) {
                step(ws, gs, ms, vs, beta1, beta2, epsilon, learningRate, c1, c2, 0, n);
                return;
            }
            o.d0 = ws;
            o.d1 = gs;
            o.d2 = ms;
            o.d3 = vs;
            scalars(o, beta1, beta2, epsilon, learningRate, c1, c2);
            ParallelLoops.run(o, n, AdamKernel::doubleSteps);
        }
    }

    // operands: f0/d0 = θ, f1/d1 = dθ, f2/d2 = m, f3/d3 = v, s0..s5 = β₁, β₂, ε, α, 1−β₁ᵗ, 1−β₂ᵗ
    private static void scalars(LoopOperands o, double beta1, double beta2, double epsilon, double learningRate,
                                double c1, double c2) {
        o.s0 = beta1;
        o.s1 = beta2;
        o.s2 = epsilon;
        o.s3 = learningRate;
        o.s4 = c1;
        o.s5 = c2;
    }

    private static void floatSteps(LoopOperands o, int chunk, int from, int to) {
        step(o.f0, o.f1, o.f2, o.f3, o.s0, o.s1, o.s2, o.s3, o.s4, o.s5, from, to);
    }

    private static void doubleSteps(LoopOperands o, int chunk, int from, int to) {
        step(o.d0, o.d1, o.d2, o.d3, o.s0, o.s1, o.s2, o.s3, o.s4, o.s5, from, to);
    }

    private static void step(float[] w, float[] g, float[] m, float[] v, double beta1, double beta2,
            double epsilon, double learningRate, double c1, double c2, int from, int to) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        float stepSize = (float) (learningRate / c1);
        float invSqrtC2 = (float) (1 / Math.sqrt(c2));
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + oneMinusB1 * gi;
            float vi = b2 * v[i] + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + eps);
        }
    }

    private static void step(double[] w, double[] g, double[] m, double[] v, double beta1, double beta2,
            double epsilon, double learningRate, double c1, double c2, int from, int to) {
        for (int i = from; i < to; i++) {
            double gi = g[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] - learningRate * (mi / c1) / (Math.sqrt(vi / c2) + epsilon);
        }
    }
}
