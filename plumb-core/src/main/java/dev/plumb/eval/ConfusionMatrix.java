package dev.plumb.eval;

import dev.plumb.tensor.Checks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Counts of (actual class, predicted class) pairs for a single-label classifier: {@code count(i, j)}
 * is the number of examples whose actual class is {@code i} and whose predicted class is {@code j}
 * (rows are actual classes, columns predicted classes — the layout of scikit-learn's
 * {@code confusion_matrix}).
 *
 * <p>For a class {@code c}, with N the total number of examples:
 * <ul>
 *   <li>TP(c) = count(c, c)</li>
 *   <li>FP(c) = Σ_i count(i, c) − TP(c)  (column sum minus the diagonal)</li>
 *   <li>FN(c) = Σ_j count(c, j) − TP(c)  (row sum minus the diagonal)</li>
 *   <li>TN(c) = N − TP(c) − FP(c) − FN(c)</li>
 *   <li>support(c) = Σ_j count(c, j) = TP(c) + FN(c), the number of examples actually in c</li>
 * </ul>
 *
 * <p>Immutable. Class names default to the class indices ("0", "1", …).
 */
public final class ConfusionMatrix {

    private final long[][] counts;
    private final List<String> classNames;
    private final long total;

    private ConfusionMatrix(long[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = classNames;
        long sum = 0;
        for (long[] row : counts) {
            for (long count : row) {
                sum += count;
            }
        }
        this.total = sum;
    }

    /**
     * Tallies {@code actual[k]} against {@code predicted[k]} for every example k.
     *
     * @param actual     the true class index of each example, each in [0, numClasses)
     * @param predicted  the predicted class index of each example, each in [0, numClasses)
     * @param numClasses the number of classes, at least 1; classes absent from both arrays get
     *                   empty rows and columns
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int numClasses) {
        Checks.positive("numClasses", numClasses);
        return tally(actual, predicted, defaultNames(numClasses));
    }

    /**
     * As {@link #of(int[], int[], int)}, with the number of classes given by {@code classNames}:
     * class {@code i} is called {@code classNames.get(i)}.
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classNames) {
        return tally(actual, predicted, checkNames(classNames));
    }

    /**
     * A confusion matrix from counts already tallied (for instance read back from a run record):
     * {@code counts[actual][predicted]}, square, non-negative, with at least one example.
     */
    public static ConfusionMatrix fromCounts(long[][] counts, List<String> classNames) {
        List<String> names = checkNames(classNames);
        Objects.requireNonNull(counts, "counts");
        if (counts.length != names.size()) {
            throw new IllegalArgumentException("Invalid value for argument counts: " + counts.length
                    + " rows. Expected one row per class name, " + names.size() + " rows.");
        }
        long[][] copy = new long[counts.length][];
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            Objects.requireNonNull(counts[i], "counts[" + i + "]");
            if (counts[i].length != names.size()) {
                throw new IllegalArgumentException("Invalid value for argument counts[" + i + "]: "
                        + counts[i].length + " columns. Expected a square matrix, " + names.size()
                        + " columns.");
            }
            for (int j = 0; j < counts[i].length; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("Invalid value for argument counts[" + i + "][" + j
                            + "]: " + counts[i][j] + ". Expected a count >= 0.");
                }
                sum = Math.addExact(sum, counts[i][j]);
            }
            copy[i] = counts[i].clone();
        }
        if (sum == 0) {
            throw new IllegalArgumentException("Invalid value for argument counts: all zero."
                    + " Expected at least one example.");
        }
        return new ConfusionMatrix(copy, names);
    }

    private static ConfusionMatrix tally(int[] actual, int[] predicted, List<String> names) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("Invalid arguments actual and predicted: lengths "
                    + actual.length + " and " + predicted.length
                    + ". Expected arrays of the same length, one label per example.");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("Invalid arguments actual and predicted: empty arrays."
                    + " Expected at least one example.");
        }
        int numClasses = names.size();
        long[][] counts = new long[numClasses][numClasses];
        for (int k = 0; k < actual.length; k++) {
            checkLabel("actual", k, actual[k], numClasses);
            checkLabel("predicted", k, predicted[k], numClasses);
            counts[actual[k]][predicted[k]]++;
        }
        return new ConfusionMatrix(counts, names);
    }

    private static void checkLabel(String argument, int k, int label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + "[" + k + "]: "
                    + label + ". Expected a class index in [0, " + numClasses + ") for numClasses = "
                    + numClasses + ".");
        }
    }

    private static List<String> defaultNames(int numClasses) {
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    private static List<String> checkNames(List<String> classNames) {
        Objects.requireNonNull(classNames, "classNames");
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("Invalid value for argument classNames: []."
                    + " Expected at least one class name.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < classNames.size(); i++) {
            String name = classNames.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Invalid value for argument classNames[" + i + "]: "
                        + (name == null ? "null" : "\"" + name + "\"") + ". Expected a non-blank name.");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Invalid value for argument classNames: " + classNames
                        + ". Expected distinct names; \"" + name + "\" appears more than once.");
            }
        }
        return List.copyOf(classNames);
    }

    public int numClasses() {
        return counts.length;
    }

    /** Unmodifiable; element i names class i. */
    public List<String> classNames() {
        return classNames;
    }

    public String className(int classIndex) {
        Checks.index("classIndex", classIndex, counts.length);
        return classNames.get(classIndex);
    }

    /** Number of examples of actual class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        Checks.index("actual", actual, counts.length);
        Checks.index("predicted", predicted, counts.length);
        return counts[actual][predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of examples, N. */
    public long total() {
        return total;
    }

    /** Number of correctly classified examples, Σ_c count(c, c). */
    public long trace() {
        long sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    /** Examples whose actual class is {@code classIndex}: the row sum. */
    public long support(int classIndex) {
        Checks.index("classIndex", classIndex, counts.length);
        long sum = 0;
        for (long count : counts[classIndex]) {
            sum += count;
        }
        return sum;
    }

    /** Examples predicted as {@code classIndex}: the column sum. */
    public long predictedCount(int classIndex) {
        Checks.index("classIndex", classIndex, counts.length);
        long sum = 0;
        for (long[] row : counts) {
            sum += row[classIndex];
        }
        return sum;
    }

    public long truePositives(int classIndex) {
        Checks.index("classIndex", classIndex, counts.length);
        return counts[classIndex][classIndex];
    }

    public long falsePositives(int classIndex) {
        return predictedCount(classIndex) - truePositives(classIndex);
    }

    public long falseNegatives(int classIndex) {
        return support(classIndex) - truePositives(classIndex);
    }

    public long trueNegatives(int classIndex) {
        return total - truePositives(classIndex) - falsePositives(classIndex) - falseNegatives(classIndex);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfusionMatrix that
                && Arrays.deepEquals(counts, that.counts)
                && classNames.equals(that.classNames);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(counts) + classNames.hashCode();
    }

    /** The counts as a text table, actual classes down the side, predicted classes across the top. */
    @Override
    public String toString() {
        String corner = "actual \\ predicted";
        int nameWidth = corner.length();
        int cellWidth = 1;
        for (int i = 0; i < counts.length; i++) {
            nameWidth = Math.max(nameWidth, classNames.get(i).length());
            cellWidth = Math.max(cellWidth, classNames.get(i).length());
            for (long count : counts[i]) {
                cellWidth = Math.max(cellWidth, Long.toString(count).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(pad(corner, -nameWidth));
        for (String name : classNames) {
            out.append("  ").append(pad(name, cellWidth));
        }
        out.append('\n');
        for (int i = 0; i < counts.length; i++) {
            out.append(pad(classNames.get(i), -nameWidth));
            for (long count : counts[i]) {
                out.append("  ").append(pad(Long.toString(count), cellWidth));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Right-aligns {@code text} in {@code width} columns, or left-aligns it for a negative width. */
    private static String pad(String text, int width) {
        String spaces = " ".repeat(Math.max(0, Math.abs(width) - text.length()));
        return width < 0 ? text + spaces : spaces + text;
    }
}
