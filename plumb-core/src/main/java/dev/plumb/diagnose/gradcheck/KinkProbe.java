package dev.plumb.diagnose.gradcheck;

import java.util.Locale;

import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LeakyRelu;
import dev.plumb.nn.Relu;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/**
 * Looks for ReLU kinks within reach of the check's steps. At z = 0 a (leaky) ReLU has no derivative, and
 * when θ ± ε moves a pre-activation across 0 the two-sided difference averages two slopes: a coordinate
 * then disagrees with backprop without any bug. The check notes it rather than hide it.
 */
final class KinkProbe {

    /** A pre-activation closer to 0 than this many ε counts as within reach of the steps. */
    private static final double REACH_IN_EPSILONS = 1e3;

    private KinkProbe() {
    }

    /** A note when {@code layer} is a dense (leaky) ReLU layer with a pre-activation near 0 for {@code input}, else null. */
    static String note(Layer layer, String label, Matrix input, double epsilon) {
        if (!(layer instanceof Dense d) || !(d.activation() instanceof Relu || d.activation() instanceof LeakyRelu)) {
            return null;
        }
        Matrix z = Linalg.multiply(input, false, d.weights(), true); // Z = X·Wᵀ + b
        z.addRowVector(d.biases());
        int nearest = 0;
        for (int i = 1; i < z.size(); i++) {
            if (Math.abs(z.get(i)) < Math.abs(z.get(nearest))) {
                nearest = i;
            }
        }
        double distance = z.size() == 0 ? Double.POSITIVE_INFINITY : Math.abs(z.get(nearest));
        if (distance >= REACH_IN_EPSILONS * epsilon) {
            return null;
        }
        return String.format(Locale.ROOT, "%s has a pre-activation %.1e from the ReLU kink at 0 (example %d, unit %d),"
                + " within reach of the ε-steps: a coordinate there can disagree without a bug; if it is the only one,"
                + " redraw the inputs or weights", label, distance, nearest / z.cols(), nearest % z.cols());
    }
}
