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
 */
public sealed interface Activation permits Relu, LeakyRelu, Tanh, Sigmoid, Identity, Softmax {

    /** {@code a = g(z)}; {@code a} and {@code z} have the same shape and may not alias. */
    void forward(Matrix z, Matrix a);

    /** {@code dZ = g'(z) ⊙ dA}, given {@code z} and {@code a = g(z)} from the forward pass. */
    void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ);

    /** Stable identifier, e.g. "relu" or "leaky_relu(0.01)". */
    @JsonValue
    String id();

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
