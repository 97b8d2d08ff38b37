package dev.plumb.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.plumb.workflow.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The data, model and training flags shared by {@code plumb train} and {@code plumb gradcheck}. Each flag is
 * a {@link RunSpec} option of the same name; values are parsed and validated by the core. Defaults here
 * equal {@link RunSpec#DEFAULTS} (a test checks it), so {@code --help} shows the real ones.
 */
final class RunOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the same keys as these flags (flags override it).")
    Path config;

    @Option(names = "--data", paramLabel = "SOURCE", description = "digits (bundled), fashion-mnist, a CSV file, a directory of IDX files, "
            + "or a folder with one sub-folder per class (images or text).")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "", description = "CSV label column, by name or 0-based index. Default: the last column.")
    String label;

    @Option(names = "--task", defaultValue = "classification", description = "classification or regression.")
    String task;

    @Option(names = "--image-size", paramLabel = "HxWxC", defaultValue = "", description = "Image folders: resize to this shape. Default: 28x28x1.")
    String imageSize;

    @Option(names = "--dev", paramLabel = "FILE", defaultValue = "", description = "Dev set from a separate CSV file.")
    String dev;

    @Option(names = "--test", paramLabel = "FILE", defaultValue = "", description = "Test set from a separate CSV file.")
    String test;

    @Option(names = "--split", paramLabel = "TRAIN,DEV,TEST", defaultValue = "0.6,0.2,0.2",
            description = "Split ratios, e.g. 0.6,0.2,0.2 or 0.98,0.01,0.01.")
    String split;

    @Option(names = "--stratify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Keep class proportions in every split.")
    String stratify;

    @Option(names = "--drop-leaks", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Remove dev/test examples that duplicate a training example.")
    String dropLeaks;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, initialization, shuffles, dropout and augmentation.")
    String seed;

    @Option(names = "--layers", paramLabel = "UNITS,...", defaultValue = "64", description = "Hidden layer sizes, e.g. 256,128.")
    String layers;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, leaky_relu, tanh, sigmoid or identity.")
    String activation;

    @Option(names = "--init", defaultValue = "auto", description = "auto (He for ReLU, LeCun for tanh/sigmoid), zeros, small, lecun, xavier, he, glorot; _uniform for the uniform form.")
    String init;

    @Option(names = "--loss", defaultValue = "auto", description = "auto, softmax_cross_entropy, binary_cross_entropy or mse.")
    String loss;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum or adam.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate.")
    String lr;

    @Option(names = "--schedule", defaultValue = "constant", description = "constant, step:EVERY:FACTOR or exponential:FACTOR.")
    String schedule;

    @Option(names = "--epochs", defaultValue = "20", description = "Passes over the training set.")
    String epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Mini-batch size.")
    String batch;

    @Option(names = "--l2", defaultValue = "0", description = "L2 penalty λ: (λ/2m)·Σ‖W‖².")
    String l2;

    @Option(names = "--l1", defaultValue = "0", description = "L1 penalty λ: (λ/m)·Σ|w|.")
    String l1;

    @Option(names = "--keep-prob", paramLabel = "P,...", defaultValue = "1.0", description = "Dropout keep probability, one or one per hidden layer, e.g. 0.8,0.9.")
    String keepProb;

    @Option(names = "--early-stopping", paramLabel = "SPEC", defaultValue = "off",
            description = "off, or patience=5,min-delta=1e-4[,monitor=dev_cost|dev_error|dev_accuracy].")
    String earlyStopping;

    @Option(names = "--normalize", defaultValue = "standard", description = "standard, minmax or none (fitted on the training split only).")
    String normalize;

    @Option(names = "--augment", paramLabel = "SPEC", defaultValue = "none", description = "Image augmentation of training batches, e.g. flip,shift=2,rotate=10.")
    String augment;

    @Option(names = "--bayes-error", defaultValue = "0", description = "Optimal (Bayes / human-level) error for the bias/variance verdict, e.g. 0.01.")
    String bayesError;

    @Option(names = "--dtype", defaultValue = "float32", description = "float32 or float64.")
    String dtype;

    @Option(names = "--max-features", defaultValue = "5000", description = "Text folders: vocabulary size cap.")
    String maxFeatures;

    @Option(names = "--weighting", defaultValue = "tfidf", description = "Text folders: tfidf, count or binary.")
    String weighting;

    /**
     * The resolved run: the config file's values, overridden by the flags given on the command line;
     * everything else takes the defaults.
     */
    RunSpec resolve(CommandLine.ParseResult parseResult) throws java.io.IOException {
        Map<String, String> options = new LinkedHashMap<>();
        if (config != null) {
            options.putAll(ConfigFile.read(config));
        }
        for (OptionSpec option : mixee.options()) {
            String key = option.longestName().replaceFirst("^--", "");
            if (RunSpec.DEFAULTS.containsKey(key) && (parseResult.hasMatchedOption(option) || !options.containsKey(key))) {
                Object value = option.getValue();
                if (value != null) {
                    options.put(key, String.valueOf(value));
                }
            }
        }
        return RunSpec.parse(options);
    }
}
