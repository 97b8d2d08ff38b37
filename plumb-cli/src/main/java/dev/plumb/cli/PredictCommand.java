package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.Matrix;
import dev.plumb.workflow.ModelPredictions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb predict}: a saved model's predictions for new examples, as CSV. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        defaultValueProvider = RunOptions.Defaults.class,
        description = {"Predict with a saved model and write the predictions as CSV: one row per example, the predicted class "
                + "and the probability of each class (or the predicted values for regression). A CSV input needs the "
                + "model's feature columns and no label column.",
                "", "Example:", "  plumb predict --model runs/iris/model --data new-flowers.csv --out predictions.csv", ""})
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelInput input;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.csv", description = "Where to write the predictions.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = input.loadModel();
        ModelPredictions result = ModelPredictions.of(bundle, input.loadData(bundle, null, false));
        Matrix predictions = result.outputs();
        StringBuilder csv = new StringBuilder("row");
        boolean classes = result.isClassification();
        if (classes) {
            csv.append(",predicted");
            for (String name : result.classNames()) {
                csv.append(",p_").append(csvCell(name));
            }
        } else {
            for (int j = 0; j < predictions.cols(); j++) {
                csv.append(",prediction").append(predictions.cols() == 1 ? "" : String.valueOf(j));
            }
        }
        csv.append('\n');
        for (int i = 0; i < predictions.rows(); i++) {
            csv.append(i);
            if (classes) {
                csv.append(',').append(csvCell(result.classNames().get(result.classes()[i])));
            }
            for (int j = 0; j < predictions.cols(); j++) {
                csv.append(',').append(String.format(Locale.ROOT, "%.6g", predictions.get(i, j)));
            }
            csv.append('\n');
        }
        AtomicFile.write(out, csv.toString());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%d predictions written to %s%n", predictions.rows(), out);
        w.flush();
        return 0;
    }

    static String csvCell(String value) {
        return value.matches("[^,\"\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
