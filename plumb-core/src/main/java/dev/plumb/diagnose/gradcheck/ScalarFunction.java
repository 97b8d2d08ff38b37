package dev.plumb.diagnose.gradcheck;

/**
 * A scalar function of a parameter vector θ, such as a cost J(θ): what {@link NumericalGradient}
 * differentiates. It must not keep or change {@code theta}; it is called with θ perturbed in place.
 */
@FunctionalInterface
public interface ScalarFunction {

    /** f(θ). */
    double value(double[] theta);
}
