package dev.plumb.optim;

import java.util.Map;

import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Checks and conversions shared by the optimizers' checkpoint state. */
final class OptimizerState {

    private OptimizerState() {
    }

    /** A step count as a 1×1 float64 matrix: exact up to 2⁵³. */
    static Matrix count(long n) {
        Matrix m = Matrix.zeros(DType.FLOAT64, 1, 1);
        m.set(0, n);
        return m;
    }

    static long count(Map<String, Matrix> state, String key) {
        Matrix m = state.get(key);
        if (m == null || m.size() != 1 || !(m.get(0) >= 0) || m.get(0) != Math.rint(m.get(0))) {
            throw new IllegalArgumentException("Invalid optimizer state: " + key + " is not a step count");
        }
        return (long) m.get(0);
    }

    /** The state matrix {@code key}, which must have the shape and precision of {@code p}'s value. */
    static Matrix like(Map<String, Matrix> state, String key, Parameter p) {
        Matrix m = state.get(key);
        if (m == null || !m.sameShape(p.value()) || m.dtype() != p.value().dtype()) {
            throw new IllegalArgumentException("Invalid optimizer state: " + key + " is "
                    + (m == null ? "missing" : m.shapeString() + " " + m.dtype()) + " but the parameter is "
                    + p.value().shapeString() + " " + p.value().dtype() + "; the checkpoint was written by another run");
        }
        return m;
    }

    /** Every key names a known kind of state of a known parameter (or is a bare count such as "t"). */
    static void requireKeys(String optimizer, Map<String, Matrix> state, Map<String, Parameter> parameters,
                            String... prefixes) {
        for (String key : state.keySet()) {
            boolean known = key.equals("t") && prefixes.length > 1;
            for (String prefix : prefixes) {
                known |= key.startsWith(prefix) && parameters.containsKey(key.substring(prefix.length()));
            }
            if (!known) {
                throw new IllegalArgumentException("Invalid optimizer state for " + optimizer + ": '" + key
                        + "' belongs to no parameter of this network, or to another optimizer; the checkpoint was "
                        + "written by another run");
            }
        }
    }
}
