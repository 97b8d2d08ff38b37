package dev.plumb.nn;

import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.plumb.tensor.Checks;

/**
 * The configuration of one built-in layer, as saved in model files: a {@link Type#DENSE dense} layer with
 * its units, activation, initializer and (optionally) its own weight penalty, or a {@link Type#DROPOUT dropout}
 * layer with its keep probability. Holds typed values; in JSON each is written by its id
 * ({@code "activation": "relu"}, {@code "initializer": "he"}). Validated on construction.
 *
 * @param type        dense or dropout
 * @param units       output units of a dense layer (0 for dropout)
 * @param activation  the dense layer's activation (null for dropout)
 * @param initializer the dense layer's initializer; null picks the default for the activation (He for the ReLU
 *                    family, LeCun otherwise); null for dropout
 * @param keepProb    keep probability of a dropout layer, in (0, 1]; 1 for dense
 * @param l2          λ of this dense layer's L2 penalty, or null for the network's
 * @param l1          λ of this dense layer's L1 penalty, or null for the network's
 */
public record LayerSpec(Type type, int units, Activation activation, Initializer initializer, double keepProb,
                        Double l2, Double l1) {

    /** The kinds of built-in layer; the id is what model files hold. */
    public enum Type {
        DENSE, DROPOUT;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type parse(String id) {
            for (Type t : values()) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Invalid layer type: '" + id + "'. Expected \"dense\" or \"dropout\".");
        }
    }

    public LayerSpec {
        Objects.requireNonNull(type, "Invalid layer: no type. Expected \"dense\" or \"dropout\".");
        switch (type) {
            case DENSE -> {
                Checks.positive("units", units);
                Objects.requireNonNull(activation, "Invalid dense layer: no activation");
                initializer = initializer == null ? Initializer.defaultFor(activation) : initializer;
                keepProb = 1.0;
                if (l2 != null) {
                    Checks.nonNegative("l2", l2);
                }
                if (l1 != null) {
                    Checks.nonNegative("l1", l1);
                }
            }
            case DROPOUT -> {
                Checks.keepProbability("keepProb", keepProb);
                units = 0;
                activation = null;
                initializer = null;
                if (l2 != null || l1 != null) {
                    throw new IllegalArgumentException("Invalid layer: a dropout layer has no weights to penalize (l2="
                            + l2 + ", l1=" + l1 + "); set the penalty on a dense layer");
                }
            }
        }
    }

    /** A dense layer with the default initializer for its activation and the network's penalty. */
    public static LayerSpec dense(int units, Activation activation) {
        return new LayerSpec(Type.DENSE, units, activation, null, 1.0, null, null);
    }

    public static LayerSpec dense(int units, Activation activation, Initializer initializer) {
        return new LayerSpec(Type.DENSE, units, activation, initializer, 1.0, null, null);
    }

    /** Inverted dropout keeping each unit with probability {@code keepProb} (1 = off). */
    public static LayerSpec dropout(double keepProb) {
        return new LayerSpec(Type.DROPOUT, 0, null, null, keepProb, null, null);
    }

    @JsonIgnore // derived from type; not a separate fact in model files
    public boolean isDense() {
        return type == Type.DENSE;
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
