package dev.plumb.nn;

import java.util.List;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * One stage of a network: computes its output from its input, and in {@code backward} the gradient
 * of the cost with respect to its input and to each of its parameters.
 *
 * <p>Contract, which {@code GradientCheck} verifies for any implementation, including yours:
 * <ul>
 *   <li>{@link #forward} takes a batch with one example per row and returns the output batch. The
 *       returned matrix belongs to the layer and is overwritten by its next forward call.</li>
 *   <li>{@link #backward} receives ∂J/∂output for the batch of the most recent forward call, writes
 *       (overwrites, never accumulates) ∂J/∂p into every parameter's {@code grad}, and returns ∂J/∂input
 *       (also owned by the layer). The 1/m of a mean cost is already in {@code gradOutput}. A layer may
 *       overwrite {@code gradOutput} (compute dZ in place, say): callers hand it a buffer they do not read
 *       afterwards. Calling backward twice after one forward gives the same gradients both times.</li>
 *   <li>Layers never update their parameters: optimizers do.</li>
 *   <li>{@link #copy(DType)} gives an independent layer with the same configuration and parameter
 *       values in the given precision — how a gradient check runs the very same layer code in float64.</li>
 * </ul>
 */
public interface Layer {

    /** Output batch for {@code input}; in {@link Mode#EVAL} the result is a deterministic function of the input. */
    Matrix forward(Matrix input, Mode mode);

    /** ∂J/∂input for the last forward batch; fills the parameter gradients. */
    Matrix backward(Matrix gradOutput);

    /**
     * Fills the parameter gradients like {@link #backward} but need not compute ∂J/∂input: what a network
     * calls on its first layer, whose input is the data. Dense skips its dX = dZ·W product here, a quarter of
     * a small MLP's GEMM work. The default runs {@link #backward} and drops its result.
     */
    default void backwardParametersOnly(Matrix gradOutput) {
        backward(gradOutput);
    }

    /**
     * Called by the trainer before each training epoch (1-based). A layer that draws random numbers in training
     * (dropout) derives epoch k's stream from its seed and k here, so that a run resumed at epoch k draws what an
     * uninterrupted run draws. The default does nothing.
     */
    default void beginEpoch(int epoch) {
    }

    /** Trainable parameters in a stable order (weights before biases by convention). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** The width of this layer's output for an input of width {@code inputSize}; throws if it cannot take that input. */
    int outputSize(int inputSize);

    /** An independent copy in precision {@code dtype} with the same parameter values. */
    Layer copy(DType dtype);

    /** Short description for summaries and reports, e.g. "Dense(784 → 256, relu)". */
    String describe();
}
