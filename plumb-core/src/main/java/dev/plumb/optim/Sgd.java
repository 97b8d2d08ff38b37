package dev.plumb.optim;

import java.util.Collection;

import dev.plumb.nn.Parameter;

/** (Mini-batch) gradient descent: θ ← θ − α·dθ. Stateless. */
public final class Sgd implements Optimizer {

    @Override
    public void step(Collection<Parameter> parameters, double learningRate) {
        LearningRates.check(learningRate);
        for (Parameter p : parameters) {
            p.value().axpy(-learningRate, p.grad());
        }
    }

    @Override
    public void reset() {
        // no state
    }

    @Override
    public Sgd copy() {
        return new Sgd();
    }

    @Override
    public String id() {
        return "sgd";
    }
}
