package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.eval.RegressionMetrics;
import dev.plumb.io.ModelBundle;
import dev.plumb.workflow.ModelEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb evaluate}: a saved model on a labelled data set — error, precision, recall, F1, confusion matrix. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        defaultValueProvider = RunOptions.Defaults.class,
        description = {"Evaluate a saved model on a labelled data set: error, accuracy, precision, recall, F1 and the confusion "
                + "matrix (MSE, RMSE, MAE and R² for regression).",
                "", "Example:", "  plumb evaluate --model runs/iris/model --data iris-test.csv --label species", ""})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelInput input;

    @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "", description = "CSV label column (name or index). Default: the last column.")
    String label;

    @Option(names = "--allow-missing", arity = "0..1", fallbackValue = "true",
            description = "Leave out CSV rows with a missing or empty value instead of failing.")
    boolean allowMissing;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        ModelBundle bundle = input.loadModel();
        ModelEvaluation evaluation = ModelEvaluation.of(bundle, input.loadData(bundle, label, allowMissing));
        w.printf("model %s on %s (%d examples)%n%n", input.model, evaluation.data(), evaluation.examples());
        if (evaluation.classification() != null) {
            ClassificationMetrics metrics = evaluation.classification();
            w.printf("error %.2f%%   accuracy %.2f%%%n%n", 100 * metrics.error(), 100 * metrics.accuracy());
            w.println("confusion matrix (rows: actual, columns: predicted):");
            w.println(metrics.confusionMatrix());
            w.println(metrics.format(3));
        } else {
            RegressionMetrics metrics = evaluation.regression();
            w.printf("MSE %.6g   RMSE %.6g   MAE %.6g   R² %.4f%n", metrics.mse(), metrics.rmse(), metrics.mae(), metrics.r2());
        }
        w.flush();
        return 0;
    }
}
