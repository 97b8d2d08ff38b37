package dev.plumb.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Invariants of the metrics on random label arrays: 1 to 6 classes, 1 to 60 examples. Each property runs
 * on the edge cases below and on {@value #RANDOM_CASES} seeded random problems; a failing case names its
 * seed, and {@code labels(seed)} rebuilds it.
 */
class ClassificationMetricsPropertiesTest {

    private static final int MAX_CLASSES = 6;
    private static final int MAX_EXAMPLES = 60;
    private static final int RANDOM_CASES = 300;

    /** Surefire's console names a parameterized case by its index; this puts its display name, the seed, in the message. */
    @RegisterExtension
    static final TestExecutionExceptionHandler NAME_THE_CASE = (context, thrown) -> {
        throw new AssertionError(context.getDisplayName() + ": " + thrown.getMessage(), thrown);
    };

    /** Actual and predicted labels of one problem. */
    record Labels(int numClasses, int[] actual, int[] predicted) {
    }

    /** The problem of one seed: numClasses in [1, 6], n in [1, 60], every label uniform in [0, numClasses). */
    static Labels labels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int numClasses = 1 + random.nextInt(MAX_CLASSES);
        int n = 1 + random.nextInt(MAX_EXAMPLES);
        return new Labels(numClasses, random.ints(n, 0, numClasses).toArray(), random.ints(n, 0, numClasses).toArray());
    }

    static Stream<Named<Labels>> problems() {
        int[] ramp = IntStream.range(0, MAX_EXAMPLES).map(k -> k % MAX_CLASSES).toArray();
        Stream<Named<Labels>> edgeCases = Stream.of(
                Named.of("one example, one class", new Labels(1, new int[] {0}, new int[] {0})),
                Named.of("one example, wrong", new Labels(MAX_CLASSES, new int[] {0}, new int[] {MAX_CLASSES - 1})),
                Named.of("60 examples, one class", new Labels(1, new int[MAX_EXAMPLES], new int[MAX_EXAMPLES])),
                Named.of("all in class 0, all predicted 0, 5 classes never seen",
                        new Labels(MAX_CLASSES, new int[MAX_EXAMPLES], new int[MAX_EXAMPLES])),
                Named.of("all in class 0, all predicted the last class",
                        new Labels(MAX_CLASSES, new int[MAX_EXAMPLES], filled(MAX_CLASSES - 1))),
                Named.of("all in the last class, all predicted 0",
                        new Labels(MAX_CLASSES, filled(MAX_CLASSES - 1), new int[MAX_EXAMPLES])),
                Named.of("every class, all right", new Labels(MAX_CLASSES, ramp, ramp.clone())),
                Named.of("every class, all wrong by one",
                        new Labels(MAX_CLASSES, ramp, Arrays.stream(ramp).map(c -> (c + 1) % MAX_CLASSES).toArray())),
                Named.of("two classes, swapped", new Labels(2, new int[] {0, 1}, new int[] {1, 0})));
        Stream<Named<Labels>> random = IntStream.rangeClosed(1, RANDOM_CASES)
                .mapToObj(seed -> Named.of("seed " + seed, labels(seed)));
        return Stream.concat(edgeCases, random);
    }

    private static int[] filled(int label) {
        int[] labels = new int[MAX_EXAMPLES];
        Arrays.fill(labels, label);
        return labels;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void accuracyIsTheFractionOfEqualLabels(Labels labels) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyScoreLiesInTheUnitInterval(Labels labels) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void f1IsTheHarmonicMeanOfPrecisionAndRecall(Labels labels) {
        ClassificationMetrics metrics = ClassificationMetrics.of(labels.actual(), labels.predicted(), labels.numClasses());

        for (int c = 0; c < metrics.numClasses(); c++) {
            double p = metrics.precision(c);
            double r = metrics.recall(c);
            double harmonic = p + r == 0 ? 0 : 2 * p * r / (p + r);
            assertThat(metrics.f1(c)).isCloseTo(harmonic, within(1e-12));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void supportsSumToTheTotalAndWeightedRecallIsAccuracy(Labels labels) {
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
