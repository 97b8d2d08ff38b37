package dev.plumb.eval;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Invariants of the metrics on random label arrays. */
class ClassificationMetricsPropertiesTest {

    /** Actual and predicted labels of one random problem. */
    record Labels(int numClasses, int[] actual, int[] predicted) {
    }

    @Provide
    Arbitrary<Labels> labels() {
        return Arbitraries.integers().between(1, 6).flatMap(numClasses ->
                Arbitraries.integers().between(1, 60).flatMap(n -> {
                    Arbitrary<int[]> array = Arbitraries.integers().between(0, numClasses - 1)
                            .array(int[].class).ofSize(n);
                    return array.flatMap(actual -> array.map(predicted -> new Labels(numClasses, actual, predicted)));
                }));
    }

    @Property(tries = 300)
    void accuracyIsTheFractionOfEqualLabels(@ForAll("labels") Labels labels) {
        int equal = 0;
        for (int k = 0; k < labels.actual().length; k++) {
            equal += labels.actual()[k] == labels.predicted()[k] ? 1 : 0;
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(labels.actual(), labels.predicted(), labels.numClasses());

        assertThat(metrics.accuracy()).isEqualTo((double) equal / labels.actual().length);
        assertThat(metrics.accuracy())
                .isEqualTo((double) metrics.confusionMatrix().trace() / metrics.confusionMatrix().total());
        assertThat(metrics.error()).isCloseTo(1 - metrics.accuracy(), within(1e-15));
    }

    @Property(tries = 300)
    void everyScoreLiesInTheUnitInterval(@ForAll("labels") Labels labels) {
        ClassificationMetrics metrics = ClassificationMetrics.of(labels.actual(), labels.predicted(), labels.numClasses());

        for (double[] perClass : new double[][] {metrics.precisions(), metrics.recalls(), metrics.f1Scores()}) {
            for (double value : perClass) {
                assertThat(value).isBetween(0.0, 1.0);
            }
        }
        for (double average : new double[] {metrics.macroPrecision(), metrics.macroRecall(), metrics.macroF1(),
                metrics.weightedPrecision(), metrics.weightedRecall(), metrics.weightedF1()}) {
            assertThat(average).isBetween(0.0, 1.0);
        }
    }

    @Property(tries = 300)
    void f1IsTheHarmonicMeanOfPrecisionAndRecall(@ForAll("labels") Labels labels) {
        ClassificationMetrics metrics = ClassificationMetrics.of(labels.actual(), labels.predicted(), labels.numClasses());

        for (int c = 0; c < metrics.numClasses(); c++) {
            double p = metrics.precision(c);
            double r = metrics.recall(c);
            double harmonic = p + r == 0 ? 0 : 2 * p * r / (p + r);
            assertThat(metrics.f1(c)).isCloseTo(harmonic, within(1e-12));
        }
    }

    @Property(tries = 300)
    void supportsSumToTheTotalAndWeightedRecallIsAccuracy(@ForAll("labels") Labels labels) {
        ClassificationMetrics metrics = ClassificationMetrics.of(labels.actual(), labels.predicted(), labels.numClasses());

        long sum = 0;
        for (long support : metrics.supports()) {
            sum += support;
        }
        assertThat(sum).isEqualTo(labels.actual().length);
        // Σ_c support(c)·TP(c)/support(c) / N = Σ_c TP(c) / N
        assertThat(metrics.weightedRecall()).isCloseTo(metrics.accuracy(), within(1e-12));
    }
}
