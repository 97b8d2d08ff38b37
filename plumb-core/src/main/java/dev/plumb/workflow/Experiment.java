package dev.plumb.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.Split;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.data.Normalizer;
import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.eval.ConfusionMatrix;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.nn.Network;
import dev.plumb.nn.SoftmaxCrossEntropy;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Callback;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.Trainer;

/**
 * Runs an {@link ExperimentConfig} on a data set: split, fit the standardizer on the training part only,
 * build and train the network (dev measured every epoch), evaluate the test part once at the end.
 */
public final class Experiment {

    /** Name of the run record inside a run directory. */
    public static final String RUN_FILE = "run.json";
    /** Name of the model bundle directory inside a run directory. */
    public static final String MODEL_DIR = "model";

    private Experiment() {
    }

    /**
     * The outcome: the run record (with the test evaluation), the model bundle, the split parts before
     * normalization, and for classification the test set's precision, recall, F1 and confusion matrix
     * (null for regression or without a test set).
     */
    public record Result(RunRecord record, ModelBundle model, Split.Parts parts, ClassificationMetrics testMetrics) {
    }

    /** The data after splitting and normalization, ready to train on. */
    public record Prepared(Split.Parts parts, Normalizer normalizer, Dataset train, Dataset dev, Dataset test,
                           List<String> classNames, TextVectorizer vectorizer) {
    }

    /** Splits {@code data} and fits the standardizer on the training part only. */
    public static Prepared prepare(Dataset data, ExperimentConfig config) {
        if (config.network().inputs() != data.featureCount()) {
            throw new IllegalArgumentException("Invalid network: it takes " + config.network().inputs() + " inputs but "
                    + data.name() + " has " + data.featureCount() + " features");
        }
        return prepare(config.split().apply(data), config);
    }

    /** Fits the configured normalizer on the training part only and applies it to all three. */
    public static Prepared prepare(Split.Parts parts, ExperimentConfig config) {
        return prepare(parts, config, null);
    }

    /** As {@link #prepare(Split.Parts, ExperimentConfig)}, for features made by a text vectorizer fitted on train. */
    public static Prepared prepare(Split.Parts parts, ExperimentConfig config, TextVectorizer vectorizer) {
        if (config.network().inputs() != parts.train().featureCount()) {
            throw new IllegalArgumentException("Invalid network: it takes " + config.network().inputs() + " inputs but "
                    + parts.train().name() + " has " + parts.train().featureCount() + " features");
        }
        Normalizer normalizer = config.normalization().fit(parts.train());
        Dataset train = normalizer == null ? parts.train() : normalizer.transform(parts.train());
        Dataset dev = normalizer == null ? parts.dev() : normalizer.transform(parts.dev());
        Dataset test = normalizer == null ? parts.test() : normalizer.transform(parts.test());
        return new Prepared(parts, normalizer, train, dev, test, parts.train().classNames(), vectorizer);
    }

    /** {@link #prepare} then {@link #train}. */
    public static Result run(Dataset data, ExperimentConfig config, List<Callback> callbacks) {
        return train(prepare(data, config), config, callbacks);
    }

    /** Builds and trains the network on prepared data; evaluates the test part once, at the end. */
    public static Result train(Prepared data, ExperimentConfig config, List<Callback> callbacks) {
        Network network = config.network().build(config.dtype(), config.train().seed());
        Trainer trainer = new Trainer(config.train(), Optimizer.parse(config.optimizer()), callbacks, augmenter(data, config));
        RunRecord record = trainer.fit(network, data.train(), data.dev())
                .withData(data.parts().manifest(), data.normalizer() == null ? null : data.normalizer().state());
        ClassificationMetrics testMetrics = null;
        if (data.test().size() > 0) {
            Evaluation testEvaluation = Trainer.evaluate("test", network, data.test(), data.train().size());
            record = record.withEvaluation(testEvaluation);
            if (data.test().isClassification() && network.loss() instanceof SoftmaxCrossEntropy) {
                testMetrics = ClassificationMetrics.of(ConfusionMatrix.of(data.test().labels(),
                        predictedClasses(network, data.test()), data.classNames()));
            }
        }
        return new Result(record, new ModelBundle(network, data.normalizer(), data.classNames(), data.parts().manifest(),
                data.vectorizer(), data.vectorizer() == null ? data.train().featureNames() : List.of()), data.parts(), testMetrics);
    }

    // Augments in pixel space when the inputs are normalized (see InPixelSpace); null without augmentation.
    private static Augmenter augmenter(Prepared data, ExperimentConfig config) {
        Augmentation augmentation = Augmentation.parse(config.augmentation());
        if ("none".equals(augmentation.id())) {
            return null;
        }
        ImageShape shape = data.train().imageShape();
        long seed = config.train().seed();
        return data.normalizer() == null ? new Augmenter(augmentation, shape, seed)
                : new Augmenter(augmentation, shape, data.normalizer(), seed);
    }

    /** argmax of the network's outputs per example. */
    static int[] predictedClasses(Network network, Dataset data) {
        Matrix outputs = network.outputs(data.features());
        int[] predicted = new int[outputs.rows()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = outputs.argmaxInRow(i);
        }
        return predicted;
    }

    /** Writes {@code run.json} and the {@code model/} bundle into {@code runDirectory}. */
    public static void save(Result result, Path runDirectory) throws ModelFileException {
        try {
            Files.createDirectories(runDirectory);
            Path json = runDirectory.resolve(RUN_FILE);
            Path tmp = runDirectory.resolve(RUN_FILE + ".tmp");
            Files.writeString(tmp, result.record().toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelFileException(runDirectory, "cannot write the run record: " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
        result.model().save(runDirectory.resolve(MODEL_DIR));
    }
}
