package dev.plumb.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Layers in order, a loss on the last layer's output, and a weight penalty: everything needed to
 * compute the cost J = (1/m) Σ L(ŷ, y) + penalty, and its gradient by backprop.
 *
 * <p>Parameters get network-wide names in the note's style: the l-th layer that has parameters
 * contributes {@code W}l and {@code b}l (a layer of your own with a parameter "gamma" gives "gamma3").
 * The network computes gradients; it never changes its parameters — an optimizer does.
 */
public final class Network {

    private final int inputs;
    private final List<Layer> layers;
    private final Loss loss;
    private final Regularizer regularizer;
    private final NetworkSpec spec;
    private final Map<String, Parameter> parameters;
    private final DType dtype;
    private final Buffers gradOutput;
    private final Parameter[] penalized;
    private final Regularizer[] penaltyOf;
    private final Regularizer[] layerPenalties;

    /** A network from any layers, including your own; {@code spec} may be null for such a network. */
    public Network(int inputs, List<Layer> layers, Loss loss, Regularizer regularizer, NetworkSpec spec) {
        this(inputs, layers, loss, regularizer, null, spec);
    }

    /**
     * A network whose layers may carry their own weight penalty: {@code perLayer.get(i)} applies to the
     * weights of {@code layers.get(i)}, and a null entry (or a null list) means {@code regularizer}.
     */
    public Network(int inputs, List<Layer> layers, Loss loss, Regularizer regularizer, List<Regularizer> perLayer,
                   NetworkSpec spec) {
        this.inputs = Checks.positive("inputs", inputs);
        this.layers = List.copyOf(layers);
        this.loss = Objects.requireNonNull(loss, "loss");
        this.regularizer = Objects.requireNonNull(regularizer, "regularizer");
        this.spec = spec;
        if (this.layers.isEmpty()) {
            throw new IllegalArgumentException("Invalid argument layers: empty. Expected at least one layer.");
        }
        int width = inputs;
        for (Layer layer : this.layers) {
            width = layer.outputSize(width);
        }
        this.parameters = nameParameters(this.layers);
        this.dtype = this.parameters.isEmpty() ? DType.FLOAT32 : this.parameters.values().iterator().next().value().dtype();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (e.getValue().value().dtype() != dtype) {
                throw new IllegalArgumentException("Invalid network: parameter " + e.getKey() + " is "
                        + e.getValue().value().dtype() + " but others are " + dtype + "; copy layers to one precision");
            }
        }
        this.gradOutput = new Buffers(dtype, width);
        if (perLayer != null && perLayer.size() != this.layers.size()) {
            throw new IllegalArgumentException("Invalid argument perLayer: " + perLayer.size() + " penalties for "
                    + this.layers.size() + " layers; expected one per layer (null for the network's default)");
        }
        this.layerPenalties = new Regularizer[this.layers.size()];
        List<Parameter> penalizedList = new ArrayList<>();
        List<Regularizer> penaltyList = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++) {
            Regularizer own = perLayer == null ? null : perLayer.get(i);
            layerPenalties[i] = own == null ? regularizer : own;
            for (Parameter p : this.layers.get(i).parameters()) {
                if (p.regularized()) {
                    penalizedList.add(p);
                    penaltyList.add(layerPenalties[i]);
                }
            }
        }
        this.penalized = penalizedList.toArray(Parameter[]::new);
        this.penaltyOf = penaltyList.toArray(Regularizer[]::new);
    }

    /** A network of your own layers with the given loss and no weight penalty. */
    public static Network of(int inputs, List<Layer> layers, Loss loss) {
        return new Network(inputs, layers, loss, new L2(0), null);
    }

    private static Map<String, Parameter> nameParameters(List<Layer> layers) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        int index = 0;
        for (Layer layer : layers) {
            List<Parameter> ps = layer.parameters();
            if (ps.isEmpty()) {
                continue;
            }
            index++;
            for (Parameter p : ps) {
                String name = parameterName(p.name(), index);
                if (named.putIfAbsent(name, p) != null) {
                    throw new IllegalArgumentException("Invalid layer " + layer.describe() + ": two parameters named "
                            + p.name() + ". Expected distinct parameter names within a layer.");
                }
            }
        }
        return Collections.unmodifiableMap(named);
    }

    /**
     * The network-wide name of a layer's parameter: its layer-local name followed by the 1-based position of the
     * layer among those that have parameters ("W" of the second dense layer is "W2").
     */
    public static String parameterName(String localName, int layerWithParameters) {
        return localName + layerWithParameters;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        int width = inputs;
        for (Layer layer : layers) {
            width = layer.outputSize(width);
        }
        return width;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Loss loss() {
        return loss;
    }

    /** The network-wide weight penalty (layers may override it, see {@link #regularizer(int)}). */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** The weight penalty of layer {@code layerIndex} (0-based position in {@link #layers()}). */
    public Regularizer regularizer(int layerIndex) {
        Checks.index("layerIndex", layerIndex, layers.size());
        return layerPenalties[layerIndex];
    }

    public DType dtype() {
        return dtype;
    }

    /** The spec this network was built from, or null for a network of hand-made layers. */
    public NetworkSpec spec() {
        return spec;
    }

    /** Parameters by network-wide name ("W1", "b1", …), in layer order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += p.value().size();
        }
        return n;
    }

    /** The raw output (logits for classification) for batch {@code x}; owned by the last layer. */
    public Matrix forward(Matrix x, Mode mode) {
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("Invalid input: " + x.dtype() + " batch for a " + dtype
                    + " network; convert it with Matrix.to(" + dtype + ")");
        }
        Matrix a = x;
        for (int i = 0; i < layers.size(); i++) { // indexed loops in the hot path: no iterator objects
            a = layers.get(i).forward(a, mode);
        }
        return a;
    }

    /** Tells every layer that training epoch {@code epoch} (1-based) begins; see {@link Layer#beginEpoch}. */
    public void beginEpoch(int epoch) {
        for (Layer layer : layers) {
            layer.beginEpoch(epoch);
        }
    }

    /** The weight penalty's part of J for a batch of {@code m} examples. */
    public double regularizationCost(int m) {
        double total = 0;
        for (int k = 0; k < penalized.length; k++) {
            total += penaltyOf[k].cost(penalized[k].value(), m);
        }
        return total;
    }

    /** J = mean data loss + penalty for batch (x, y) in the given mode; computes no gradient. */
    public double cost(Matrix x, Matrix y, Mode mode) {
        return loss.cost(forward(x, mode), y) + regularizationCost(x.rows());
    }

    /**
     * Forward in {@link Mode#TRAIN}, backward, and the penalty's gradient: after this call every
     * parameter's {@code grad} holds ∂J/∂p for the batch (x, y) taken as the whole training set
     * (penalty (λ/2m)·‖W‖² with m = x.rows()). Returns J.
     */
    public double computeGradients(Matrix x, Matrix y) {
        return computeGradients(x, y, Mode.TRAIN, x.rows());
    }

    /**
     * Forward in {@code mode} (a gradient check uses EVAL: no dropout), backward, and the penalty's
     * gradient, with the penalty scaled by {@code penaltyExamples}: a mini-batch step passes the size of
     * the whole training set, so that each batch's J is an unbiased estimate of the full-set
     * J = (1/m)Σ L + (λ/2m)·‖W‖² that is reported and early-stopped on. Returns the batch's J.
     */
    public double computeGradients(Matrix x, Matrix y, Mode mode, int penaltyExamples) {
        Checks.positive("penaltyExamples", penaltyExamples);
        Matrix output = forward(x, mode);
        Matrix grad = gradOutput.get(output.rows());
        double j = loss.costAndGradient(output, y, grad) + regularizationCost(penaltyExamples);
        for (int i = layers.size() - 1; i > 0; i--) {
            grad = layers.get(i).backward(grad);
        }
        layers.get(0).backwardParametersOnly(grad); // nobody needs ∂J/∂x of the data
        for (int k = 0; k < penalized.length; k++) {
            penaltyOf[k].addGradient(penalized[k].value(), penalized[k].grad(), penaltyExamples);
        }
        return j;
    }

    /**
     * Predictions for {@code x} in eval mode (class probabilities, or values for regression), as a new
     * matrix; computed in chunks so a large data set needs no large intermediate buffers.
     */
    public Matrix predict(Matrix x) {
        int outputs = outputs();
        Matrix result = Matrix.zeros(dtype, x.rows(), outputs);
        forEachChunk(x, (from, output) -> {
            if (output.rows() == result.rows()) { // one chunk: straight into the result
                loss.predict(output, result);
                return;
            }
            Matrix probabilities = Matrix.zeros(dtype, output.rows(), outputs);
            loss.predict(output, probabilities);
            for (int i = 0; i < probabilities.size(); i++) {
                result.set(from * outputs + i, probabilities.get(i));
            }
        });
        return result;
    }

    /** Raw outputs for {@code x} in eval mode, as a new matrix (chunked like {@link #predict}). */
    public Matrix outputs(Matrix x) {
        int outputs = outputs();
        Matrix result = Matrix.zeros(dtype, x.rows(), outputs);
        forEachChunk(x, (from, output) -> {
            for (int i = 0; i < output.size(); i++) {
                result.set(from * outputs + i, output.get(i));
            }
        });
        return result;
    }

    /** The predicted class of each example of {@code x}: the index of its largest output (eval mode). */
    public int[] predictClasses(Matrix x) {
        return classes(outputs(x));
    }

    /**
     * The index of the largest value of each row of {@code scores} — logits or probabilities, which softmax orders
     * alike: the one argmax that turns a network's outputs into classes.
     */
    public static int[] classes(Matrix scores) {
        int[] predicted = new int[scores.rows()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = scores.argmaxInRow(i);
        }
        return predicted;
    }

    /** Rows per forward pass when evaluating a whole data set. */
    static final int EVAL_CHUNK = 1024;

    private interface ChunkConsumer {
        void accept(int fromRow, Matrix output);
    }

    private void forEachChunk(Matrix x, ChunkConsumer consumer) {
        Checks.allFinite("x", x);
        for (int from = 0; from < x.rows(); from += EVAL_CHUNK) {
            int to = Math.min(x.rows(), from + EVAL_CHUNK);
            Matrix chunk = from == 0 && to == x.rows() ? x : x.rowRange(from, to);
            consumer.accept(from, forward(chunk.to(dtype), Mode.EVAL));
        }
    }

    /** An independent copy in precision {@code dtype}: same layer code, same parameter values. */
    public Network copy(DType dtype) {
        List<Layer> copies = new ArrayList<>();
        for (Layer layer : layers) {
            copies.add(layer.copy(dtype));
        }
        return new Network(inputs, copies, loss, regularizer, List.of(layerPenalties), spec);
    }

    /** Copies all parameter values from {@code other}, a network of the same architecture. */
    public void copyParametersFrom(Network other) {
        if (!other.parameters.keySet().equals(parameters.keySet())) {
            throw new IllegalArgumentException("Invalid argument other: parameters " + other.parameters.keySet()
                    + " do not match " + parameters.keySet());
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            e.getValue().value().copyFrom(other.parameters.get(e.getKey()).value());
        }
    }

    /** One line per layer with its parameter count. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        int width = inputs;
        sb.append("input: ").append(inputs).append(" features\n");
        for (Layer layer : layers) {
            long count = 0;
            for (Parameter p : layer.parameters()) {
                count += p.value().size();
            }
            width = layer.outputSize(width);
            int index = layers.indexOf(layer);
            String penalty = count > 0 && layerPenalties[index] != regularizer ? "   " + layerPenalties[index].id() : "";
            sb.append(String.format("%-40s -> %5d   %,9d params%s%n", layer.describe(), width, count, penalty));
        }
        sb.append(String.format("loss: %s, penalty: %s, %,d parameters, %s", loss.id(), regularizer.id(),
                parameterCount(), dtype));
        return sb.toString();
    }
}
