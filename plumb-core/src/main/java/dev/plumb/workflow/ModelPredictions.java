package dev.plumb.workflow;

import java.nio.file.Path;
import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.TextDecoding;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.DocumentFiles;
import dev.plumb.data.io.TextFolderOptions;
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
 * @param names      documents: the name of each row's file (relative to the folder, or as the list wrote it); empty
 *                   for examples without names (CSV rows, images, built-in data)
 * @param decoding   documents: how their bytes became text (the encoding, the policy, how many had bytes replaced);
 *                   null for other data
 */
public record ModelPredictions(Matrix outputs, int[] classes, List<String> classNames, List<String> names,
                               TextDecoding decoding) {

    public ModelPredictions {
        classNames = List.copyOf(classNames);
        names = List.copyOf(names);
        if (!names.isEmpty() && names.size() != outputs.rows()) {
            throw new IllegalArgumentException("Invalid names: " + names.size() + " for " + outputs.rows() + " predictions");
        }
    }

    /** Predictions for examples without names. */
    public ModelPredictions(Matrix outputs, int[] classes, List<String> classNames) {
        this(outputs, classes, classNames, List.of(), null);
    }

    /** Predicts {@code data} (raw features, normalized as the model was trained) with {@code model}. */
    public static ModelPredictions of(ModelBundle model, Dataset data) {
        Matrix outputs = model.predict(data.features());
        boolean classifier = model.network().loss().isClassification() && !model.classNames().isEmpty();
        return new ModelPredictions(outputs, classifier ? Network.classes(outputs) : new int[0],
                classifier ? model.classNames() : List.of());
    }

    /**
     * Predicts the documents in {@code folder} — its files, and its sub-folders' files, so both a folder of unlabelled
     * files and the training layout (one sub-folder per class) are read — each named by its path relative to the folder.
     */
    public static ModelPredictions ofDocumentFolder(ModelBundle model, Path folder, TextFolderOptions text)
            throws DataFileException {
        return ofDocuments(model, folder, DocumentFiles.inFolder(folder), text);
    }

    /** Predicts the documents {@code list} names, one path per line (relative ones from the list's folder). */
    public static ModelPredictions ofDocumentList(ModelBundle model, Path list, TextFolderOptions text)
            throws DataFileException {
        return ofDocuments(model, list, DocumentFiles.listed(list), text);
    }

    private static ModelPredictions ofDocuments(ModelBundle model, Path source, List<DocumentFiles.Named> files,
                                                TextFolderOptions text) throws DataFileException {
        if (model.vectorizer() == null) {
            throw new IllegalArgumentException("Invalid data " + source + ": documents, but the model was not trained on "
                    + "text (it has no vectorizer to turn them into its features); pass data of the kind it was trained on");
        }
        DocumentFiles.Read read = DocumentFiles.read(files, text);
        Matrix outputs = model.predictDocuments(read.texts());
        boolean classifier = model.network().loss().isClassification() && !model.classNames().isEmpty();
        return new ModelPredictions(outputs, classifier ? Network.classes(outputs) : new int[0],
                classifier ? model.classNames() : List.of(), read.names(), read.decoding());
    }

    public boolean isClassification() {
        return !classNames.isEmpty();
    }
}
