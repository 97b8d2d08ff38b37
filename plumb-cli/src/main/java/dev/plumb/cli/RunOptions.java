package dev.plumb.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.plumb.workflow.ConfigFile;
import dev.plumb.workflow.RunOption;
import dev.plumb.workflow.RunSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The data, model and training flags shared by {@code plumb train} and {@code plumb gradcheck}. Each flag is
 * a {@link RunOption} of the same name; its value stays text until {@link RunSpec#parse} reads it, and its default
 * comes from the core's table through {@link Defaults}, so {@code --help} shows the defaults the core applies.
 */
final class RunOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the same keys as these flags (flags override it).")
    Path config;

    @Option(names = "--data", paramLabel = "SOURCE", description = "digits (bundled), fashion-mnist, a CSV file, a directory of IDX files, "
            + "or a folder with one sub-folder per class (images or text).")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "CSV label column, by name or 0-based index; the last column when not given.")
    String label;

    @Option(names = "--task", description = "classification or regression.")
    String task;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "CSV field separator: one character, e.g. ';' for European exports, or tab.")
    String delimiter;

    @Option(names = "--columns", paramLabel = "COLUMN,...",
            description = "CSV feature columns to use, by name or 0-based index, e.g. sepal_length,petal_length; all but the label when not given.")
    String columns;

    @Option(names = "--drop-columns", paramLabel = "COLUMN,...",
            description = "CSV columns to leave out of the features, by name or 0-based index, e.g. id.")
    String dropColumns;

    @Option(names = "--allow-missing", arity = "0..1", fallbackValue = "true",
            description = "Drop CSV rows with a missing or empty value (counted in the run record and the report) instead of failing.")
    String allowMissing;

    @Option(names = "--image-size", paramLabel = "HxWxC", description = "Image folders: resize to this shape.")
    String imageSize;

    @Option(names = "--dev", paramLabel = "FILE", description = "Dev set from a separate CSV file.")
    String dev;

    @Option(names = "--test", paramLabel = "FILE", description = "Test set from a separate CSV file.")
    String test;

    @Option(names = "--split", paramLabel = "TRAIN,DEV,TEST",
            description = "Split ratios, e.g. 0.6,0.2,0.2 or 0.98,0.01,0.01.")
    String split;

    @Option(names = "--stratify", arity = "0..1", fallbackValue = "true",
            description = "Keep class proportions in every split.")
    String stratify;

    @Option(names = "--drop-leaks", arity = "0..1", fallbackValue = "true",
            description = "Remove dev/test examples that duplicate a training example.")
    String dropLeaks;

    @Option(names = "--seed", description = "Seed of the split, initialization, shuffles, dropout and augmentation.")
    String seed;

    @Option(names = "--init-from", paramLabel = "MODEL_DIR", description = "Fine-tune a saved model (a run's model/ "
            + "directory, or an imported one): the network's layers, activations, loss and starting weights are the "
            + "model's, and inputs are normalized with its normalizer as is (so --layers, --activation, --init, --loss "
            + "and --normalize cannot be given beside it); the data must have its features and classes.")
    String initFrom;

    @Option(names = "--layers", paramLabel = "UNITS,...", description = "Hidden layer sizes, e.g. 256,128.")
    String layers;

    @Option(names = "--activation", description = "relu, leaky_relu, tanh, sigmoid or identity.")
    String activation;

    @Option(names = "--init", description = "auto (He for ReLU, LeCun for tanh/sigmoid), zeros, small, lecun, xavier, he, glorot; _uniform for the uniform form.")
    String init;

    @Option(names = "--loss", description = "auto, softmax_cross_entropy, binary_cross_entropy or mse.")
    String loss;

    @Option(names = "--optimizer", description = "sgd, momentum or adam.")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate.")
    String lr;

    @Option(names = "--schedule", description = "constant, step:EVERY:FACTOR or exponential:FACTOR.")
    String schedule;

    @Option(names = "--epochs", description = "Passes over the training set, or auto: about 2,000 optimizer steps "
            + "(at least 20 epochs, at most 1,000).")
    String epochs;

    @Option(names = "--batch", description = "Mini-batch size.")
    String batch;

    @Option(names = "--l2", description = "L2 penalty λ: (λ/2m)·Σ‖W‖².")
    String l2;

    @Option(names = "--l1", description = "L1 penalty λ: (λ/m)·Σ|w|.")
    String l1;

    @Option(names = "--keep-prob", paramLabel = "P,...", description = "Dropout keep probability, one or one per hidden layer, e.g. 0.8,0.9.")
    String keepProb;

    @Option(names = "--early-stopping", paramLabel = "SPEC",
            description = "off, patience=5,min-delta=1e-4[,monitor=dev_error|dev_cost|dev_accuracy] (stop after N epochs "
                    + "without improvement; the monitor defaults to the dev error, ties broken by the dev cost), or auto: "
                    + "that with patience a tenth of the epochs (at least 5) when there is a dev part, best weights restored; "
                    + "off without one.")
    String earlyStopping;

    @Option(names = "--normalize", description = "standard, minmax or none (fitted on the training split only), or "
            + "auto: none for text-folder features (sparse; TF-IDF rows are already unit length), standard otherwise.")
    String normalize;

    @Option(names = "--augment", paramLabel = "SPEC", description = "Image augmentation of training batches, e.g. flip,shift=2,rotate=10.")
    String augment;

    @Option(names = "--on-divergence", paramLabel = "POLICY", description = "When the training cost explodes (over 1000 "
            + "times its initial value): stop, keeping the weights of the epoch before (a NaN or infinite cost always "
            + "stops), or continue.")
    String onDivergence;

    @Option(names = "--bayes-error", description = "Optimal (Bayes / human-level) error for the bias/variance verdict, e.g. 0.01.")
    String bayesError;

    @Option(names = "--dtype", description = "float32 or float64.")
    String dtype;

    @Option(names = "--max-features", description = "Text folders: vocabulary size cap, or 'all' (features are stored sparse).")
    String maxFeatures;

    @Option(names = "--weighting", description = "Text folders: tfidf, count or binary.")
    String weighting;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "Text folders: the files' encoding, a Java charset name, e.g. UTF-8, ISO-8859-1, windows-1252 or UTF-16.")
    String encoding;

    @Option(names = "--undecodable", paramLabel = "POLICY", description = "Text folders: what a byte sequence that is not "
            + "in the encoding does: replace (read as U+FFFD; the documents are counted in the run record and the report) "
            + "or fail (stop, naming the file and the byte offset).")
    String undecodable;

    /**
     * The resolved run: the config file's values, overridden by the flags given on the command line;
     * everything else takes the defaults.
     */
    RunSpec resolve(CommandLine.ParseResult parseResult) throws IOException {
        return RunSpec.parse(given(parseResult));
    }

    /** The options as given, as text: the config file's values overridden by the flags on the command line. */
    Map<String, String> given(CommandLine.ParseResult parseResult) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        if (config != null) {
            Map<String, String> fromFile = ConfigFile.read(config);
            for (String key : fromFile.keySet()) {
                if (RunOption.of(key).isEmpty()) {
                    throw new IllegalArgumentException(config + ": unknown option '" + key + "'; a config file takes the "
                            + "keys of the flags (see plumb train --help), e.g. layers: 64 or keep-prob: 0.8");
                }
            }
            options.putAll(fromFile);
        }
        for (OptionSpec option : mixee.options()) {
            Optional<RunOption> runOption = RunOption.of(key(option));
            if (runOption.isPresent() && parseResult.hasMatchedOption(option)) {
                options.put(runOption.get().key(), String.valueOf(option.<Object>getValue()));
            }
        }
        // a flag the model fixes, typed beside --init-from, is refused even when it repeats the default
        if (!options.getOrDefault(RunOption.INIT_FROM.key(), "").isBlank()) {
            for (RunOption fixed : List.of(RunOption.LAYERS, RunOption.ACTIVATION, RunOption.INIT, RunOption.LOSS)) {
                OptionSpec flag = mixee.findOption("--" + fixed.key());
                if (flag != null && parseResult.hasMatchedOption(flag)) {
                    throw new IllegalArgumentException("Invalid option --" + fixed.key() + " beside --init-from: the model in "
                            + options.get(RunOption.INIT_FROM.key()) + " fixes the network's layers, activation, "
                            + "initialization and loss (its weights start the training); drop --" + fixed.key()
                            + ", or drop --init-from to train a new network");
                }
            }
        }
        return options;
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /** The defaults of the run flags, from {@link RunOption}; none for an option whose default is empty. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            if (option.userObject() instanceof java.lang.reflect.Field field && field.getDeclaringClass() == ModelInput.class) {
                return null; // predict's and evaluate's text flags default to what the model was trained with
            }
            return RunOption.of(key(option)).map(RunOption::defaultValue).filter(v -> !v.isEmpty()).orElse(null);
        }
    }
}
