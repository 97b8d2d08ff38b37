package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class SparkStandardizerTest {

    private static final Split SPLIT = new Split(0.6, 0.2, 0.2, 3L, true);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    /**
     * Fitted on the training part only, by per-partition (count, mean, M2) merged across 1, 2 and 7 partitions: the
     * core's single-machine fit on the same training rows to 1e-12 relative, |spark − core| ≤ 1e-12·|core| for every
     * mean and σ (a constant feature's σ, 0 in the core, must be 0 exactly). The digits (small integers, 19 constant
     * or nearly constant pixels) and Gaussian features far from 0 (mean 1000, σ from 0.01 to 100).
     */
    @Test
    void fitOnTrainEqualsTheCoresStandardizerOnTheSameRowsForAnyPartitioning() {
        for (Dataset data : List.of(Digits.load(DType.FLOAT64), offsetGaussians())) {
            Dataset train = LocalContentHashSplit.apply(SPLIT, data).train();
            Standardizer core = Standardizer.fit(train);
            for (int partitions : new int[] {1, 2, 7}) {
                org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = SparkRows.of(spark, data, partitions);
                Standardizer distributed = partitions == 7
                        ? SparkStandardizer.fit(SparkSplit.apply(SPLIT, rows, data.classNames())) // the whole split
                        : SparkStandardizer.fitTrainingRows(SparkSplit.part(SparkSplit.assign(SPLIT, rows), 0)); // the map only
                assertRelative(distributed.mean(), core.mean(), data.name() + " means, " + partitions + " partitions");
                assertRelative(distributed.std(), core.std(), data.name() + " σ, " + partitions + " partitions");
            }
        }
    }

    @Test
    void mergingPartsGivesTheStatisticsOfTheWhole() {
        SplittableRandom rng = new SplittableRandom(11);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new double[] {rng.nextGaussian() * 3 + 50, i % 2 == 0 ? 1 : -1, 7});
        }
        Moments whole = Moments.of(rows);
        Moments merged = Moments.merge(Moments.merge(Moments.of(rows.subList(0, 1)), Moments.EMPTY),
                Moments.merge(Moments.of(rows.subList(1, 400)), Moments.of(rows.subList(400, 1000))));
        assertThat(merged.count).isEqualTo(1000);
        assertRelative(merged.mean, whole.mean, "means");
        assertRelative(merged.m2, whole.m2, "M2");
        assertThat(merged.m2[2]).isZero();
    }

    private static void assertRelative(double[] actual, double[] expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < expected.length; j++) {
            assertThat(Math.abs(actual[j] - expected[j])).as("%s, feature %d: %s vs %s", what, j, actual[j], expected[j])
                    .isLessThanOrEqualTo(1e-12 * Math.abs(expected[j]));
        }
    }

    private static Dataset offsetGaussians() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3000;
        double[] scales = {0.01, 1, 100};
        double[] x = new double[n * scales.length];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < scales.length; j++) {
                x[i * scales.length + j] = 1000 + scales[j] * rng.nextGaussian();
            }
        }
        return Dataset.classification("gaussians", Matrix.fromRowMajor(DType.FLOAT64, n, scales.length, x), labels,
                List.of("even", "odd"));
    }
}
