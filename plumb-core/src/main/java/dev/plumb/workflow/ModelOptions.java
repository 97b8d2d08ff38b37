package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;

/**
 * The network to train: hidden layers, activation, initialization, loss, weight penalties, dropout and precision.
 * Typed and validated; {@link #network} turns it into a {@link NetworkSpec} once the data says how many inputs and
 * outputs there are.
 *
 * @param layers     hidden layer sizes, each ≥ 1 (empty: a linear model)
 * @param activation the hidden layers' activation
 * @param init       the initializer, or empty for the one that fits the activation (He for ReLU, LeCun for tanh)
 * @param loss       the loss, or empty for the task's (softmax cross-entropy, or MSE for regression)
 * @param l2         λ of the L2 penalty on every weight matrix, ≥ 0
 * @param l1         λ of the L1 penalty on every weight matrix, ≥ 0
 * @param keepProb   dropout keep probability after each hidden layer: one for all, or one per hidden layer; 1 = off
 * @param dtype      training precision
 */
public record ModelOptions(List<Integer> layers, Activation activation, Optional<Initializer> init, Optional<Loss> loss,
                           double l2, double l1, List<Double> keepProb, DType dtype) {

    public ModelOptions {
        layers = List.copyOf(layers);
        for (int units : layers) {
            Checks.positive("layers", units);
        }
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(loss, "loss");
        Checks.nonNegative("l2", l2);
        Checks.nonNegative("l1", l1);
        keepProb = List.copyOf(keepProb);
        if (keepProb.size() != 1 && keepProb.size() != layers.size()) {
            throw new IllegalArgumentException("Invalid value for option keep-prob: " + keepProb + ". Expected one keep "
                    + "probability, or one per hidden layer (" + layers.size() + ")");
        }
        for (double k : keepProb) {
            Checks.keepProbability("keep-prob", k);
        }
        Objects.requireNonNull(dtype, "dtype");
    }

    /** The keep probability after hidden layer {@code index} (0-based). */
    public double keepProbAfter(int index) {
        return keepProb.size() == 1 ? keepProb.get(0) : keepProb.get(index);
    }

    /**
     * The network for data of {@code inputs} features and {@code outputs} classes (or regression targets): the hidden
     * dense layers, each followed by dropout where its keep probability is below 1, and an output layer of identity
     * units feeding the loss.
     */
    public NetworkSpec network(int inputs, int outputs, DataOptions.Task task) {
        Initializer initializer = init.orElse(Initializer.defaultFor(activation));
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            specs.add(LayerSpec.dense(layers.get(i), activation, initializer));
            if (keepProbAfter(i) < 1) {
                specs.add(LayerSpec.dropout(keepProbAfter(i)));
            }
        }
        specs.add(LayerSpec.dense(outputs, Activation.identity(), initializer));
        Loss lossFor = loss.orElse(task == DataOptions.Task.REGRESSION ? Loss.meanSquaredError() : Loss.softmaxCrossEntropy());
        return new NetworkSpec(inputs, specs, lossFor, l2, l1);
    }

    static ModelOptions parse(Options o) {
        return new ModelOptions(o.integers(RunOption.LAYERS, "256,128"), o.parsed(RunOption.ACTIVATION, Activation::parse),
                o.parsed(RunOption.INIT, t -> auto(t) ? Optional.empty() : Optional.of(Initializer.parse(t))),
                o.parsed(RunOption.LOSS, t -> auto(t) ? Optional.empty() : Optional.of(Loss.parse(t))),
                o.number(RunOption.L2), o.number(RunOption.L1), o.numbers(RunOption.KEEP_PROB, "0.8,0.9"),
                o.parsed(RunOption.DTYPE, ModelOptions::dtype));
    }

    void writeTo(Map<RunOption, String> out) {
        out.put(RunOption.LAYERS, layers.isEmpty() ? "none" : layers.stream().map(String::valueOf).collect(Collectors.joining(",")));
        out.put(RunOption.ACTIVATION, activation.id());
        out.put(RunOption.INIT, init.map(Initializer::id).orElse("auto"));
        out.put(RunOption.LOSS, loss.map(Loss::id).orElse("auto"));
        out.put(RunOption.L2, String.valueOf(l2));
        out.put(RunOption.L1, String.valueOf(l1));
        out.put(RunOption.KEEP_PROB, keepProb.stream().map(String::valueOf).collect(Collectors.joining(",")));
        out.put(RunOption.DTYPE, dtype.name().toLowerCase(Locale.ROOT));
    }

    private static boolean auto(String text) {
        return text.isBlank() || text.trim().equalsIgnoreCase("auto");
    }

    private static DType dtype(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> DType.FLOAT32;
            case "float64", "f64" -> DType.FLOAT64;
            default -> throw Options.invalid(RunOption.DTYPE, text, "float32 or float64");
        };
    }
}
