package dev.plumb.nn;

import java.util.Objects;

import dev.plumb.tensor.Matrix;

/**
 * A trainable tensor of a layer together with the gradient backprop writes for it.
 *
 * <p>Layers own their parameters and fill {@link #grad()} in {@code backward}; they never change
 * {@link #value()} themselves — optimizers do. {@code name} is the layer-local name ("W", "b");
 * {@link Network} gives each parameter its network-wide name ("W1", "b1", …).
 *
 * @param name        layer-local name
 * @param value       the parameter
 * @param grad        ∂J/∂value, same shape and precision
 * @param regularized whether weight penalties (L2, L1) apply; false for biases, as in the note
 */
public record Parameter(String name, Matrix value, Matrix grad, boolean regularized) {

    public Parameter {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Invalid value for argument name: '" + name
                    + "'. Expected a non-blank parameter name such as \"W\" or \"b\".");
        }
        if (!value.sameShape(grad) || value.dtype() != grad.dtype()) {
            throw new IllegalArgumentException("Invalid argument grad for parameter " + name + ": "
                    + grad.dtype() + " " + grad.shapeString() + ", expected " + value.dtype() + " " + value.shapeString());
        }
    }

    /** A new weight-like parameter (regularized) of the given value with a zero gradient. */
    public static Parameter weight(String name, Matrix value) {
        return new Parameter(name, value, value.zerosLike(), true);
    }

    /** A new bias-like parameter (not regularized) of the given value with a zero gradient. */
    public static Parameter bias(String name, Matrix value) {
        return new Parameter(name, value, value.zerosLike(), false);
    }

    // Identity semantics: optimizer state is keyed by the parameter object, not by its current values.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
