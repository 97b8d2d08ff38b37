package dev.plumb.optim;

import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/**
 * Adam: m ← β₁m + (1−β₁)dθ, v ← β₂v + (1−β₂)dθ², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
 * θ ← θ − α·m̂/(√v̂ + ε), with t the number of steps taken (from 1).
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Parameter, Matrix[]> moments = new IdentityHashMap<>();
    private long t;

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
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
            Matrix[] mv = moments.computeIfAbsent(p, q -> new Matrix[] {q.value().zerosLike(), q.value().zerosLike()});
            Matrix m = mv[0];
            Matrix v = mv[1];
            Matrix g = p.grad();
            Matrix w = p.value();
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
}
