package dev.plumb.optim;

import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.LinkedHashMap;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * Adam: m ← β₁m + (1−β₁)dθ, v ← β₂v + (1−β₂)dθ², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
 * θ ← θ − α·m̂/(√v̂ + ε), with t the number of steps this parameter has taken (from 1): counted per
 * parameter, like the moments, so that a parameter first stepped late still gets step 1's bias correction.
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Parameter, Moments> moments = new IdentityHashMap<>();
    private long t;

    /** First and second moments of one parameter and the number of updates they have seen. */
    private static final class Moments {
        final Matrix m;
        final Matrix v;
        long t;

        Moments(Matrix value) {
            m = value.zerosLike();
            v = value.zerosLike();
        }
    }

    public Adam(double beta1, double beta2, double epsilon) {
        this.beta1 = LearningRates.beta("beta1", beta1);
        this.beta2 = LearningRates.beta("beta2", beta2);
        this.epsilon = Checks.positive("epsilon", epsilon);
    }

    /** Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e−8. */
    public Adam() {
        this(0.9, 0.999, 1e-8);
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
        LearningRates.check(learningRate);
        t++;
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
            Moments state = moments.computeIfAbsent(p, q -> new Moments(q.value()));
            state.t++;
            double c1 = 1 - Math.pow(beta1, state.t);
            double c2 = 1 - Math.pow(beta2, state.t);
            Matrix m = state.m;
            Matrix v = state.v;
            Matrix g = p.grad();
            Matrix w = p.value();
            if (w instanceof FloatMatrix fw && g instanceof FloatMatrix fg && m instanceof FloatMatrix fm
                    && v instanceof FloatMatrix fv) {
                step(fw.data(), fg.data(), fm.data(), fv.data(), learningRate, c1, c2);
                continue;
            }
            for (int i = 0, n = w.size(); i < n; i++) {
                double gi = g.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                w.set(i, w.get(i) - learningRate * (mi / c1) / (Math.sqrt(vi / c2) + epsilon));
            }
        }
    }

    /**
     * The float32 step in float arithmetic, arranged as PyTorch arranges it —
     * θ ← θ − (α/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε), the same update up to rounding — so that it takes one
     * square root and one division per element and vectorizes; the double loop above took twice as many,
     * unvectorized, and cost more than the layers' own arithmetic.
     */
    private void step(float[] w, float[] g, float[] m, float[] v, double learningRate, double c1, double c2) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        float stepSize = (float) (learningRate / c1);
        float invSqrtC2 = (float) (1 / Math.sqrt(c2));
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + oneMinusB1 * gi;
            float vi = b2 * v[i] + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + eps);
        }
    }

    @Override
    public void reset() {
        moments.clear();
        t = 0;
    }

    @Override
    public Adam copy() {
        return new Adam(beta1, beta2, epsilon);
    }

    @Override
    public String id() {
        return "adam(beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ")";
    }

    /**
     * The moments and step counts of every parameter this optimizer has stepped, by name ("m/W1", "v/W1", "t/W1"),
     * and the total step count "t"; counts are 1×1 float64 matrices (exact up to 2⁵³ steps).
     */
    @Override
    public Map<String, Matrix> state(Map<String, Parameter> parameters) {
        Map<String, Matrix> state = new LinkedHashMap<>();
        state.put("t", OptimizerState.count(t));
        parameters.forEach((name, p) -> {
            Moments s = moments.get(p);
            if (s != null) {
                state.put("m/" + name, s.m);
                state.put("v/" + name, s.v);
                state.put("t/" + name, OptimizerState.count(s.t));
            }
        });
        return state;
    }

    @Override
    public void restoreState(Map<String, Matrix> state, Map<String, Parameter> parameters) {
        OptimizerState.requireKeys(id(), state, parameters, "m/", "v/", "t/");
        moments.clear();
        t = OptimizerState.count(state, "t");
        parameters.forEach((name, p) -> {
            if (state.containsKey("m/" + name)) {
                Moments s = new Moments(p.value());
                s.m.copyFrom(OptimizerState.like(state, "m/" + name, p));
                s.v.copyFrom(OptimizerState.like(state, "v/" + name, p));
                s.t = OptimizerState.count(state, "t/" + name);
                moments.put(p, s);
            }
        });
    }
}
