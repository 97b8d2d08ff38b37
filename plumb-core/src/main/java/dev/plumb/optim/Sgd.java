package dev.plumb.optim;

import java.util.List;

import dev.plumb.nn.Parameter;

/** (Mini-batch) gradient descent: θ ← θ − α·dθ. Stateless. */
public final class Sgd implements Optimizer {

    @Override
    public void step(List<Parameter> parameters, double learningRate) {
        LearningRates.check(learningRate);
        for (int k = 0; k < parameters.size(); k++) { // indexed: no iterator per step
            Parameter p = parameters.get(k);
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
