package dev.plumb.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.io.DataFileException;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;

/**
 * Fine-tuning ({@code init-from DIR}): training that starts from a saved model bundle — any model directory, a
 * {@code plumb train} run's {@code model/} or an imported one — instead of a network initialized from the seed.
 *
 * <ul>
 *   <li>The network is the model's: its dense layers (sizes, activations) and loss, and its weights as the starting
 *       point, in the run's precision. {@code layers}, {@code activation}, {@code init} and {@code loss} cannot be
 *       given beside it; {@code keep-prob} inserts dropout after the model's hidden layers as it does for a new network
 *       (the model's own dropout is replaced), {@code l2}/{@code l1} apply to every weight matrix, and the optimizer,
 *       learning rate, epochs, batch and early stopping are the run's.</li>
 *   <li>The inputs are normalized as the model expects: with the model's normalizer, as is, never refitted on the new
 *       training part (a model without one takes its inputs as they are); {@code normalize} cannot be given.</li>
 *   <li>The data must fit the model: the same task; the model's number of features — for a CSV file the model's feature
 *       columns, found by name as {@code plumb predict} finds them, when the model knows their names; texts vectorized
 *       with the model's vectorizer — and, for classification, classes that are all among the model's: examples are
 *       labelled by class name with the model's class indices, so a file that lists the classes in another order, or
 *       lacks one, trains the model's outputs as they are.</li>
 * </ul>
 *
 * <p>Not checked (the model does not hold its training examples): new data, or the model's own data split with its
 * seed and ratios, keeps the dev and test parts unseen; the same data split differently puts examples the model was
 * trained on into them.
 *
 * <p>The model directory is read when the data is prepared, so a resumed run ({@code --resume}: config.yaml holds
 * {@code init-from}) reads it again: its architecture and normalizer must be unchanged, which the resume's check of
 * the preparation (the normalizer's statistics) verifies; the weights come from the run's checkpoint.
 */
final class FineTuning {

    private FineTuning() {
    }

    /** Loads the model and the data, checks that they fit each other, and normalizes the data with the model's normalizer. */
    static PreparedData prepare(RunSpec spec) throws DataFileException {
        Path directory = spec.model().initFrom().orElseThrow();
        ModelBundle model;
        try {
            model = ModelBundle.load(directory);
        } catch (ModelFileException e) {
            throw new IllegalArgumentException("Invalid option init-from: " + e.getMessage(), e);
        }
        boolean modelClassifies = !model.classNames().isEmpty();
        if (modelClassifies != spec.data().isClassification()) {
            throw new IllegalArgumentException("Invalid option task beside init-from: the model in " + directory + " is a "
                    + (modelClassifies ? "classifier of " + model.classNames() : "regression model") + ", but the run's task is "
                    + spec.data().task().id() + "; pass --task " + (modelClassifies ? "classification" : "regression"));
        }
        DataSource.Loaded loaded = DataSource.load(spec, model);
        Split.Parts parts = loaded.parts();
        String data = spec.data().source();
        int features = parts.train().featureCount();
        if (features != model.network().inputs()) {
            throw new IllegalArgumentException("Invalid data " + data + " for init-from " + directory + ": " + features
                    + " features per example, but the model takes " + model.network().inputs()
                    + (model.featureNames().isEmpty() ? " (it does not know its features' names, so they are matched by "
                    + "position: choose the model's columns with --columns or --drop-columns)" : ""));
        }
        if (modelClassifies) {
            List<String> classes = parts.train().classNames();
            List<String> unknown = classes.stream().filter(c -> !model.classNames().contains(c)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("Invalid data " + data + " for init-from " + directory + ": its classes "
                        + classes + " are not the model's " + model.classNames() + " (" + unknown + " unknown to it); "
                        + "fine-tuning keeps the model's outputs, so give data labelled with the model's class names, or "
                        + "train a new network without --init-from");
            }
            if (!classes.equals(model.classNames())) {
                Dataset reference = Dataset.classification("model " + directory, Matrix.zeros(spec.precision(), 1, 1),
                        new int[] {0}, model.classNames());
                parts = new Split.Parts(DataSource.relabel(parts.train(), reference), DataSource.relabel(parts.dev(), reference),
                        DataSource.relabel(parts.test(), reference), parts.manifest());
            }
        } else if (parts.train().targets().cols() != model.network().outputs()) {
            throw new IllegalArgumentException("Invalid data " + data + " for init-from " + directory + ": "
                    + parts.train().targets().cols() + " regression targets, but the model predicts " + model.network().outputs());
        }
        Normalizer normalizer = model.normalizer();
        Normalizer.Kind kind = normalizer == null ? Normalizer.Kind.NONE : Normalizer.Kind.parse(normalizer.kind());
        if (spec.data().normalize().given().filter(k -> k != kind).isPresent()) { // a spec built in Java, not parsed
            throw new IllegalArgumentException("Invalid option normalize beside init-from: inputs are normalized as the "
                    + "model in " + directory + " expects (" + kind.name().toLowerCase(Locale.ROOT) + ", its own statistics), "
                    + "not " + spec.data().normalize().given().orElseThrow().name().toLowerCase(Locale.ROOT)
                    + "; leave normalize at auto");
        }
        return PreparedData.of(parts, normalizer, loaded.vectorizer(), loaded.description() + "; fine-tuning the model in "
                + directory + " (" + (normalizer == null ? "inputs as they are: it has no normalizer"
                : "normalized with its " + normalizer.kind() + " normalizer, not refitted") + ")", model);
    }

    /** The model's network (dropout and penalties as the spec says) with its weights, in the spec's precision. */
    static Network network(RunSpec spec, PreparedData data) {
        ModelBundle model = data.initial();
        if (model == null) {
            throw new IllegalArgumentException("Invalid argument data: the spec fine-tunes the model in "
                    + spec.model().initFrom().orElseThrow() + ", but the data was not prepared with it; prepare it with "
                    + "TrainingRun.prepare(spec)");
        }
        Network network = spec.model().network(model.network().spec()).build(spec.precision(), spec.seed());
        network.copyParametersFrom(model.network());
        return network;
    }

    /** The normalizer {@code normalize=auto} resolves to when fine-tuning: the kind of the model's own. */
    static Normalizer.Kind normalizeKind(PreparedData data) {
        return data.normalizer() == null ? Normalizer.Kind.NONE : Normalizer.Kind.parse(data.normalizer().kind());
    }

    static String normalizeReason(RunSpec spec, PreparedData data) {
        String model = spec.model().initFrom().map(Path::toString).orElse("init-from");
        return data.normalizer() == null ? "fine-tuning the model in " + model + ", which takes its inputs as they are (it "
                + "has no normalizer)"
                : "fine-tuning the model in " + model + ": its " + data.normalizer().kind().toLowerCase(Locale.ROOT)
                + " normalizer, fitted on the data it was trained on, used as is (not refitted on this training part), "
                + "so inputs are scaled as the model expects";
    }
}
