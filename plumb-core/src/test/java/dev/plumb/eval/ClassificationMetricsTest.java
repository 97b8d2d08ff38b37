package dev.plumb.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassificationMetricsTest {

    private static final double EXACT = 1e-12;

    @Test
    void threeClassExampleComputedByHand() {
        // actual    = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
        // predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1]
        // confusion (rows actual, columns predicted):
        //   [2, 1, 1]    support 4
        //   [1, 2, 0]    support 3
        //   [0, 1, 2]    support 3
        //   column sums (predicted counts) 3, 4, 3; trace 6; N 10 → accuracy 0.6
        // precision = TP / column sum:  2/3, 2/4 = 1/2, 2/3
        // recall    = TP / row sum:     2/4 = 1/2, 2/3, 2/3
        // F1 = 2TP / (2TP + FP + FN):   4/(4+1+2) = 4/7, 4/(4+2+1) = 4/7, 4/(4+1+1) = 2/3
        //   (check class 0 as a harmonic mean: 2·(2/3)(1/2) / (2/3 + 1/2) = (2/3)/(7/6) = 4/7)
        // macro:    P = (2/3 + 1/2 + 2/3)/3 = 11/18;  R = (1/2 + 2/3 + 2/3)/3 = 11/18;
        //           F1 = (4/7 + 4/7 + 2/3)/3 = (38/21)/3 = 38/63
        // weighted: P = (4·2/3 + 3·1/2 + 3·2/3)/10 = (37/6)/10 = 37/60;
        //           R = (4·1/2 + 3·2/3 + 3·2/3)/10 = 6/10 (= accuracy, as always);
        //           F1 = (4·4/7 + 3·4/7 + 3·2/3)/10 = (4 + 2)/10 = 6/10
        ClassificationMetrics metrics = ClassificationMetrics.of(
                new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, new int[] {0, 0, 1, 2, 1, 1, 0, 2, 2, 1}, 3);

        assertThat(metrics.accuracy()).isCloseTo(0.6, within(EXACT));
        assertThat(metrics.error()).isCloseTo(0.4, within(EXACT));
        assertThat(metrics.precisions()).containsExactly(new double[] {2.0 / 3, 1.0 / 2, 2.0 / 3}, within(EXACT));
        assertThat(metrics.recalls()).containsExactly(new double[] {1.0 / 2, 2.0 / 3, 2.0 / 3}, within(EXACT));
        assertThat(metrics.f1Scores()).containsExactly(new double[] {4.0 / 7, 4.0 / 7, 2.0 / 3}, within(EXACT));
        assertThat(metrics.supports()).containsExactly(4, 3, 3);
        assertThat(metrics.macroPrecision()).isCloseTo(11.0 / 18, within(EXACT));
        assertThat(metrics.macroRecall()).isCloseTo(11.0 / 18, within(EXACT));
        assertThat(metrics.macroF1()).isCloseTo(38.0 / 63, within(EXACT));
        assertThat(metrics.weightedPrecision()).isCloseTo(37.0 / 60, within(EXACT));
        assertThat(metrics.weightedRecall()).isCloseTo(0.6, within(EXACT));
        assertThat(metrics.weightedF1()).isCloseTo(0.6, within(EXACT));
    }

    @Test
    void matchesScikitLearnPrecisionRecallFscoreSupportExample() {
        // scikit-learn's precision_recall_fscore_support docstring:
        //   y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
        //   average='macro' → (0.22..., 0.33..., 0.26...); 'weighted' gives the same numbers.
        // By hand: confusion [[2, 0, 0], [1, 0, 1], [0, 2, 0]], column sums 3, 2, 1, support 2, 2, 2
        //   precision 2/3, 0/2, 0/1;  recall 2/2, 0/2, 0/2;  F1 4/(4+1+0) = 4/5, 0, 0
        //   macro P = (2/3)/3 = 2/9 = 0.222;  R = 1/3 = 0.333;  F1 = (4/5)/3 = 4/15 = 0.267
        //   equal supports, so weighted = macro; accuracy 2/6 = 1/3
        ClassificationMetrics metrics = ClassificationMetrics.of(
                new int[] {0, 1, 2, 0, 1, 2}, new int[] {0, 2, 1, 0, 0, 1}, 3);

        assertThat(metrics.precisions()).containsExactly(new double[] {2.0 / 3, 0, 0}, within(EXACT));
        assertThat(metrics.recalls()).containsExactly(new double[] {1, 0, 0}, within(EXACT));
        assertThat(metrics.f1Scores()).containsExactly(new double[] {0.8, 0, 0}, within(EXACT));
        assertThat(metrics.macroPrecision()).isCloseTo(2.0 / 9, within(EXACT));
        assertThat(metrics.macroRecall()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(metrics.macroF1()).isCloseTo(4.0 / 15, within(EXACT));
        assertThat(metrics.macroPrecision()).isCloseTo(0.22, within(0.005));
        assertThat(metrics.macroRecall()).isCloseTo(0.33, within(0.005));
        assertThat(metrics.macroF1()).isCloseTo(0.267, within(0.0005));
        assertThat(metrics.weightedPrecision()).isCloseTo(2.0 / 9, within(EXACT));
        assertThat(metrics.weightedRecall()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(metrics.weightedF1()).isCloseTo(4.0 / 15, within(EXACT));
        assertThat(metrics.accuracy()).isCloseTo(1.0 / 3, within(EXACT));
    }

    @Test
    void classNeverPredictedHasZeroPrecisionAndStillCountsInTheMacroAverage() {
        // scikit-learn user guide: precision_score(y_true, y_pred, labels=[0, 1, 2, 3], average='macro')
        // = 0.166... for the example above. Class 3 occurs in neither array: precision 0/0 → 0, so the
        // macro precision is (2/3 + 0 + 0 + 0)/4 = 1/6. Its recall and F1 are 0/0 → 0 too.
        ClassificationMetrics metrics = ClassificationMetrics.of(
                new int[] {0, 1, 2, 0, 1, 2}, new int[] {0, 2, 1, 0, 0, 1}, 4);

        assertThat(metrics.macroPrecision()).isCloseTo(1.0 / 6, within(EXACT));
        assertThat(metrics.precision(3)).isZero();
        assertThat(metrics.recall(3)).isZero();
        assertThat(metrics.f1(3)).isZero();
        assertThat(metrics.support(3)).isZero();
        // zero support: the weighted averages ignore it
        assertThat(metrics.weightedPrecision()).isCloseTo(2.0 / 9, within(EXACT));
    }

    @Test
    void classThatOccursButIsNeverPredictedHasZeroPrecisionRecallAndF1() {
        // actual [0, 1, 2, 2], predicted [0, 1, 1, 1]: class 2 (support 2) is never predicted.
        //   class 2: TP 0, FP 0, FN 2 → precision 0/0 → 0 (zero_division=0), recall 0/2, F1 0/(0+0+2)
        //   class 1: TP 1, FP 2, FN 0 → precision 1/3, recall 1, F1 2/(2+2+0) = 1/2
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1, 2, 2}, new int[] {0, 1, 1, 1}, 3);

        assertThat(metrics.precision(2)).isZero();
        assertThat(metrics.recall(2)).isZero();
        assertThat(metrics.f1(2)).isZero();
        assertThat(metrics.precision(1)).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(metrics.f1(1)).isCloseTo(0.5, within(EXACT));
        assertThat(metrics.macroPrecision()).isCloseTo((1 + 1.0 / 3) / 3, within(EXACT));
        assertThat(metrics.macroPrecision()).isFinite();
    }

    @Test
    void perfectPredictionsScoreOneEverywhere() {
        int[] labels = {2, 0, 1, 1, 2, 0, 0};
        ClassificationMetrics metrics = ClassificationMetrics.of(labels, labels.clone(), 3);

        assertThat(metrics.accuracy()).isEqualTo(1.0);
        assertThat(metrics.error()).isEqualTo(0.0);
        assertThat(metrics.precisions()).containsExactly(1, 1, 1);
        assertThat(metrics.recalls()).containsExactly(1, 1, 1);
        assertThat(metrics.f1Scores()).containsExactly(1, 1, 1);
        assertThat(metrics.macroF1()).isEqualTo(1.0);
        assertThat(metrics.weightedF1()).isEqualTo(1.0);
    }

    @Test
    void binaryProblemExposesThePositiveClass() {
        // scikit-learn's confusion_matrix docstring, binary case:
        //   y_true = [0, 0, 0, 1, 1, 1, 1, 1], y_pred = [0, 1, 0, 1, 0, 1, 0, 1] → tn, fp, fn, tp = 2, 1, 2, 3
        //   precision = 3/(3+1) = 3/4, recall = 3/(3+2) = 3/5, F1 = 6/(6+1+2) = 2/3
        ClassificationMetrics metrics = ClassificationMetrics.of(
                new int[] {0, 0, 0, 1, 1, 1, 1, 1}, new int[] {0, 1, 0, 1, 0, 1, 0, 1}, 2);

        assertThat(metrics.isBinary()).isTrue();
        assertThat(metrics.confusionMatrix().trueNegatives(1)).isEqualTo(2);
        assertThat(metrics.positivePrecision()).isCloseTo(0.75, within(EXACT));
        assertThat(metrics.positiveRecall()).isCloseTo(0.6, within(EXACT));
        assertThat(metrics.positiveF1()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(metrics.accuracy()).isCloseTo(5.0 / 8, within(EXACT));
    }

    @Test
    void positiveClassMetricsNeedABinaryProblem() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1, 2}, new int[] {0, 1, 2}, 3);

        assertThat(metrics.isBinary()).isFalse();
        assertThatThrownBy(metrics::positiveF1)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("positiveF1() needs a binary problem (numClasses = 2); this one has numClasses = 3."
                        + " Use the per-class or averaged metrics instead.");
    }

    @Test
    void reportMatchesScikitLearnClassificationReportDocstring() {
        // scikit-learn's classification_report docstring, verbatim (<BLANKLINE> as empty lines).
        // By hand: confusion [[1, 0, 0], [1, 0, 0], [0, 1, 2]]; precision 1/2, 0/1, 2/2; recall 1, 0, 2/3;
        //   F1 2/3, 0, 4/5; macro (0.50, 0.56, 0.49); weighted ((1/2 + 3)/5, 3/5, (2/3 + 12/5)/5) = (0.70, 0.60, 0.61)
        ConfusionMatrix matrix = ConfusionMatrix.of(
                new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}, List.of("class 0", "class 1", "class 2"));

        assertThat(ClassificationMetrics.of(matrix).format(2)).isEqualTo(""
                + "              precision    recall  f1-score   support\n"
                + "\n"
                + "     class 0       0.50      1.00      0.67         1\n"
                + "     class 1       0.00      0.00      0.00         1\n"
                + "     class 2       1.00      0.67      0.80         3\n"
                + "\n"
                + "    accuracy                           0.60         5\n"
                + "   macro avg       0.50      0.56      0.49         5\n"
                + "weighted avg       0.70      0.60      0.61         5\n");
    }

    @Test
    void reportMatchesScikitLearnUserGuideExampleAndIsTheToString() {
        // scikit-learn user guide, "Classification report": y_true = [0, 1, 2, 2, 0], y_pred = [0, 0, 2, 1, 0].
        // By hand: confusion [[2, 0, 0], [1, 0, 0], [0, 1, 1]]; precision 2/3, 0, 1; recall 1, 0, 1/2;
        //   F1 4/5, 0, 2/3; weighted P = (4/3 + 2)/5 = 2/3, F1 = (8/5 + 4/3)/5 = 0.587
        ConfusionMatrix matrix = ConfusionMatrix.of(
                new int[] {0, 1, 2, 2, 0}, new int[] {0, 0, 2, 1, 0}, List.of("class 0", "class 1", "class 2"));
        ClassificationMetrics metrics = ClassificationMetrics.of(matrix);

        assertThat(metrics.toString()).isEqualTo(""
                + "              precision    recall  f1-score   support\n"
                + "\n"
                + "     class 0       0.67      1.00      0.80         2\n"
                + "     class 1       0.00      0.00      0.00         1\n"
                + "     class 2       1.00      0.50      0.67         2\n"
                + "\n"
                + "    accuracy                           0.60         5\n"
                + "   macro avg       0.56      0.50      0.49         5\n"
                + "weighted avg       0.67      0.60      0.59         5\n");
    }

    @Test
    void reportWidensForLongNamesAndMoreDigits() {
        ConfusionMatrix matrix = ConfusionMatrix.of(
                new int[] {0, 1, 1}, new int[] {0, 1, 0}, List.of("not spam", "spam, definitely"));

        String report = ClassificationMetrics.of(matrix).format(4);

        // precision of "not spam" = 1/2, of the second class 1/1; recall 1/1 and 1/2; accuracy 2/3
        assertThat(report).contains("        not spam     0.5000    1.0000    0.6667         1\n");
        assertThat(report).contains("spam, definitely     1.0000    0.5000    0.6667         2\n");
        assertThat(report).contains("        accuracy                         0.6667         3\n");
    }

    @Test
    void roundsHalfEvenFromTheExactBinaryValueAsPythonDoes() {
        // 1/8 = 0.125 exactly: Python prints '%.2f' % 0.125 as 0.12 (a tie, rounded to even),
        // where String.format would print 0.13. Class 0 below has precision 1/8.
        int[] actual = {0, 1, 1, 1, 1, 1, 1, 1};
        int[] predicted = {0, 0, 0, 0, 0, 0, 0, 0};
        String report = ClassificationMetrics.of(actual, predicted, 2).format(2);

        assertThat(report).contains("           0       0.12      1.00      0.22         1\n");
    }

    @Test
    void rejectsNegativeDigitsAndOutOfRangeClasses() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 1}, 2);

        assertThatThrownBy(() -> metrics.format(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument digits: -1. Expected an integer >= 0.");
        assertThatThrownBy(() -> metrics.precision(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("Invalid value for argument classIndex: 2. Expected 0 <= classIndex < 2.");
    }

    @Test
    void factoryValidatesThroughTheConfusionMatrix() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 1}, new int[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: lengths 2 and 1."
                        + " Expected arrays of the same length, one label per example.");
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 2}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument actual[1]: 2. Expected a class index in [0, 2)"
                        + " for numClasses = 2.");
    }

    @Test
    void arrayAccessorsReturnCopies() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 0}, 2);

        metrics.precisions()[0] = 42;
        metrics.supports()[0] = 42;

        assertThat(metrics.precision(0)).isCloseTo(0.5, within(EXACT));
        assertThat(metrics.support(0)).isEqualTo(1);
    }
}
