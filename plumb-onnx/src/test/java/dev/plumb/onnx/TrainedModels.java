package dev.plumb.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
