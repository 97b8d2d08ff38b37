package dev.plumb.workflow;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
 * @param initFrom   fine-tuning: a model bundle directory (absolute, normalized) whose architecture — hidden layers,
 *                   activations, loss — and weights the network starts from, and whose normalizer the data is
 *                   normalized with, as is; {@code layers}, {@code activation}, {@code init} and {@code loss} must then
 *                   keep their defaults (the model fixes them), while {@code l2}, {@code l1}, {@code keep-prob} (dropout
 *                   inserted after the model's hidden layers, as for a new network) and {@code dtype} stay free
 */
public record ModelOptions(List<Integer> layers, Activation activation, Optional<Initializer> init, Optional<Loss> loss,
                           double l2, double l1, List<Double> keepProb, DType dtype, Optional<Path> initFrom) {

    /** The hidden layers {@code layers} defaults to: what a fine-tuning run's options hold (the model fixes its own). */
    static final List<Integer> DEFAULT_LAYERS = List.of(Integer.parseInt(RunOption.LAYERS.defaultValue()));

    public ModelOptions {
        initFrom = Objects.requireNonNull(initFrom, "initFrom").map(p -> absolute(p.toString()));
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
        if (initFrom.isPresent()) {
            refuseBesideInitFrom(RunOption.LAYERS, !layers.equals(DEFAULT_LAYERS), initFrom.get());
            refuseBesideInitFrom(RunOption.ACTIVATION, !activation.id().equals(RunOption.ACTIVATION.defaultValue()), initFrom.get());
            refuseBesideInitFrom(RunOption.INIT, init.isPresent(), initFrom.get());
            refuseBesideInitFrom(RunOption.LOSS, loss.isPresent(), initFrom.get());
        } else if (keepProb.size() != 1 && keepProb.size() != layers.size()) {
            throw new IllegalArgumentException("Invalid value for option keep-prob: " + keepProb + ". Expected one keep "
                    + "probability, or one per hidden layer (" + layers.size() + ")");
        }
        for (double k : keepProb) {
            Checks.keepProbability("keep-prob", k);
        }
        Objects.requireNonNull(dtype, "dtype");
    }

    /** A new network (no {@code init-from}). */
    public ModelOptions(List<Integer> layers, Activation activation, Optional<Initializer> init, Optional<Loss> loss,
                        double l2, double l1, List<Double> keepProb, DType dtype) {
        this(layers, activation, init, loss, l2, l1, keepProb, dtype, Optional.empty());
    }

    /** These options fine-tuning the model bundle in {@code directory} (its architecture fixed: layers etc. at their defaults). */
    public ModelOptions withInitFrom(Path directory) {
        return new ModelOptions(DEFAULT_LAYERS, Activation.parse(RunOption.ACTIVATION.defaultValue()), Optional.empty(),
                Optional.empty(), l2, l1, keepProb, dtype, Optional.of(directory));
    }

    private static void refuseBesideInitFrom(RunOption option, boolean given, Path model) {
        if (given) {
            throw new IllegalArgumentException("Invalid option " + option.key() + " beside init-from: the model in " + model
                    + " fixes the network's layers, activation, initialization and loss (its weights start the training); "
                    + "drop --" + option.key() + ", or drop --init-from to train a new network");
        }
    }

    /**
     * The network of fine-tuning: {@code model}'s dense layers (activations, sizes, loss) with dropout after each hidden
     * layer where this keep probability is below 1 (the model's own dropout layers are replaced), and this L2 and L1 on
     * every weight matrix (a layer's own penalties in the model are dropped).
     */
    public NetworkSpec network(NetworkSpec model) {
        List<LayerSpec> dense = model.layers().stream().filter(LayerSpec::isDense).toList();
        int hidden = dense.size() - 1;
        if (keepProb.size() != 1 && keepProb.size() != hidden) {
            throw new IllegalArgumentException("Invalid value for option keep-prob: " + keepProb + ". Expected one keep "
                    + "probability, or one per hidden layer of the model in " + initFrom.map(Path::toString).orElse("init-from")
                    + " (" + hidden + ")");
        }
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < dense.size(); i++) {
            LayerSpec layer = dense.get(i);
            specs.add(LayerSpec.dense(layer.units(), layer.activation(), layer.initializer()));
            if (i < hidden && keepProbAfter(i) < 1) {
                specs.add(LayerSpec.dropout(keepProbAfter(i)));
            }
        }
        return new NetworkSpec(model.inputs(), specs, model.loss(), l2, l1);
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
        if (initFrom.isPresent()) {
            throw new IllegalStateException("These options fine-tune the model in " + initFrom.get() + ": its architecture "
                    + "is the model's; build it with network(NetworkSpec) from the loaded model, or TrainingRun.network");
        }
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
                o.parsed(RunOption.DTYPE, ModelOptions::dtype),
                o.text(RunOption.INIT_FROM).isBlank() ? Optional.empty() : Optional.of(path(o.text(RunOption.INIT_FROM))));
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
        out.put(RunOption.INIT_FROM, initFrom.map(Path::toString).orElse(""));
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw Options.invalid(RunOption.INIT_FROM, text, "a model directory, e.g. runs/digits/model (" + e.getReason() + ")");
        }
    }

    private static Path absolute(String text) {
        return path(text).toAbsolutePath().normalize();
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
