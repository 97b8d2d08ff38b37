package dev.plumb.optim;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.MomentumKernel;

/**
 * Gradient descent with momentum, in PyTorch's form: v ← β·v + dθ, θ ← θ − α·v (v starts at 0).
 * The exponentially-weighted form v ← β·v + (1−β)·dθ of the deeplearning.ai course is the same
 * update with α scaled by (1 − β). The arithmetic is {@link MomentumKernel}'s; the velocity, keyed by
 * parameter, lives here.
 */
public final class Momentum implements Optimizer {

    private final double beta;
    private final Map<Parameter, Matrix> velocity = new IdentityHashMap<>();

    public Momentum(double beta) {
        this.beta = LearningRates.beta("beta", beta);
    }

    public double beta() {
        return beta;
    }

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
        LearningRates.check(learningRate);
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
            Matrix v = velocity.computeIfAbsent(p, q -> q.value().zerosLike());
            MomentumKernel.step(p.value(), p.grad(), v, beta, learningRate);
        }
    }

    @Override
    public void reset() {
        velocity.clear();
    }

    @Override
    public Momentum copy() {
        return new Momentum(beta);
    }

    @Override
    public String id() {
        return "momentum(beta=" + beta + ")";
    }

    /** The velocity of every parameter this optimizer has stepped, by name ("v/W1"). */
    @Override
    public Map<String, Matrix> state(Map<String, Parameter> parameters) {
        Map<String, Matrix> state = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            Matrix v = velocity.get(p);
            if (v != null) {
                state.put("v/" + name, v);
            }
        });
        return state;
    }

    @Override
    public void restoreState(Map<String, Matrix> state, Map<String, Parameter> parameters) {
        OptimizerState.requireKeys(id(), state, parameters, "v/");
        velocity.clear();
        parameters.forEach((name, p) -> {
            if (state.containsKey("v/" + name)) {
                Matrix v = p.value().zerosLike();
                v.copyFrom(OptimizerState.like(state, "v/" + name, p));
                velocity.put(p, v);
            }
        });
    }
}
