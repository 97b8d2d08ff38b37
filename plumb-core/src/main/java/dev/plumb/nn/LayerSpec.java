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
 * @param l2          λ of this dense layer's L2 penalty, or null for the network's
 * @param l1          λ of this dense layer's L1 penalty, or null for the network's
 */
public record LayerSpec(String type, int units, String activation, String initializer, double keepProb,
                        Double l2, Double l1) {

    public LayerSpec {
        switch (type == null ? "" : type) {
            case "dense" -> {
                Checks.positive("units", units);
                activation = Activation.parse(activation).id();
                initializer = initializer == null || initializer.isBlank()
                        ? Initializer.defaultFor(Activation.parse(activation)).id()
                        : Initializer.parse(initializer).id();
                keepProb = 1.0;
                if (l2 != null) {
                    Checks.nonNegative("l2", l2);
                }
                if (l1 != null) {
                    Checks.nonNegative("l1", l1);
                }
            }
            case "dropout" -> {
                Checks.keepProbability("keepProb", keepProb);
                units = 0;
                activation = null;
                initializer = null;
                if (l2 != null || l1 != null) {
                    throw new IllegalArgumentException("Invalid layer: a dropout layer has no weights to penalize (l2="
                            + l2 + ", l1=" + l1 + "); set the penalty on a dense layer");
                }
            }
            default -> throw new IllegalArgumentException("Invalid layer type: '" + type
                    + "'. Expected \"dense\" or \"dropout\".");
        }
    }

    /** A layer without its own penalty. */
    public LayerSpec(String type, int units, String activation, String initializer, double keepProb) {
        this(type, units, activation, initializer, keepProb, null, null);
    }

    public static LayerSpec dense(int units, Activation activation) {
        return new LayerSpec("dense", units, activation.id(), null, 1.0);
    }

    public static LayerSpec dense(int units, Activation activation, Initializer initializer) {
        return new LayerSpec("dense", units, activation.id(), initializer.id(), 1.0);
    }

    /** Inverted dropout keeping each unit with probability {@code keepProb} (1 = off). */
    public static LayerSpec dropout(double keepProb) {
        return new LayerSpec("dropout", 0, null, null, keepProb);
    }

    /** This dense layer with its own L2 λ (instead of the network's). */
    public LayerSpec withL2(double lambda) {
        return new LayerSpec(type, units, activation, initializer, keepProb, lambda, l1);
    }

    /** This dense layer with its own L1 λ (instead of the network's). */
    public LayerSpec withL1(double lambda) {
        return new LayerSpec(type, units, activation, initializer, keepProb, l2, lambda);
    }
}
