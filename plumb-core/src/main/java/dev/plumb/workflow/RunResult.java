package dev.plumb.workflow;

import dev.plumb.data.Dataset;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.io.ModelBundle;
import dev.plumb.train.RunRecord;

/**
 * What a training run made: the spec it ran, the data it trained on, its record, the trained model and the
 * analysis the report shows.
 *
 * @param spec        what was run
 * @param data        the data, split and normalized; null when it was not held in this JVM (a run on a cluster,
 *                    whose record keeps the split's manifest and the normalizer)
 * @param record      the run record, with the test evaluation
 * @param model       the trained model with its normalizer (and vectorizer, for text)
 * @param analysis    what the report shows beyond the record
 * @param testMetrics per-class precision, recall, F1 and the confusion matrix of the test set (null for regression
 *                    or without a test set)
 */
public record RunResult(RunSpec spec, PreparedData data, RunRecord record, ModelBundle model, RunAnalysis analysis,
                        ClassificationMetrics testMetrics) {

    /**
     * Gradient-checks the trained network (in float64, on a copy) on the first {@code examples} normalized training
     * examples, and returns this result with the report in its analysis.
     */
    public RunResult withGradientCheck(GradientCheckConfig config, int examples) {
        if (data == null) {
            throw new IllegalArgumentException("Cannot gradient-check a run trained on a cluster here: its examples stay on "
                    + "the executors. Check the saved model on a sample instead: plumb gradcheck --model <run>/model --data <sample>");
        }
        Dataset batch = data.firstTrainingExamples(examples);
        GradientCheckReport report = new GradientCheck(config).check(model.network(), batch.features(), batch.targets());
        return new RunResult(spec, data, record, model, analysis.withGradientCheck(report), testMetrics);
    }
}
