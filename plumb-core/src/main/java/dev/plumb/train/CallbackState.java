package dev.plumb.train;

import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.Matrix;

/**
 * A callback's state in a checkpoint: tensors by name (e.g. early stopping's best weights, keyed by parameter name)
 * and a JSON text for the rest.
 *
 * @param tensors matrices by name
 * @param json    everything else, as JSON ("{}" when there is nothing)
 */
public record CallbackState(Map<String, Matrix> tensors, String json) {

    public CallbackState {
        tensors = Map.copyOf(tensors);
        Objects.requireNonNull(json, "json");
    }
}
