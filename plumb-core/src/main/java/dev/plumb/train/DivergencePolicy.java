package dev.plumb.train;

import java.util.Locale;

/**
 * What training does when its cost explodes: the training cost measured after an epoch more than
 * {@link #EXPLOSION_FACTOR} times its lowest value so far (a learning rate far too large climbs by orders of
 * magnitude for many epochs before it overflows). A cost that is NaN or infinite always ends training, whatever the
 * policy: there is nothing left to continue from.
 */
public enum DivergencePolicy {

    /** Stop, and keep the weights of the last epoch before the explosion (the default). */
    STOP,

    /** Go on training; the run record and the report still show the explosion. */
    CONTINUE;

    /** How many times its lowest value the training cost may reach before it counts as exploded. */
    public static final double EXPLOSION_FACTOR = 1e3;

    /** The id on the command line: stop or continue. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DivergencePolicy parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "stop" -> STOP;
            case "continue" -> CONTINUE;
            default -> throw new IllegalArgumentException("Invalid divergence policy: '" + text
                    + "'. Expected stop (keep the last epoch before the cost exploded) or continue.");
        };
    }
}
