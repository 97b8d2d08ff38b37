package dev.plumb.workflow;

import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;

/**
 * A saved model's predictions for a data set, as {@code plumb predict} writes them: the outputs (class
 * probabilities, or predicted values for regression) and, for a classifier, the predicted class of each example.
 *
 * @param outputs    one row per example: class probabilities, or the predicted values
 * @param classes    the predicted class index of each example (empty for regression)
 * @param classNames class names by index (empty for regression)
 */
public record ModelPredictions(Matrix outputs, int[] classes, List<String> classNames) {

    /** Predicts {@code data} (raw features, normalized as the model was trained) with {@code model}. */
    public static ModelPredictions of(ModelBundle model, Dataset data) {
        Matrix outputs = model.predict(data.features());
        boolean classifier = model.network().loss().isClassification() && !model.classNames().isEmpty();
        return new ModelPredictions(outputs, classifier ? Network.classes(outputs) : new int[0],
                classifier ? model.classNames() : List.of());
    }

    public boolean isClassification() {
        return !classNames.isEmpty();
    }
}
