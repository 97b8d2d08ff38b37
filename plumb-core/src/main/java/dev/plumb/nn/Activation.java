package dev.plumb.nn;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.plumb.tensor.Matrix;

/**
 * An activation function g applied to pre-activations Z to give A = g(Z), with its backward rule
 * dZ = g'(Z) ⊙ dA (row-wise Jacobian product for softmax).
 *
 * <p>Implementations compute in double arithmetic through {@link Matrix#get(int)}/{@link Matrix#set(int, double)},
 * so one implementation serves float32 and float64; the ones on a training step's hot path (ReLU, softmax)
 * call kernels of {@code dev.plumb.tensor} instead, which loop over the arrays of either precision. The
 * {@link #id()} is what model files and the command line use: {@code relu}, {@code leaky_relu},
 * {@code tanh}, {@code sigmoid}, {@code identity}, {@code softmax}.
 *
 * <p>Write your own by implementing {@link #forward} (g) and {@link #backward} (g′ ⊙ dA) and give it to
 * {@link Dense} or {@link LayerSpec#dense}; {@code GradientCheck} checks its backward like a built-in's. Its
 * {@link #id()} names it in summaries and reports only: model files hold built-in ids alone ({@link #isBuiltIn}),
 * so saving a model with an activation of your own is refused (a file naming a class to instantiate would let a
 * model file run any class on the class path, and a user type's settings have no agreed JSON form).
 */
public interface Activation {

    /** {@code a = g(z)}; {@code a} and {@code z} have the same shape and may not alias. */
    void forward(Matrix z, Matrix a);

    /** {@code dZ = g'(z) ⊙ dA}, given {@code z} and {@code a = g(z)} from the forward pass. */
    void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ);

    /**
     * {@code z += b} on every row ({@code bias} is {@code 1 × cols}), then {@code a = g(z)}: what a {@link Dense}
     * layer does after its product. An activation may do both in one pass over z (ReLU does); the result must be
     * that of {@link Matrix#addRowVector} followed by {@link #forward}.
     */
    default void forwardWithBias(Matrix z, Matrix bias, Matrix a) {
        z.addRowVector(bias);
        forward(z, a);
    }

    /**
     * {@link #backward}, then the column sums of dZ into {@code db} (the bias gradient, {@link Matrix#columnSumsInto});
     * an activation may do both in one pass (ReLU does), with the same result.
     */
    default void backwardWithBiasGradient(Matrix z, Matrix a, Matrix dA, Matrix dZ, Matrix db) {
        backward(z, a, dA, dZ);
        dZ.columnSumsInto(db);
    }

    /**
     * True when A may be written over Z: {@link #forwardWithBias} accepts {@code a == z}, and {@link #backward} gives
     * the same dZ when handed g(z) in place of z. A {@link Dense} layer then keeps one buffer instead of two and its
     * forward pass writes each element once. ReLU can (z > 0 exactly when max(z, 0) > 0, and a NaN stays a NaN);
     * an activation whose derivative needs z itself cannot, and the default says so.
     */
    default boolean writesOverInput() {
        return false;
    }

    /** Stable identifier, e.g. "relu" or "leaky_relu(0.01)". */
    @JsonValue
    String id();

    /** True for Plumb's own activations, the ones {@link #parse} reads back from their {@link #id()}. */
    static boolean isBuiltIn(Activation activation) {
        return activation instanceof Relu || activation instanceof LeakyRelu || activation instanceof Tanh
                || activation instanceof Sigmoid || activation instanceof Identity || activation instanceof Softmax;
    }

    static Activation relu() {
        return new Relu();
    }

    /** Leaky ReLU: z for z > 0, {@code slope}·z otherwise. */
    static Activation leakyRelu(double slope) {
        return new LeakyRelu(slope);
    }

    static Activation tanh() {
        return new Tanh();
    }

    static Activation sigmoid() {
        return new Sigmoid();
    }

    static Activation identity() {
        return new Identity();
    }

    static Activation softmax() {
        return new Softmax();
    }

    /**
     * Parses an {@link #id()}: {@code relu}, {@code leaky_relu} (slope 0.01) or {@code leaky_relu(0.2)},
     * {@code tanh}, {@code sigmoid}, {@code identity} (also {@code linear}), {@code softmax}.
     */
    @JsonCreator
    static Activation parse(String id) {
        String s = id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (s.startsWith("leaky_relu(") && s.endsWith(")")) {
            String slope = s.substring("leaky_relu(".length(), s.length() - 1);
            try {
                return leakyRelu(Double.parseDouble(slope));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid activation '" + id + "': slope '" + slope
                        + "' is not a number. Example: leaky_relu(0.01)");
            }
        }
        return switch (s) {
            case "relu" -> relu();
            case "leaky_relu", "leakyrelu" -> leakyRelu(LeakyRelu.DEFAULT_SLOPE);
            case "tanh" -> tanh();
            case "sigmoid" -> sigmoid();
            case "identity", "linear", "none" -> identity();
            case "softmax" -> softmax();
            default -> throw new IllegalArgumentException("Invalid activation: '" + id
                    + "'. Expected one of: relu, leaky_relu, leaky_relu(SLOPE), tanh, sigmoid, identity, softmax.");
        };
    }
}
