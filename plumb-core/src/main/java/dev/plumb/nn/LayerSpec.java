package dev.plumb.nn;

import dev.plumb.tensor.Checks;

/**
 * The configuration of one built-in layer, as saved in model files: a {@code dense} layer with its
 * units, activation and initializer, or a {@code dropout} layer with its keep probability.
 * Validated on construction.
 *
 * @param type        "dense" or "dropout"
 * @param units       output units of a dense layer (0 for dropout)
 * @param activation  activation id of a dense layer (see {@link Activation#parse})
 * @param initializer initializer id of a dense layer (see {@link Initializer#parse}); null or "" picks
 *                    the default for the activation
 * @param keepProb    keep probability of a dropout layer, in (0, 1]; 1 for dense
 */
public record LayerSpec(String type, int units, String activation, String initializer, double keepProb) {

    public LayerSpec {
        switch (type == null ? "" : type) {
            case "dense" -> {
                Checks.positive("units", units);
                activation = Activation.parse(activation).id();
                initializer = initializer == null || initializer.isBlank()
                        ? Initializer.defaultFor(Activation.parse(activation)).id()
                        : Initializer.parse(initializer).id();
                keepProb = 1.0;
            }
            case "dropout" -> {
                Checks.keepProbability("keepProb", keepProb);
                units = 0;
                activation = null;
                initializer = null;
            }
            default -> throw new IllegalArgumentException("Invalid layer type: '" + type
                    + "'. Expected \"dense\" or \"dropout\".");
        }
    }

    public static LayerSpec dense(int units, Activation activation) {
        return new LayerSpec("dense", units, activation.id(), null, 1.0);
    }

    public static LayerSpec dense(int units, Activation activation, Initializer initializer) {
        return new LayerSpec("dense", units, activation.id(), initializer.id(), 1.0);
    }

    public static LayerSpec dropout(double keepProb) {
        return new LayerSpec("dropout", 0, null, null, keepProb);
    }
}
