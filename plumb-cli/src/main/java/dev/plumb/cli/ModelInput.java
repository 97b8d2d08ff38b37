package dev.plumb.cli;

import java.nio.file.Path;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.io.DataFileException;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.workflow.DataSource;
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

    @Mixin
    VerboseOption verbose;

    ModelBundle loadModel() throws ModelFileException {
        return ModelBundle.load(model);
    }

    /** The data set in the model's form; {@code label} is the CSV label column ("" = last), or null for unlabelled. */
    Dataset loadData(ModelBundle bundle, String label) throws DataFileException {
        return DataSource.loadWhole(data, label == null ? "" : label, ImageShape.parse(imageSize), bundle, label != null);
    }
}
