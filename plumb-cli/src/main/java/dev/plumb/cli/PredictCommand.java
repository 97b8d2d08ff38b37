package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.plumb.data.Dataset;
import dev.plumb.io.ModelBundle;
import dev.plumb.tensor.Matrix;
import dev.plumb.workflow.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb predict}: a saved model's predictions for new examples, as CSV. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Predict with a saved model and write the predictions as CSV: one row per example, the predicted class "
                + "and the probability of each class (or the predicted values for regression). A CSV input needs the "
                + "model's feature columns and no label column.",
                "", "Example:", "  plumb predict --model runs/iris/model --data new-flowers.csv --out predictions.csv", ""})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (a run's model/).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SOURCE", description = "A CSV file, a folder, digits or fashion-mnist.")
    String data;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.csv", description = "Where to write the predictions.")
    Path out;

    @Option(names = "--image-size", paramLabel = "HxWxC", defaultValue = "", description = "Image folders: the shape the model was trained on. Default: 28x28x1.")
    String imageSize;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        Dataset dataset = DataSource.loadWhole(data, "", imageSize, bundle, false);
        Matrix predictions = bundle.predict(dataset.features());
        StringBuilder csv = new StringBuilder("row");
        boolean classes = bundle.network().loss().isClassification() && !bundle.classNames().isEmpty();
        if (classes) {
            csv.append(",predicted");
            for (String name : bundle.classNames()) {
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
                csv.append(',').append(csvCell(bundle.classNames().get(predictions.argmaxInRow(i))));
            }
            for (int j = 0; j < predictions.cols(); j++) {
                csv.append(',').append(String.format(Locale.ROOT, "%.6g", predictions.get(i, j)));
            }
            csv.append('\n');
        }
        RunDirectory.writeText(out, csv.toString());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%d predictions written to %s%n", predictions.rows(), out);
        w.flush();
        return 0;
    }

    static String csvCell(String value) {
        return value.matches("[^,\"\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
