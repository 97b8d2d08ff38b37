package dev.plumb.nn;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.plumb.tensor.Matrix;

/**
 * A data loss on the network's raw outputs (logits for the classification losses), averaged over the
 * batch so that the cost J is comparable across batch sizes. Each loss is computed in its numerically
 * stable fused form, in double arithmetic whatever the matrices' precision.
 *
 * <p>Write your own by implementing the cost, its gradient (with the 1/m of the mean inside: it is the
 * {@code gradOutput} the last layer receives), {@link #predict}, {@link #error} and {@link #isClassification};
 * {@code Trainer} trains with it and {@code GradientCheck} checks its gradient. Its {@link #id()} names it in
 * summaries and reports only: model files hold built-in ids alone ({@link #isBuiltIn}), so saving a model with a
 * loss of your own is refused, as for {@link Activation}.
 */
public interface Loss {

    /** Mean loss of {@code output} against {@code target} (same shape). */
    double cost(Matrix output, Matrix target);

    /** Writes ∂cost/∂output into {@code grad} (same shape; includes the 1/m of the mean). */
    void gradient(Matrix output, Matrix target, Matrix grad);

    /**
     * {@link #cost} and {@link #gradient} together, as every training step needs both: a loss may share
     * the work (softmax cross-entropy computes each exponential once instead of twice). Same results.
     */
    default double costAndGradient(Matrix output, Matrix target, Matrix grad) {
        double cost = cost(output, target);
        gradient(output, target, grad);
        return cost;
    }

    /** Turns raw outputs into predictions: class probabilities, or the values themselves for regression. */
    void predict(Matrix output, Matrix predictions);

    /**
     * The error the note reasons about: the misclassification rate for classification losses, the mean
     * squared error for regression.
     */
    double error(Matrix output, Matrix target);

    /** True for losses whose targets are classes. */
    boolean isClassification();

    /** Stable identifier: {@code softmax_cross_entropy}, {@code binary_cross_entropy}, {@code mse}. */
    @JsonValue
    String id();

    /** True for Plumb's own losses, the ones {@link #parse} reads back from their {@link #id()}. */
    static boolean isBuiltIn(Loss loss) {
        return loss instanceof SoftmaxCrossEntropy || loss instanceof BinaryCrossEntropy || loss instanceof MeanSquaredError;
    }

    static Loss softmaxCrossEntropy() {
        return new SoftmaxCrossEntropy();
    }

    static Loss binaryCrossEntropy() {
        return new BinaryCrossEntropy();
    }

    static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    /** Parses a built-in loss's {@link #id()} (or an alias). */
    @JsonCreator
    static Loss parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (s) {
            case "softmax_cross_entropy", "cross_entropy", "softmax", "ce" -> softmaxCrossEntropy();
            case "binary_cross_entropy", "bce", "logistic" -> binaryCrossEntropy();
            case "mse", "mean_squared_error" -> meanSquaredError();
            default -> throw new IllegalArgumentException("Invalid loss: '" + id
                    + "'. Expected one of: softmax_cross_entropy, binary_cross_entropy, mse.");
        };
    }

    /** Shared shape check with a message naming both shapes. */
    static void requireSameShape(Matrix output, Matrix target) {
        if (!output.sameShape(target)) {
            throw new IllegalArgumentException("Invalid argument target: shape " + target.shapeString()
                    + " does not match the network output " + output.shapeString()
                    + " (one row per example, one column per output unit; classes are one-hot)");
        }
    }
}
