package dev.plumb.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plumb.data.io.DataFileException;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.Matrix;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

/** Models trained the way {@code plumb train} trains them, on data the tests generate, briefly (a few epochs). */
final class TrainedModels {

    /** A trained model and the raw features of its test examples (as {@link ModelBundle#predict} takes them). */
    record Trained(String name, ModelBundle model, Matrix testFeatures) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TrainedModels() {
    }

    /** Trains with the options of {@code plumb train} ({@code key=value} pairs); few epochs keep it fast. */
    static Trained train(String name, Map<String, String> options) throws DataFileException {
        Map<String, String> given = new HashMap<>(Map.of("epochs", "3", "seed", "7"));
        given.putAll(options);
        RunSpec spec = RunSpec.parse(given);
        PreparedData data = TrainingRun.prepare(spec);
        RunResult result = TrainingRun.train(spec, data, List.of());
        return new Trained(name, result.model(), data.raw().test().features());
    }

    /**
     * A CSV file of {@code rows} examples: four informative features on very different scales, one constant feature
     * (its divisor is 1), and a label of three classes (or, for regression, a value) that depends on them.
     */
    static Path csv(Path dir, int rows, boolean regression) throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder("petal,sepal,weight,age,constant,label\n");
        for (int i = 0; i < rows; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian() * 10 + 50;
            double c = rng.nextDouble() * 1000;
            double d = rng.nextInt(90);
            double score = a + (b - 50) / 10 - (c - 500) / 300 + rng.nextGaussian() * 0.3;
            String label = regression ? String.format(Locale.ROOT, "%.4f", score + d / 90)
                    : score < -0.8 ? "small" : score < 0.8 ? "medium" : "large";
            csv.append(String.format(Locale.ROOT, "%.5f,%.4f,%.3f,%.0f,3.5,%s%n", a, b, c, d, label));
        }
        Path file = dir.resolve(regression ? "values.csv" : "sizes.csv");
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** A folder of short texts in three classes (one sub-folder per class), as {@code plumb train --data DIR} reads it. */
    static Path textFolder(Path dir) throws IOException {
        Map<String, String[]> words = Map.of(
                "sport", new String[] {"goal", "match", "team", "score", "league", "coach", "win", "season"},
                "weather", new String[] {"rain", "sun", "cloud", "storm", "wind", "forecast", "cold", "warm"},
                "cooking", new String[] {"oven", "recipe", "salt", "bake", "flour", "butter", "pan", "taste"});
        String[] common = {"the", "a", "today", "very", "and", "with", "new"};
        SplittableRandom rng = new SplittableRandom(5);
        Path root = dir.resolve("texts");
        for (Map.Entry<String, String[]> e : words.entrySet()) {
            Path folder = Files.createDirectories(root.resolve(e.getKey()));
            for (int doc = 0; doc < 40; doc++) {
                StringBuilder text = new StringBuilder();
                int length = 6 + rng.nextInt(8);
                for (int w = 0; w < length; w++) {
                    String[] pool = rng.nextInt(3) == 0 ? common : e.getValue();
                    text.append(pool[rng.nextInt(pool.length)]).append(' ');
                }
                Files.writeString(folder.resolve("doc" + doc + ".txt"), text.toString().trim(), StandardCharsets.UTF_8);
            }
        }
        return root;
    }

    /**
     * Nine models that between them use every activation, normalizer kind, loss and precision, on digits, a CSV file
     * and a text folder written into {@code dir}.
     */
    static List<Trained> varied(Path dir) throws Exception {
        Path csv = csv(dir, 240, false);
        Path values = csv(dir, 240, true);
        Path texts = textFolder(dir);
        List<Trained> models = new ArrayList<>();
        models.add(train("digits, relu, standard, float32",
                Map.of("data", "digits", "layers", "32", "activation", "relu", "normalize", "standard")));
        models.add(train("digits, tanh + dropout, minmax, float64",
                Map.of("data", "digits", "layers", "24,16", "activation", "tanh", "keep-prob", "0.9", "normalize", "minmax",
                        "dtype", "float64")));
        models.add(train("digits, softmax hidden layer, no normalizer, float32",
                Map.of("data", "digits", "layers", "16", "activation", "softmax", "normalize", "none", "epochs", "2")));
        models.add(train("csv, leaky relu 0.2, no normalizer, float64",
                Map.of("data", csv.toString(), "label", "label", "layers", "12,8", "activation", "leaky_relu(0.2)",
                        "normalize", "none", "dtype", "float64", "epochs", "8")));
        models.add(train("csv, sigmoid, standard, binary cross-entropy, float32",
                Map.of("data", csv.toString(), "label", "label", "layers", "10", "activation", "sigmoid",
                        "loss", "binary_cross_entropy", "normalize", "standard", "epochs", "8")));
        models.add(train("csv regression, tanh, minmax, mse, float32",
                Map.of("data", values.toString(), "label", "label", "task", "regression", "layers", "8",
                        "activation", "tanh", "normalize", "minmax", "epochs", "8")));
        models.add(train("csv regression, identity, standard, mse, float64",
                Map.of("data", values.toString(), "label", "label", "task", "regression", "layers", "6",
                        "activation", "identity", "normalize", "standard", "dtype", "float64", "epochs", "8")));
        models.add(train("text folder, relu, no normalizer, float32",
                Map.of("data", texts.toString(), "layers", "16", "normalize", "none", "epochs", "6")));
        models.add(train("text folder, leaky relu, standard, float64",
                Map.of("data", texts.toString(), "layers", "8", "activation", "leaky_relu", "normalize", "standard",
                        "dtype", "float64", "epochs", "4")));
                return models;
    }
}
