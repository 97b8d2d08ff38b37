package dev.plumb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class StandardizerTest {

    // column 0: μ = 3, Σ(x−μ)² = 4+1+0+9 = 14; column 1: μ = 15, Σ(x−μ)² = 25+25+225+225 = 500; column 2 constant
    private static final double[][] TRAIN = {{1, 10, 5}, {2, 20, 5}, {3, 30, 5}, {6, 0, 5}};
    private static final double[] MEAN = {3, 15, 5};
    private static final double[] POPULATION_STD = {Math.sqrt(14 / 4.0), Math.sqrt(500 / 4.0), 0};

    @Test
    void fitGivesTheMeanAndThePopulationStandardDeviation() {
        Standardizer s = Standardizer.fit(regression(TRAIN));
        assertThat(s.featureCount()).isEqualTo(3);
        assertThat(s.mean()).containsExactly(MEAN, within(1e-15));
        assertThat(s.std()).containsExactly(POPULATION_STD, within(1e-14));
        assertThat(s.std()[0]).as("not the sample std √(14/3)").isNotCloseTo(Math.sqrt(14 / 3.0), within(1e-3));
    }

    @Test
    void transformedTrainingFeaturesHaveMeanZeroAndStdOneAndAConstantFeatureBecomesZero() {
        Matrix x = Standardizer.fit(regression(TRAIN)).transform(Matrix.of(DType.FLOAT64, TRAIN));
        assertThat(x.allFinite()).isTrue();
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (int i = 0; i < x.rows(); i++) {
                mean += x.get(i, j);
            }
            mean /= x.rows();
            double var = 0;
            for (int i = 0; i < x.rows(); i++) {
                var += (x.get(i, j) - mean) * (x.get(i, j) - mean);
            }
            assertThat(mean).as("mean of column %d", j).isCloseTo(0, within(1e-15));
            assertThat(Math.sqrt(var / x.rows())).as("std of column %d", j).isCloseTo(1, within(1e-14));
        }
        for (int i = 0; i < x.rows(); i++) {
            assertThat(x.get(i, 2)).as("constant feature, row %d", i).isEqualTo(0.0);
        }
        assertThat(x.get(3, 0)).isCloseTo((6 - 3) / Math.sqrt(3.5), within(1e-15));
    }

    @Test
    void devDataIsTransformedWithTheTrainingStatisticsNotItsOwn() {
        Standardizer s = Standardizer.fit(regression(TRAIN));
        double[][] dev = {{4, 25, 7}, {5, 35, 7}};
        Dataset transformed = s.transform(regression(dev));
        Matrix x = transformed.features();
        // with the training μ and σ (constant column: centred and divided by 1)
        assertThat(x.row(0)).containsExactly(new double[] {1 / Math.sqrt(3.5), 10 / Math.sqrt(125), 2}, within(1e-14));
        assertThat(x.row(1)).containsExactly(new double[] {2 / Math.sqrt(3.5), 20 / Math.sqrt(125), 2}, within(1e-14));
        // dev's own statistics would have centred it: its mean would be 0, it is not
        assertThat(x.get(0, 0) + x.get(1, 0)).isGreaterThan(1);
        assertThat(transformed.targets().contentEquals(regression(dev).targets())).isTrue();
        assertThat(s).as("transforming did not refit").isEqualTo(Standardizer.fit(regression(TRAIN)));
    }

    @Test
    void worksInFloat32() {
        Matrix x32 = Matrix.of(DType.FLOAT32, TRAIN);
        Standardizer s = Standardizer.fit(new Dataset("f32", x32, Matrix.zeros(DType.FLOAT32, 4, 1), null, List.of()));
        Matrix x = s.transform(x32);
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.get(3, 0)).isCloseTo(3 / Math.sqrt(3.5), within(1e-6));
    }

    @Test
    void statisticsAreCopiesAndOfRestoresAnEqualStandardizer() {
        Standardizer s = Standardizer.fit(regression(TRAIN));
        s.mean()[0] = 99;
        s.std()[0] = 99;
        assertThat(s.mean()[0]).isEqualTo(3);
        Standardizer restored = Standardizer.of(MEAN, POPULATION_STD);
        assertThat(restored.transform(Matrix.of(DType.FLOAT64, TRAIN)).contentEquals(s.transform(Matrix.of(DType.FLOAT64, TRAIN))))
                .isTrue();
    }

    @Test
    void ofRejectsInconsistentOrNonFiniteStatisticsNamingTheFeature() {
        assertThatThrownBy(() -> Standardizer.of(new double[] {0, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 means")
                .hasMessageContaining("1 standard deviations");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0, Double.NaN}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 1")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0, 0}, new double[] {-1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature 0")
                .hasMessageContaining("std -1.0")
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
    }

    @Test
    void fitOnNoExamplesAndTransformOfTheWrongWidthAreRejected() {
        assertThatThrownBy(() -> Standardizer.fit(regression(new double[0][0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no examples");
        Standardizer s = Standardizer.fit(regression(TRAIN));
        assertThatThrownBy(() -> s.transform(Matrix.zeros(DType.FLOAT64, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 features")
                .hasMessageContaining("fitted on 3");
    }

    private static Dataset regression(double[][] features) {
        Matrix y = Matrix.zeros(DType.FLOAT64, features.length, 1);
        for (int i = 0; i < features.length; i++) {
            y.set(i, 0, i);
        }
        return new Dataset("toy", Matrix.of(DType.FLOAT64, features), y, null, List.of());
    }
}
