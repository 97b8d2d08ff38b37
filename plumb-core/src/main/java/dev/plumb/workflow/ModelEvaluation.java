package dev.plumb.workflow;

import java.util.Objects;

import dev.plumb.data.Dataset;
import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.eval.ConfusionMatrix;
import dev.plumb.eval.RegressionMetrics;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.Matrix;

/**
 * A saved model measured on a labelled data set, as {@code plumb evaluate} reports it: for a classifier the
 * confusion matrix with accuracy, precision, recall and F1; for a regressor MSE, RMSE, MAE and R². Exactly one of
 * the two is present.
 *
 * @param data           the data set's name
 * @param examples       examples measured
 * @param classification the classifier's scores, or null for regression
 * @param regression     the regressor's scores, or null for classification
 */
public record ModelEvaluation(String data, int examples, ClassificationMetrics classification,
                              RegressionMetrics regression) {

    public ModelEvaluation {
        Objects.requireNonNull(data, "data");
        if ((classification == null) == (regression == null)) {
            throw new IllegalArgumentException("Invalid evaluation: expected classification or regression scores, not "
                    + (classification == null ? "neither" : "both"));
        }
    }

    /** Measures {@code model} on {@code labelled} (raw features, classes numbered as the model's). */
    public static ModelEvaluation of(ModelBundle model, Dataset labelled) {
        if (labelled.isClassification()) {
            ClassificationMetrics metrics = ClassificationMetrics.of(ConfusionMatrix.of(labelled.labels(),
                    model.predictClasses(labelled.features()), model.classNames()));
            return new ModelEvaluation(labelled.name(), labelled.size(), metrics, null);
        }
        Matrix predictions = model.predict(labelled.features());
        return new ModelEvaluation(labelled.name(), labelled.size(), null,
                RegressionMetrics.of(rows(labelled.targets()), rows(predictions)));
    }

    private static double[][] rows(Matrix m) {
        double[][] rows = new double[m.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = m.row(i);
        }
        return rows;
    }
}
