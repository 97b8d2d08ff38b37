package dev.plumb.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfusionMatrixTest {

    // scikit-learn's confusion_matrix docstring example:
    //   y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2]
    //   → [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    // By hand, pairs (actual, predicted): (2,0) (0,0) (2,2) (2,2) (0,0) (1,2)
    //   row 0: (0,0)×2 → [2, 0, 0];  row 1: (1,2) → [0, 0, 1];  row 2: (2,0), (2,2)×2 → [1, 0, 2]
    private static final int[] ACTUAL = {2, 0, 2, 2, 0, 1};
    private static final int[] PREDICTED = {0, 0, 2, 2, 0, 2};

    @Test
    void talliesActualRowsAgainstPredictedColumns() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, 3);

        assertThat(matrix.counts()).isDeepEqualTo(new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}});
        assertThat(matrix.numClasses()).isEqualTo(3);
        assertThat(matrix.total()).isEqualTo(6);
        assertThat(matrix.trace()).isEqualTo(4);
        assertThat(matrix.count(2, 0)).isEqualTo(1);
    }

    @Test
    void derivesTruePositivesFalsePositivesFalseNegativesAndSupportPerClass() {
        // columns sums (predicted counts): 3, 0, 3; row sums (support): 2, 1, 3; N = 6
        //   class 0: TP 2, FP 3−2 = 1, FN 2−2 = 0, TN 6−2−1−0 = 3
        //   class 1: TP 0, FP 0−0 = 0, FN 1−0 = 1, TN 6−0−0−1 = 5
        //   class 2: TP 2, FP 3−2 = 1, FN 3−2 = 1, TN 6−2−1−1 = 2
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, 3);

        assertThat(new long[] {matrix.truePositives(0), matrix.truePositives(1), matrix.truePositives(2)})
                .containsExactly(2, 0, 2);
        assertThat(new long[] {matrix.falsePositives(0), matrix.falsePositives(1), matrix.falsePositives(2)})
                .containsExactly(1, 0, 1);
        assertThat(new long[] {matrix.falseNegatives(0), matrix.falseNegatives(1), matrix.falseNegatives(2)})
                .containsExactly(0, 1, 1);
        assertThat(new long[] {matrix.trueNegatives(0), matrix.trueNegatives(1), matrix.trueNegatives(2)})
                .containsExactly(3, 5, 2);
        assertThat(new long[] {matrix.support(0), matrix.support(1), matrix.support(2)})
                .containsExactly(2, 1, 3);
        assertThat(new long[] {matrix.predictedCount(0), matrix.predictedCount(1), matrix.predictedCount(2)})
                .containsExactly(3, 0, 3);
    }

    @Test
    void keepsEmptyRowsAndColumnsForClassesThatNeverOccur() {
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 4);

        assertThat(matrix.counts()).isDeepEqualTo(new long[][] {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}});
        assertThat(matrix.support(3)).isZero();
        assertThat(matrix.trueNegatives(3)).isEqualTo(2);
    }

    @Test
    void namesClassesByIndexUnlessGivenNames() {
        assertThat(ConfusionMatrix.of(ACTUAL, PREDICTED, 3).classNames()).containsExactly("0", "1", "2");

        ConfusionMatrix named = ConfusionMatrix.of(ACTUAL, PREDICTED, List.of("ant", "bird", "cat"));
        assertThat(named.numClasses()).isEqualTo(3);
        assertThat(named.className(1)).isEqualTo("bird");
        assertThat(named.counts()).isDeepEqualTo(ConfusionMatrix.of(ACTUAL, PREDICTED, 3).counts());
    }

    @Test
    void fromCountsEqualsTheTalliedMatrix() {
        ConfusionMatrix fromCounts = ConfusionMatrix.fromCounts(
                new long[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}}, List.of("0", "1", "2"));

        assertThat(fromCounts).isEqualTo(ConfusionMatrix.of(ACTUAL, PREDICTED, 3));
        assertThat(fromCounts.hashCode()).isEqualTo(ConfusionMatrix.of(ACTUAL, PREDICTED, 3).hashCode());
        assertThat(fromCounts.total()).isEqualTo(6);
    }

    @Test
    void isImmutable() {
        int[] actual = ACTUAL.clone();
        long[][] counts = {{1, 0}, {0, 1}};
        ConfusionMatrix tallied = ConfusionMatrix.of(actual, PREDICTED, 3);
        ConfusionMatrix fromCounts = ConfusionMatrix.fromCounts(counts, List.of("a", "b"));

        actual[0] = 0;
        counts[0][0] = 99;
        tallied.counts()[2][0] = 99;

        assertThat(tallied.count(2, 0)).isEqualTo(1);
        assertThat(fromCounts.count(0, 0)).isEqualTo(1);
        assertThatThrownBy(() -> tallied.classNames().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rendersATableWithActualClassesDownTheSide() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, List.of("ant", "bird", "cat"));

        assertThat(matrix.toString()).isEqualTo(""
                + "actual \\ predicted   ant  bird   cat\n"
                + "ant                    2     0     0\n"
                + "bird                   0     0     1\n"
                + "cat                    1     0     2\n");
    }

    @Test
    void rejectsArraysOfDifferentLengthsNamingBoth() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: lengths 3 and 2."
                        + " Expected arrays of the same length, one label per example.");
    }

    @Test
    void rejectsEmptyArrays() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[0], new int[0], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: empty arrays. Expected at least one example.");
    }

    @Test
    void rejectsLabelsOutsideTheClassRangeNamingTheElement() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument actual[1]: 3. Expected a class index in [0, 3)"
                        + " for numClasses = 3.");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {-1, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument predicted[0]: -1. Expected a class index in [0, 3)"
                        + " for numClasses = 3.");
    }

    @Test
    void rejectsFewerThanOneClass() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument numClasses: 0. Expected a positive integer.");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument classNames: []. Expected at least one class name.");
    }

    @Test
    void rejectsBlankOrRepeatedClassNames() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, List.of("cat", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument classNames[1]: \" \". Expected a non-blank name.");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, List.of("cat", "dog", "cat")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument classNames: [cat, dog, cat]."
                        + " Expected distinct names; \"cat\" appears more than once.");
    }

    @Test
    void rejectsCountsThatAreNotASquareMatrixOfNonNegativeCounts() {
        List<String> names = List.of("a", "b");
        assertThatThrownBy(() -> ConfusionMatrix.fromCounts(new long[][] {{1, 0}}, names))
                .hasMessage("Invalid value for argument counts: 1 rows. Expected one row per class name, 2 rows.");
        assertThatThrownBy(() -> ConfusionMatrix.fromCounts(new long[][] {{1, 0}, {1}}, names))
                .hasMessage("Invalid value for argument counts[1]: 1 columns. Expected a square matrix, 2 columns.");
        assertThatThrownBy(() -> ConfusionMatrix.fromCounts(new long[][] {{1, 0}, {-2, 1}}, names))
                .hasMessage("Invalid value for argument counts[1][0]: -2. Expected a count >= 0.");
        assertThatThrownBy(() -> ConfusionMatrix.fromCounts(new long[][] {{0, 0}, {0, 0}}, names))
                .hasMessage("Invalid value for argument counts: all zero. Expected at least one example.");
    }

    @Test
    void rejectsClassIndicesOutOfRangeInAccessors() {
        ConfusionMatrix matrix = ConfusionMatrix.of(ACTUAL, PREDICTED, 3);

        assertThatThrownBy(() -> matrix.support(3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid value for argument classIndex: 3. Expected 0 <= classIndex < 3.");
    }
}
