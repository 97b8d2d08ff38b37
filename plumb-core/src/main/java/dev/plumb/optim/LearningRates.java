package dev.plumb.optim;

/** Validation shared by the optimizers. */
final class LearningRates {

    private LearningRates() {
    }

    static void check(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Invalid value for argument learningRate: " + learningRate
                    + ". Expected a finite number > 0, e.g. 0.01.");
        }
    }

    static double beta(String argument, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected a decay rate in [0, 1), e.g. 0.9.");
        }
        return value;
    }
}
