package dev.plumb.eval;

import dev.plumb.tensor.Checks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Accuracy, precision, recall and F1 of a single-label classifier, computed once from a
 * {@link ConfusionMatrix}. With TP, FP, FN and support per class c as defined there, and N examples:
 * <ul>
 *   <li>accuracy = Σ_c TP(c) / N; error = 1 − accuracy</li>
 *   <li>precision(c) = TP(c) / (TP(c) + FP(c)) — of the examples predicted c, the fraction that are c</li>
 *   <li>recall(c) = TP(c) / (TP(c) + FN(c)) — of the examples that are c, the fraction predicted c</li>
 *   <li>F1(c) = 2·TP(c) / (2·TP(c) + FP(c) + FN(c)), the harmonic mean
 *       2·precision·recall / (precision + recall) written so it needs no division by zero</li>
 *   <li>macro average = (1/K) Σ_c metric(c) over all K classes, each class weighing the same</li>
 *   <li>weighted average = Σ_c support(c)·metric(c) / N, each class weighing by its number of examples</li>
 * </ul>
 *
 * <p><b>Zero division.</b> When a denominator above is 0 the metric is defined as 0, as
 * scikit-learn's {@code precision_recall_fscore_support(..., zero_division=0)} does: a class that is
 * never predicted has precision 0, a class with no actual examples has recall 0, and a class with
 * neither has F1 0. The macro averages include such classes (as scikit-learn does when every label is
 * listed in {@code labels=}), so they pull the averages down; this is deliberate, since a class the
 * model never predicts is a failure worth seeing. Unlike scikit-learn, nothing is warned.
 *
 * <p>In single-label classification the micro averages of precision, recall and F1 all equal
 * accuracy, so they are not repeated here.
 *
 * <p>Immutable; the per-class array accessors return copies.
 */
public final class ClassificationMetrics {

    /** The positive class of a binary problem, as in scikit-learn's default {@code pos_label=1}. */
    public static final int POSITIVE_CLASS = 1;

    private final ConfusionMatrix confusionMatrix;
    private final double accuracy;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final long[] support;

    private ClassificationMetrics(ConfusionMatrix confusionMatrix) {
        this.confusionMatrix = confusionMatrix;
        int numClasses = confusionMatrix.numClasses();
        this.precision = new double[numClasses];
        this.recall = new double[numClasses];
        this.f1 = new double[numClasses];
        this.support = new long[numClasses];
        for (int c = 0; c < numClasses; c++) {
            long tp = confusionMatrix.truePositives(c);
            long fp = confusionMatrix.falsePositives(c);
            long fn = confusionMatrix.falseNegatives(c);
            precision[c] = ratio(tp, tp + fp);
            recall[c] = ratio(tp, tp + fn);
            f1[c] = ratio(2 * tp, 2 * tp + fp + fn);
            support[c] = tp + fn;
        }
        this.accuracy = ratio(confusionMatrix.trace(), confusionMatrix.total());
    }

    /** Metrics of an already tallied confusion matrix. */
    public static ClassificationMetrics of(ConfusionMatrix confusionMatrix) {
        return new ClassificationMetrics(Objects.requireNonNull(confusionMatrix, "confusionMatrix"));
    }

    /**
     * Metrics of {@code predicted} against {@code actual}; see {@link ConfusionMatrix#of(int[], int[], int)}
     * for what is accepted.
     */
    public static ClassificationMetrics of(int[] actual, int[] predicted, int numClasses) {
        return of(ConfusionMatrix.of(actual, predicted, numClasses));
    }

    /** numerator / denominator, or 0 when the denominator is 0 (the zero_division=0 convention). */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    public ConfusionMatrix confusionMatrix() {
        return confusionMatrix;
    }

    public int numClasses() {
        return precision.length;
    }

    /** Number of examples, N. */
    public long total() {
        return confusionMatrix.total();
    }

    /** Fraction classified correctly: trace / N. */
    public double accuracy() {
        return accuracy;
    }

    /** Fraction misclassified: 1 − accuracy. */
    public double error() {
        return 1.0 - accuracy;
    }

    public double precision(int classIndex) {
        Checks.index("classIndex", classIndex, numClasses());
        return precision[classIndex];
    }

    public double recall(int classIndex) {
        Checks.index("classIndex", classIndex, numClasses());
        return recall[classIndex];
    }

    public double f1(int classIndex) {
        Checks.index("classIndex", classIndex, numClasses());
        return f1[classIndex];
    }

    /** Number of examples whose actual class is {@code classIndex}. */
    public long support(int classIndex) {
        Checks.index("classIndex", classIndex, numClasses());
        return support[classIndex];
    }

