package dev.plumb.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.io.DataFileException;
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

    @Option(names = "--data", required = true, paramLabel = "SOURCE",
            description = "A CSV file, a folder, digits, or fashion-mnist (its test set).")
    String data;

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
        return DataSource.loadWhole(data, label == null ? "" : label, ImageShape.parse(imageSize), csv, bundle, label != null);
    }
}
