package dev.plumb.train;

import java.util.Locale;
import java.util.Objects;

import dev.plumb.data.Dataset;
import dev.plumb.tensor.Matrix;

/**
 * What a run's inputs were, as far as advice about them needs to know: images (with a shape, so augmentation applies),
 * a table of numeric columns, or text; the normalizer the run trained with; and, for images and tables, how far apart
 * the scales of the raw training features are — the largest and the smallest standard deviation among the columns
 * that vary (a constant column has no scale to compare). Recorded in the run record's setup, so that advice read back
 * from {@code run.json} can say "standardize" to a run whose columns span orders of magnitude.
 *
 * @param kind            images, table or text
 * @param normalize       the normalizer the run trained with: "standard", "minmax" or "none"
 * @param largestStd      the largest standard deviation of a raw training feature (NaN for text, or without a varying
 *                        column)
 * @param largestFeature  that feature's name (its 0-based column as text when the data names none)
 * @param smallestStd     the smallest standard deviation above zero (NaN as for {@code largestStd})
 * @param smallestFeature that feature's name
 */
public record InputProfile(Kind kind, String normalize, double largestStd, String largestFeature, double smallestStd,
                           String smallestFeature) {

    /** What the inputs are. */
    public enum Kind {
        /** Pixels with an image shape: augmentation applies. */
        IMAGES,
        /** Numeric columns (CSV). */
        TABLE,
        /** Document features from a text vectorizer. */
        TEXT
    }

    /**
     * Scales this many times apart "differ widely": for a linear model under gradient descent the curvature along a
     * feature grows with its variance, so a 10× spread of deviations is a 100× spread of curvatures, and one learning
     * rate cannot suit both ends (the note's elongated contours).
     */
    public static final double WIDE_SCALE_RATIO = 10;

    public InputProfile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(normalize, "normalize");
    }

    /**
     * The profile of {@code rawTrain}, the training examples before normalization (all, or a sample).
     *
     * @param text      whether the features are a text vectorizer's (their scales are not measured)
     * @param normalize the normalizer the run trains with, e.g. "none"
     */
    public static InputProfile of(Dataset rawTrain, boolean text, String normalize) {
        String n = normalize.toLowerCase(Locale.ROOT);
        if (text) {
            return new InputProfile(Kind.TEXT, n, Double.NaN, null, Double.NaN, null);
        }
        Kind kind = rawTrain.imageShape() != null ? Kind.IMAGES : Kind.TABLE;
        Matrix x = rawTrain.features();
        double largest = Double.NaN;
        double smallest = Double.NaN;
        int largestColumn = -1;
        int smallestColumn = -1;
        for (int c = 0; c < x.cols(); c++) {
            double std = std(x, c);
            if (!(std > 0)) {
                continue;
            }
            if (largestColumn < 0 || std > largest) {
                largest = std;
                largestColumn = c;
            }
            if (smallestColumn < 0 || std < smallest) {
                smallest = std;
                smallestColumn = c;
            }
        }
        return new InputProfile(kind, n, largest, name(rawTrain, largestColumn), smallest, name(rawTrain, smallestColumn));
    }

    /** largestStd / smallestStd: how many times apart the features' scales are (NaN when not measured). */
    public double scaleRatio() {
        return largestStd / smallestStd;
    }

    /** Whether the run trained on raw inputs whose scales are {@link #WIDE_SCALE_RATIO} or more times apart. */
    public boolean unnormalizedWideScales() {
        return "none".equals(normalize) && scaleRatio() >= WIDE_SCALE_RATIO;
    }

    // two-pass population deviation of one column, in double whatever the matrix's precision
    private static double std(Matrix x, int column) {
        int m = x.rows();
        if (m < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += x.get(i, column);
        }
        double mean = sum / m;
        double squares = 0;
        for (int i = 0; i < m; i++) {
            double d = x.get(i, column) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / m);
    }

    private static String name(Dataset data, int column) {
        if (column < 0) {
            return null;
        }
        return data.featureNames().isEmpty() ? "column " + column : data.featureNames().get(column);
    }
}