    /** Precision of every class, indexed by class; a copy. */
    public double[] precisions() {
        return precision.clone();
    }

    /** Recall of every class, indexed by class; a copy. */
    public double[] recalls() {
        return recall.clone();
    }

    /** F1 of every class, indexed by class; a copy. */
    public double[] f1Scores() {
        return f1.clone();
    }

    /** Support of every class, indexed by class; a copy. */
    public long[] supports() {
        return support.clone();
    }

    public double macroPrecision() {
        return macro(precision);
    }

    public double macroRecall() {
        return macro(recall);
    }

    /** Mean of the per-class F1 scores (not the F1 of the macro precision and recall). */
    public double macroF1() {
        return macro(f1);
    }

    public double weightedPrecision() {
        return weighted(precision);
    }

    /** Support-weighted recall; in single-label classification it equals accuracy. */
    public double weightedRecall() {
        return weighted(recall);
    }

    public double weightedF1() {
        return weighted(f1);
    }

    private static double macro(double[] perClass) {
        double sum = 0;
        for (double value : perClass) {
            sum += value;
        }
        return sum / perClass.length;
    }

    private double weighted(double[] perClass) {
        double sum = 0;
        for (int c = 0; c < perClass.length; c++) {
            sum += support[c] * perClass[c];
        }
        return sum / total();
    }

    /** True when there are exactly two classes, 0 (negative) and 1 (positive). */
    public boolean isBinary() {
        return numClasses() == 2;
    }

    /** Precision of class 1 in a binary problem: TP / (TP + FP), 0 if class 1 is never predicted. */
    public double positivePrecision() {
        requireBinary("positivePrecision");
        return precision[POSITIVE_CLASS];
    }

    /** Recall of class 1 in a binary problem: TP / (TP + FN), 0 if class 1 never occurs. */
    public double positiveRecall() {
        requireBinary("positiveRecall");
        return recall[POSITIVE_CLASS];
    }

    /** F1 of class 1 in a binary problem: 2·TP / (2·TP + FP + FN). */
    public double positiveF1() {
        requireBinary("positiveF1");
        return f1[POSITIVE_CLASS];
    }

    private void requireBinary(String method) {
        if (!isBinary()) {
            throw new IllegalStateException(method + "() needs a binary problem (numClasses = 2); this one has"
                    + " numClasses = " + numClasses() + ". Use the per-class or averaged metrics instead.");
        }
    }

    /** {@link #format(int)} with two digits. */
    @Override
    public String toString() {
        return format(2);
    }

    /**
     * A text table laid out as scikit-learn's {@code classification_report}: one row per class
     * (precision, recall, f1-score, support), then accuracy, the macro and the weighted averages.
     * Numbers are rounded half-even from their exact binary value, as Python's formatting does,
     * so the table matches scikit-learn's character for character.
     *
     * @param digits digits after the decimal point, at least 0
     */
    public String format(int digits) {
        Checks.nonNegative("digits", digits);
        String[] headers = {"precision", "recall", "f1-score", "support"};
        int width = Math.max("weighted avg".length(), digits);
        for (String name : confusionMatrix.classNames()) {
            width = Math.max(width, name.length());
        }
        StringBuilder out = new StringBuilder();
        out.append(pad("", width)).append(' ');
        for (String header : headers) {
            out.append(' ').append(pad(header, 9));
        }
        out.append("\n\n");
        for (int c = 0; c < numClasses(); c++) {
            row(out, confusionMatrix.className(c), width, digits, support[c], precision[c], recall[c], f1[c]);
        }
        out.append('\n');
        out.append(pad("accuracy", width)).append(' ')
                .append(' ').append(pad("", 9))
                .append(' ').append(pad("", 9))
                .append(' ').append(pad(fixed(accuracy, digits), 9))
                .append(' ').append(pad(Long.toString(total()), 9)).append('\n');
        row(out, "macro avg", width, digits, total(), macroPrecision(), macroRecall(), macroF1());
        row(out, "weighted avg", width, digits, total(), weightedPrecision(), weightedRecall(), weightedF1());
        return out.toString();
    }

    private static void row(StringBuilder out, String heading, int width, int digits, long count,
                            double... values) {
        out.append(pad(heading, width)).append(' ');
        for (double value : values) {
            out.append(' ').append(pad(fixed(value, digits), 9));
        }
        out.append(' ').append(pad(Long.toString(count), 9)).append('\n');
    }

    /** Fixed-point, rounded half-even from the exact binary value (String.format rounds half-up). */
    private static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
