package dev.plumb.data;

import java.util.List;
import java.util.Objects;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * Examples as rows: a feature matrix and a target matrix with one row per example. For
 * classification, {@code labels} holds the class index of each example and {@code targets} its one-hot
 * encoding; for regression {@code labels} is null and {@code targets} holds the values.
 *
 * @param name       where the data came from, for reports ("digits", a file name)
 * @param features   m × n, dense or (text) {@link SparseMatrix}
 * @param targets    m × outputs
 * @param labels     class index per example, or null for regression
 * @param classNames class names by index (empty for regression)
 * @param featureNames feature names by column (empty when the source has none)
 * @param imageShape the shape of the image each row holds, or null for non-image data
 * @param role       the part this set plays in a split (a splitter sets it)
 */
public record Dataset(String name, Matrix features, Matrix targets, int[] labels, List<String> classNames,
                      List<String> featureNames, ImageShape imageShape, Role role) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        classNames = List.copyOf(classNames);
        featureNames = List.copyOf(featureNames);
        if (!featureNames.isEmpty() && featureNames.size() != features.cols()) {
            throw new IllegalArgumentException("Invalid dataset " + name + ": " + featureNames.size()
                    + " feature names for " + features.cols() + " feature columns");
        }
        if (imageShape != null && imageShape.size() != features.cols()) {
            throw new IllegalArgumentException("Invalid dataset " + name + ": image shape " + imageShape + " has "
                    + imageShape.size() + " pixels but rows have " + features.cols() + " features");
        }
        if (features.rows() != targets.rows()) {
            throw new IllegalArgumentException("Invalid dataset " + name + ": " + features.rows()
                    + " feature rows but " + targets.rows() + " target rows; expected one of each per example");
        }
        if (labels != null && labels.length != features.rows()) {
            throw new IllegalArgumentException("Invalid dataset " + name + ": " + labels.length
                    + " labels for " + features.rows() + " examples");
        }
        Checks.allFinite("features of " + name, features);
    }

    /** A data set without feature names or image shape. */
    public Dataset(String name, Matrix features, Matrix targets, int[] labels, List<String> classNames) {
        this(name, features, targets, labels, classNames, List.of(), null, Role.UNSPLIT);
    }

    /** A classification data set; the targets are the one-hot encoding of {@code labels}. */
    public static Dataset classification(String name, Matrix features, int[] labels, List<String> classNames) {
        return classification(name, features, labels, classNames, List.of(), null);
    }

    /** A classification data set with feature names and (for images) the image shape. */
    public static Dataset classification(String name, Matrix features, int[] labels, List<String> classNames,
                                         List<String> featureNames, ImageShape imageShape) {
        int k = classNames.size();
        if (k < 2) {
            throw new IllegalArgumentException("Invalid argument classNames for " + name + ": " + k
                    + " classes. Expected at least 2.");
        }
        Matrix oneHot = Matrix.zeros(features.dtype(), labels.length, k);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("Invalid label in " + name + " at example " + i + ": "
                        + labels[i] + ". Expected a class index in [0, " + k + ").");
            }
            oneHot.set(i, labels[i], 1.0);
        }
        return new Dataset(name, features, oneHot, labels.clone(), classNames, featureNames, imageShape, Role.UNSPLIT);
    }

    /** Number of examples. */
    public int size() {
        return features.rows();
    }

    /** Number of input features. */
    public int featureCount() {
        return features.cols();
    }

    public boolean isClassification() {
        return labels != null;
    }

    public int classCount() {
        return classNames.size();
    }

    /** Number of examples of each class (empty for regression). */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        if (labels != null) {
            for (int label : labels) {
                counts[label]++;
            }
        }
        return counts;
    }

    /** A regression data set: {@code targets} holds one column per predicted value. */
    public static Dataset regression(String name, Matrix features, Matrix targets, List<String> featureNames) {
        Checks.allFinite("targets of " + name, targets);
        return new Dataset(name, features, targets, null, List.of(), featureNames, null, Role.UNSPLIT);
    }

    /** The examples at {@code indices}, in that order, as a new data set. */
    public Dataset subset(String subsetName, int[] indices) {
        Matrix x;
        if (features instanceof SparseMatrix sparse) {
            x = sparse.selectRows(indices);
        } else {
            x = Matrix.zeros(features.dtype(), indices.length, features.cols());
            x.gatherRows(features, indices, 0);
        }
        Matrix y = Matrix.zeros(targets.dtype(), indices.length, targets.cols());
        y.gatherRows(targets, indices, 0);
        int[] l = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                l[i] = labels[indices[i]];
            }
        }
        return new Dataset(subsetName, x, y, l, classNames, featureNames, imageShape, role);
    }

    /** The same examples with features replaced (e.g. standardized). */
    public Dataset withFeatures(Matrix newFeatures) {
        return new Dataset(name, newFeatures, targets, labels, classNames,
                newFeatures.cols() == features.cols() ? featureNames : List.of(),
                newFeatures.cols() == features.cols() ? imageShape : null, role);
    }

    /** This data set with features and targets in {@code dtype}. */
    public Dataset to(DType dtype) {
        return new Dataset(name, features.to(dtype), targets.to(dtype), labels, classNames, featureNames, imageShape, role);
    }

    /** The same data set marked with {@code newRole} (what a splitter does with its parts). */
    public Dataset withRole(Role newRole) {
        return new Dataset(name, features, targets, labels, classNames, featureNames, imageShape, newRole);
    }

    /** The same data set under another name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, targets, labels, classNames, featureNames, imageShape, role);
    }
}
