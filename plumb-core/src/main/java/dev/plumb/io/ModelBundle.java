package dev.plumb.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.TextVectorizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A saved model: a directory holding {@code model.json} (architecture, precision, class names and the
 * input normalizer's statistics) and {@code weights.safetensors} (every parameter, named W1, b1, …).
 * Loading gives a network whose predictions are bit-identical to the saved one's.
 *
 * <p>Saving stages the directory next to its destination and swaps it in, so a crash never leaves a
 * directory with new weights and an old configuration.
 *
 * @param network    the network, with its weights
 * @param normalizer the input normalizer fitted on the training split, or null if inputs are used raw
 * @param classNames class names by output index (empty for regression)
 * @param split      how the data was split (null if unknown)
 * @param vectorizer for text models, the vectorizer fitted on the training documents (null otherwise)
 * @param featureNames the input columns the model reads, by name (empty if the data had none, e.g. images)
 */
public record ModelBundle(Network network, Normalizer normalizer, List<String> classNames, SplitManifest split,
                          TextVectorizer vectorizer, List<String> featureNames) {

    public static final String CONFIG_FILE = "model.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";
    static final int FORMAT_VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * Checks the parts against each other, as {@link #load} does: class names (one per output of a classifier,
     * none for regression, each non-empty and distinct), feature names, normalizer and vectorizer widths. The
     * weights' values are not checked here, so that a diverged network can still be saved and examined.
     *
     * @throws IllegalArgumentException listing every problem, one per line
     */
    public ModelBundle {
        classNames = new ArrayList<>(classNames); // List.copyOf would refuse a null name before the check names it
        featureNames = featureNames == null ? new ArrayList<>() : new ArrayList<>(featureNames);
        if (network.spec() == null) {
            throw new IllegalArgumentException("Invalid argument network: it was built from hand-made layers (no NetworkSpec), "
                    + "so its architecture cannot be written to a model file. Build it with NetworkSpec.build to save it.");
        }
        ModelBundleCheck check = new ModelBundleCheck(network.spec());
        check.classNames(classNames);
        check.featureNames(featureNames);
        check.normalizer(normalizer == null ? null : normalizer.state());
        check.vectorizer(vectorizer == null ? null : vectorizer.state());
        if (!check.problems().isEmpty()) {
            throw new IllegalArgumentException(check.message());
        }
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
    }

    /** A bundle without a split manifest. */
    public ModelBundle(Network network, Normalizer normalizer, List<String> classNames) {
        this(network, normalizer, classNames, null, null, List.of());
    }

    /** A bundle of a model on numeric features (no text vectorizer). */
    public ModelBundle(Network network, Normalizer normalizer, List<String> classNames, SplitManifest split) {
        this(network, normalizer, classNames, split, null, List.of());
    }

    /** A bundle without feature names. */
    public ModelBundle(Network network, Normalizer normalizer, List<String> classNames, SplitManifest split,
                       TextVectorizer vectorizer) {
        this(network, normalizer, classNames, split, vectorizer, List.of());
    }

    /** Documents → predictions, through the saved vectorizer (and normalizer, if any). */
    public Matrix predictDocuments(List<String> documents) {
        if (vectorizer == null) {
            throw new IllegalStateException("This model was not trained on text: it has no vectorizer; use predict(features)");
        }
        return predict(vectorizer.transform(documents, network.dtype()));
    }

    /** What {@code model.json} holds. */
    record Config(int formatVersion, String plumbVersion, NetworkSpec network, String dtype, List<String> classNames,
                  Normalizer.State normalizer, SplitManifest split, TextVectorizer.State vectorizer,
                  List<String> featureNames, String weights) {
    }

    /** Raw features → predictions (class probabilities or values), normalizing with the saved statistics. */
    public Matrix predict(Matrix rawFeatures) {
        Matrix x = normalizer == null ? rawFeatures : normalizer.transform(rawFeatures);
        return network.predict(x.to(network.dtype()));
    }

    /** The predicted class of each example of raw features (the index into {@link #classNames}). */
    public int[] predictClasses(Matrix rawFeatures) {
        return Network.classes(predict(rawFeatures));
    }

    /** Writes this bundle to {@code directory}, replacing what was there. */
    public void save(Path directory) throws ModelFileException {
        Path target = directory.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path staging = parent.resolve("." + target.getFileName() + ".saving");
        String custom = typesOfYourOwn(network.spec());
        if (!custom.isEmpty()) {
            throw new ModelFileException(target, "cannot save the model: it uses " + custom + ", and model files hold"
                    + " only Plumb's built-in activations and losses (by id). Save the weights with SafeTensors.write and"
                    + " rebuild the network in code to load them.");
        }
        Path previous = parent.resolve("." + target.getFileName() + ".previous");
        try {
            Files.createDirectories(parent);
            deleteRecursively(staging);
            Files.createDirectories(staging);
            Map<String, Matrix> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
                tensors.put(e.getKey(), e.getValue().value());
            }
            SafeTensors.write(staging.resolve(WEIGHTS_FILE), tensors, Map.of("format", "plumb", "plumb", PlumbVersion.VERSION));
            Config config = new Config(FORMAT_VERSION, PlumbVersion.VERSION, network.spec(), network.dtype().name(), classNames,
                    normalizer == null ? null : normalizer.state(), split, vectorizer == null ? null : vectorizer.state(),
                    featureNames, WEIGHTS_FILE);
            AtomicFile.write(staging.resolve(CONFIG_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            deleteRecursively(previous);
            if (Files.exists(target)) {
                Files.move(target, previous);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            deleteRecursively(previous);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(target, "cannot save the model: " + e.getMessage()
                    + "; check that the directory is writable and the disk is not full", e);
        }
    }

    /** The activations and loss of {@code spec} that are not built in, described for an error message; "" if none. */
    private static String typesOfYourOwn(NetworkSpec spec) {
        List<String> custom = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer.isDense() && !Activation.isBuiltIn(layer.activation())) {
                custom.add("the activation '" + layer.activation().id() + "' (" + layer.activation().getClass().getName()
                        + ") in layer " + (i + 1));
            }
        }
        if (!Loss.isBuiltIn(spec.loss())) {
            custom.add("the loss '" + spec.loss().id() + "' (" + spec.loss().getClass().getName() + ")");
        }
        return String.join(" and ", custom);
    }

    /**
     * Reads a bundle written by {@link #save}. Every problem is a {@link ModelFileException} naming the file:
     * an unreadable or malformed file stops at once; then the parts are checked against each other (tensors
     * against the architecture, weights all finite, class names against the outputs, normalizer, vectorizer
     * and feature names against the inputs) and every problem found is listed, one per line.
     */
    public static ModelBundle load(Path directory) throws ModelFileException {
        if (!Files.isDirectory(directory)) {
            throw new ModelFileException(directory, "not a model directory (it does not exist or is a file); "
                    + "pass the directory that holds " + CONFIG_FILE + " and " + WEIGHTS_FILE);
        }
        Path configFile = directory.resolve(CONFIG_FILE);
        Config config = readConfig(configFile);
        DType dtype;
        try {
            dtype = DType.valueOf(String.valueOf(config.dtype()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(configFile, "dtype '" + config.dtype() + "' is not one of FLOAT32, FLOAT64");
        }
        Map<String, Matrix> tensors = SafeTensors.read(directory.resolve(WEIGHTS_FILE)).tensors();

        // Shapes are compared before the network is built: a corrupt model.json claiming huge layers must not allocate them.
        ModelBundleCheck check = new ModelBundleCheck(config.network());
        check.tensors(dtype, tensors);
        List<String> classNames = config.classNames() == null ? List.of() : config.classNames();
        List<String> featureNames = config.featureNames() == null ? List.of() : config.featureNames();
        check.classNames(classNames);
        check.featureNames(featureNames);
        Normalizer normalizer = check.normalizer(config.normalizer());
        TextVectorizer vectorizer = check.vectorizer(config.vectorizer());
        if (!check.problems().isEmpty()) {
            throw check.exception(directory);
        }
        Network network = config.network().build(dtype, 0);
        for (Map.Entry<String, Parameter> e : network.parameters().entrySet()) {
            e.getValue().value().copyFrom(tensors.get(e.getKey()));
        }
        try {
            return new ModelBundle(network, normalizer, classNames, config.split(), vectorizer, featureNames);
        } catch (IllegalArgumentException e) { // the checks above make this unreachable; kept so no file gives a bare IAE
            throw new ModelFileException(configFile, e.getMessage());
        }
    }

    /** model.json, parsed: strict UTF-8, valid JSON, a network section, this format version. */
    private static Config readConfig(Path configFile) throws ModelFileException {
        Config config;
        try {
            long size = Files.size(configFile);
            if (size > 64L << 20) {
                throw new ModelFileException(configFile, "is " + size + " bytes, far more than a model configuration; "
                        + "this is not a Plumb model.json");
            }
            if (size == 0) {
                throw new ModelFileException(configFile, "is empty (0 bytes); the save was interrupted or the file was"
                        + " truncated — save the model again");
            }
            config = JSON.readValue(Utf8Text.decode(Files.readAllBytes(configFile)), Config.class);
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new ModelFileException(configFile, e.getMessage() + "; Plumb writes model.json as UTF-8, so the file"
                    + " was damaged or replaced — save the model again", e);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(configFile, "missing; a model directory holds " + CONFIG_FILE + " and " + WEIGHTS_FILE);
        } catch (JacksonException e) {
            throw new ModelFileException(configFile, "not a valid model configuration: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) { // a NetworkSpec or record constructor refused a value
            throw new ModelFileException(configFile, "invalid model configuration: " + e.getMessage(), e);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(configFile, "cannot read: " + e.getMessage(), e);
        }
        if (config == null || config.network() == null) {
            throw new ModelFileException(configFile, "has no \"network\" section; this is not a Plumb model.json");
        }
        if (config.formatVersion() != FORMAT_VERSION) {
            throw new ModelFileException(configFile, "format version " + config.formatVersion() + " is not supported (this Plumb reads "
                    + FORMAT_VERSION + "); use the Plumb version that saved it");
        }
        return config;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
