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
                + "model's feature columns and no label column. A model trained on text scores a folder of documents (its "
                + "files, or the training layout of one sub-folder per class) or the files a list names; the first column "
                + "is then each document's file.",
                "", "Examples:", "  plumb predict --model runs/iris/model --data new-flowers.csv --out predictions.csv",
                "  plumb predict --model runs/mail/model --data inbox/ --out scores.csv",
                "  plumb predict --model runs/mail/model --document-list to-score.txt --out scores.csv", ""})
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ModelInput input;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "predictions.csv", description = "Where to write the predictions.")
    Path out;

    @Option(names = "--document-list", paramLabel = "FILE", description = "Text models: a text file naming the documents "
            + "to score, one path per line (relative paths from the list's folder); instead of --data.")
    Path documentList;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = input.loadModel();
        ModelPredictions result;
        if (documentList != null) {
            if (input.data != null) {
                throw new IllegalArgumentException("Invalid options --data " + input.data + " and --document-list "
                        + documentList + ": give one, the folder of documents or the list of their paths");
            }
            result = ModelPredictions.ofDocumentList(bundle, documentList, input.textOptions(bundle));
        } else if (bundle.vectorizer() != null) {
            result = ModelPredictions.ofDocumentFolder(bundle, Path.of(input.requireData()), input.textOptions(bundle));
        } else {
            result = ModelPredictions.of(bundle, input.loadData(bundle, null, false));
        }
        Matrix predictions = result.outputs();
        boolean named = !result.names().isEmpty();
        StringBuilder csv = new StringBuilder(named ? "file" : "row");
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
            csv.append(named ? csvCell(result.names().get(i)) : String.valueOf(i));
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
        if (result.decoding() != null) {
            w.printf("data: %d documents from %s; %s%n", predictions.rows(), documentList != null ? documentList : input.data,
                    result.decoding().summary());
        }
        w.printf("%d predictions written to %s%n", predictions.rows(), out);
        w.flush();
        return 0;
    }

    static String csvCell(String value) {
        return value.matches("[^,\"\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
