package dev.plumb.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.TextFolderOptions;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.workflow.CsvSettings;
import dev.plumb.workflow.DataSource;
import dev.plumb.workflow.RunOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The saved model and the data it runs on: the flags {@code plumb evaluate} and {@code plumb predict} share. */
final class ModelInput {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (a run's model/).")
    Path model;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "A CSV file, a folder, digits, or fashion-mnist (its test set).")
    String data;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Text folders: the files' encoding, a Java charset "
            + "name such as UTF-8, ISO-8859-1 or windows-1252; when not given, the one the model's training documents were "
            + "read with (UTF-8 for models saved before Plumb kept it).")
    String encoding;

    @Option(names = "--undecodable", paramLabel = "POLICY", description = "Text folders: replace (a byte sequence that is "
            + "not in the encoding is read as U+FFFD and counted) or fail (stop, naming the file and the byte offset); when "
            + "not given, what the model's training run did (replace for models saved before Plumb kept it).")
    String undecodable;

    @Option(names = "--image-size", paramLabel = "HxWxC", defaultValue = "28x28x1",
            description = "Image folders: the shape the model was trained on.")
    String imageSize;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV field separator: one character, e.g. ';', or tab.")
    String delimiter;

    @Mixin
    VerboseOption verbose;

    ModelBundle loadModel() throws ModelFileException {
        return ModelBundle.load(model);
    }

    /**
     * The data set in the model's form; {@code label} is the CSV label column ("" = last), or null for unlabelled;
     * {@code allowMissing} drops CSV rows with a missing value.
     */
    Dataset loadData(ModelBundle bundle, String label, boolean allowMissing) throws DataFileException {
        Map<String, String> given = new HashMap<>();
        given.put(RunOption.DELIMITER.key(), delimiter);
        given.put(RunOption.ALLOW_MISSING.key(), String.valueOf(allowMissing));
        CsvSettings csv = CsvSettings.parse(given);
        return DataSource.loadWhole(requireData(), label == null ? "" : label, ImageShape.parse(imageSize), csv,
                textOptions(bundle), bundle, label != null);
    }

    /** How a folder of texts is read: the flags given, else as the model's training documents were read. */
    TextFolderOptions textOptions(ModelBundle bundle) {
        return DataSource.textOptions(bundle, encoding, undecodable);
    }

    /** The {@code --data} value; it is required unless the command takes its examples another way. */
    String requireData() {
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("Missing option --data: the examples to run the model on, e.g. --data "
                    + "new.csv or --data a folder of documents");
        }
        return data;
    }
}
