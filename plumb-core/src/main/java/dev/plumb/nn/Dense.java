package dev.plumb.nn;

import java.util.List;
import java.util.Objects;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/**
 * A fully connected layer with its activation: Z = X·Wᵀ + b, A = g(Z), in the note's symbols with
 * one example per row. W is {@code units × inputs} (the note's W[l] of shape n[l] × n[l−1], also
 * PyTorch's layout), b is {@code 1 × units}.
 *
 * <p>Backward, with dA = ∂J/∂A (the 1/m of the mean cost already inside):
 * dZ = g'(Z) ⊙ dA, dW = dZᵀ·X, db = Σ_rows dZ, dX = dZ·W.
 */
public final class Dense implements Layer {

    private final int inputs;
    private final int units;
    private final Activation activation;
    /** Layer-local names of the weight matrix and the bias row; a network numbers them W1, b1, … */
    public static final String WEIGHT = "W";
    public static final String BIAS = "b";

    private final Parameter weight;
    private final Parameter bias;

    private final Buffers zBuffers;
    private final Buffers aBuffers;
    private final Buffers dZBuffers;
    private final Buffers dXBuffers;

    private Matrix lastInput;
    private Matrix lastZ;
    private Matrix lastA;

    /** A layer with zero weights and biases; see {@link #initialize}. */
    public Dense(int inputs, int units, Activation activation, DType dtype) {
        this.inputs = Checks.positive("inputs", inputs);
        this.units = Checks.positive("units", units);
        this.activation = Objects.requireNonNull(activation, "activation");
        this.weight = Parameter.weight(WEIGHT, Matrix.zeros(dtype, units, inputs));
        this.bias = Parameter.bias(BIAS, Matrix.zeros(dtype, 1, units));
        this.zBuffers = new Buffers(dtype, units);
        this.aBuffers = new Buffers(dtype, units);
        this.dZBuffers = new Buffers(dtype, units);
        this.dXBuffers = new Buffers(dtype, inputs);
    }

    /** Draws W with {@code initializer} and sets b to zero. */
    public Dense initialize(Initializer initializer, java.util.random.RandomGenerator rng) {
        initializer.initialize(weight.value(), rng);
        bias.value().fill(0);
        return this;
    }

    public int inputs() {
        return inputs;
    }

    public int units() {
        return units;
    }

    public Activation activation() {
        return activation;
    }

    /** W, {@code units × inputs}. */
    public Matrix weights() {
        return weight.value();
    }

    /** b, {@code 1 × units}. */
    public Matrix biases() {
        return bias.value();
    }

    @Override
    public Matrix forward(Matrix input, Mode mode) {
        if (input.cols() != inputs) {
            throw new IllegalArgumentException("Invalid input for " + describe() + ": " + input.cols()
                    + " features per example, expected " + inputs);
        }
        int m = input.rows();
        Matrix z = zBuffers.get(m);
        Linalg.gemm(false, true, 1.0, input, weight.value(), 0.0, z); // Z = X·Wᵀ
        Matrix a;
        if (activation instanceof Identity) {
            a = z;
            z.addRowVector(bias.value());                              //   + b
        } else {
            a = activation.writesOverInput() ? z : aBuffers.get(m);   // ReLU: A over Z, one buffer, one write
            activation.forwardWithBias(z, bias.value(), a);            //   + b, A = g(Z), one pass where it can
        }
        lastInput = input;
        lastZ = z;
        lastA = a;
        return a;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix dZ = parameterGradients(gradOutput);
        Matrix dX = dXBuffers.get(lastInput.rows());
        Linalg.gemm(false, false, 1.0, dZ, weight.value(), 0.0, dX);       // dX = dZ·W
        return dX;
    }

    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        parameterGradients(gradOutput);
    }

    /** Fills dW and db; returns dZ. */
    private Matrix parameterGradients(Matrix gradOutput) {
        if (lastInput == null) {
            throw new IllegalStateException(describe() + ": backward called before forward");
        }
        if (!gradOutput.sameShape(lastA)) {
            throw new IllegalArgumentException("Invalid argument gradOutput for " + describe() + ": shape "
                    + gradOutput.shapeString() + ", expected " + lastA.shapeString() + " (the last forward output)");
        }
        int m = lastInput.rows();
        Matrix dZ;
        if (activation instanceof Identity) {
            dZ = gradOutput;
            dZ.columnSumsInto(bias.grad());                                                // db = Σ_rows dZ
        } else {
            dZ = dZBuffers.get(m);
            activation.backwardWithBiasGradient(lastZ, lastA, gradOutput, dZ, bias.grad()); // dZ, and db = Σ_rows dZ
        }
        Linalg.gemm(true, false, 1.0, dZ, lastInput, 0.0, weight.grad()); // dW = dZᵀ·X
        return dZ;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != inputs) {
            throw new IllegalArgumentException("Invalid network: " + describe() + " expects " + inputs
                    + " inputs but the layer before it gives " + inputSize);
        }
        return units;
    }

    @Override
    public Dense copy(DType dtype) {
        Dense copy = new Dense(inputs, units, activation, dtype);
        copy.weight.value().copyFrom(weight.value());
        copy.bias.value().copyFrom(bias.value());
        return copy;
    }

    @Override
    public String describe() {
        return "Dense(" + inputs + " → " + units + ", " + activation.id() + ")";
    }
}
