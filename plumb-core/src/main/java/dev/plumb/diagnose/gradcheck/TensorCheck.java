package dev.plumb.diagnose.gradcheck;

import java.util.List;

/**
 * The check of one tensor: a parameter of the network (W1, b1, …) or, in a single-layer check, the
 * layer's input X (whose gradient dX backward returns).
 *
 * @param name           network-wide name ("W2"), a layer's own name ("W") or "X" for the input
 * @param kind           what the tensor is
 * @param layerPosition  0-based position of its layer in the network's layer list (-1 in a single-layer check)
 * @param layerNumber    the l of W[l] and b[l]: the rank of its layer among the layers with parameters (0 if none)
 * @param layer          the layer's description, e.g. "Dense(16 → 3, tanh)"
 * @param rows           rows of the tensor
 * @param cols           columns of the tensor
 * @param checked        coordinates compared
 * @param total          coordinates in the tensor
 * @param relativeError  ‖a − n‖₂ / max(‖a‖₂ + ‖n‖₂, floor) over the checked coordinates
 * @param verdict        what that error says
 * @param analyticNorm   ‖a‖₂ of backprop's gradient over the checked coordinates
 * @param numericNorm    ‖n‖₂ of the numerical gradient over the checked coordinates
 * @param differenceNorm ‖a − n‖₂
 * @param scale          s minimizing ‖a − s·n‖ when a is s·n to within 1e-4 and s is not 1 (a wrong constant
 *                       factor, such as a missing 1/m); NaN otherwise
 * @param regularized    whether weight penalties apply to it
 * @param worst          the coordinates with the largest |a − n|, worst first
 * @param nonDifferentiable sampled coordinates at which J has no derivative within ±ε (left and right
 *                       differences disagree, e.g. a ReLU pre-activation exactly at 0) and backprop gave one of
 *                       the one-sided slopes or a value between them: left out of {@code checked}, the error and
 *                       the verdict
 * @param outliers       checked coordinates whose |a − n| stands far above the tensor's round-off floor (see
 *                       {@link TensorMeasurement}): a single wrong coordinate that the norm would dilute; any
 *                       makes the verdict at least SUSPICIOUS
 */
public record TensorCheck(String name, Kind kind, int layerPosition, int layerNumber, String layer, int rows, int cols,
                          int checked, int total, double relativeError, Verdict verdict, double analyticNorm,
                          double numericNorm, double differenceNorm, double scale, boolean regularized,
                          List<WorstCoordinate> worst, int nonDifferentiable, List<WorstCoordinate> outliers) {

    /** What a checked tensor is. */
    public enum Kind {
        /** A weight matrix W: dW = dZᵀ·X for a dense layer. */
        WEIGHT("weight gradient"),
        /** A bias b: db = Σ_rows dZ for a dense layer. */
        BIAS("bias gradient"),
        /** Another parameter of a layer of your own. */
        PARAMETER("parameter gradient"),
        /** The layer's input X: dX = dZ·W for a dense layer, what backward returns. */
        INPUT("input gradient dX");

        private final String gradient;

        Kind(String gradient) {
            this.gradient = gradient;
        }

        /** "bias gradient", "input gradient dX", … */
        public String gradient() {
            return gradient;
        }
    }

    public TensorCheck {
        worst = List.copyOf(worst);
        outliers = List.copyOf(outliers);
    }

    /** A check with every coordinate differentiable and none standing out. */
    public TensorCheck(String name, Kind kind, int layerPosition, int layerNumber, String layer, int rows, int cols,
                       int checked, int total, double relativeError, Verdict verdict, double analyticNorm,
                       double numericNorm, double differenceNorm, double scale, boolean regularized,
                       List<WorstCoordinate> worst) {
        this(name, kind, layerPosition, layerNumber, layer, rows, cols, checked, total, relativeError, verdict,
                analyticNorm, numericNorm, differenceNorm, scale, regularized, worst, 0, List.of());
    }

    TensorCheck withNonDifferentiable(int count) {
        return new TensorCheck(name, kind, layerPosition, layerNumber, layer, rows, cols, checked, total, relativeError,
                verdict, analyticNorm, numericNorm, differenceNorm, scale, regularized, worst, count, outliers);
    }

    /** CORRECT or FINE. */
    public boolean passed() {
        return verdict.passed();
    }

    /** Fewer coordinates sampled than the tensor has. */
    public boolean sampled() {
        return checked + nonDifferentiable < total;
    }

    /** "20 of 200704", or "18 of 20 (2 non-differentiable)". */
    public String coverage() {
        return checked + " of " + total + (nonDifferentiable > 0 ? " (" + nonDifferentiable + " non-differentiable)" : "");
    }

    /** "16x3". */
    public String shape() {
        return rows + "x" + cols;
    }

    /** True when backprop's gradient is a constant multiple (≠ 1) of the numerical one. */
    public boolean hasScale() {
        return !Double.isNaN(scale);
    }
}
