package dev.plumb.train;

import java.util.List;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;

/**
 * A copy of a network's parameter values, taken into buffers allocated once, and put back on request:
 * the trainer keeps the weights of the last finished epoch so that a diverging epoch can be undone.
 */
final class WeightSnapshot {

    private final List<Parameter> parameters;
    private final Matrix[] copies;

    /** A snapshot of {@code parameters} as they are now. */
    WeightSnapshot(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        this.copies = new Matrix[this.parameters.size()];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = this.parameters.get(i).value().copy();
        }
    }

    /** Copies the current values into the snapshot. */
    void save() {
        for (int i = 0; i < copies.length; i++) {
            copies[i].copyFrom(parameters.get(i).value());
        }
    }

    /** Copies the snapshot back into the parameters. */
    void restore() {
        for (int i = 0; i < copies.length; i++) {
            parameters.get(i).value().copyFrom(copies[i]);
        }
    }
}
