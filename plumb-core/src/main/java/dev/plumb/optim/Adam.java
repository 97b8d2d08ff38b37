package dev.plumb.optim;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.AdamKernel;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/**
 * Adam: m ← β₁m + (1−β₁)dθ, v ← β₂v + (1−β₂)dθ², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
 * θ ← θ − α·m̂/(√v̂ + ε), with t the number of steps this parameter has taken (from 1): counted per
 * parameter, like the moments, so that a parameter first stepped late still gets step 1's bias correction.
 * The arithmetic, and how float32 arranges it, is {@link AdamKernel}'s; the moments live here.
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
            AdamKernel.step(p.value(), p.grad(), state.m, state.v, beta1, beta2, epsilon, learningRate, state.t);
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
