package dev.plumb.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegressionMetricsTest {

    private static final double EXACT = 1e-12;

    @Test
    void matchesScikitLearnDocstringExample() {
        // scikit-learn's mean_squared_error / mean_absolute_error / r2_score docstrings:
        //   y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8] → MSE 0.375, MAE 0.5, R² 0.948...
        // By hand: residuals 0.5, −0.5, 0, −1
        //   MSE = (0.25 + 0.25 + 0 + 1)/4 = 0.375;  RMSE = √0.375 = 0.6124;  MAE = (0.5 + 0.5 + 0 + 1)/4 = 0.5
        //   ȳ = 11.5/4 = 2.875; SS_tot = 0.125² + 3.375² + 0.875² + 4.125² = 29.1875; SS_res = 1.5
        //   R² = 1 − 1.5/29.1875 = 0.94861
        RegressionMetrics metrics = RegressionMetrics.of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0.0, 2, 8});

        assertThat(metrics.count()).isEqualTo(4);
        assertThat(metrics.mse()).isCloseTo(0.375, within(EXACT));
        assertThat(metrics.rmse()).isCloseTo(Math.sqrt(0.375), within(EXACT));
        assertThat(metrics.mae()).isCloseTo(0.5, within(EXACT));
        assertThat(metrics.r2()).isCloseTo(1 - 1.5 / 29.1875, within(EXACT));
        assertThat(metrics.r2()).isCloseTo(0.948, within(0.001));
    }

    @Test
    void multiOutputIsFlattened() {
        // scikit-learn's multi-output docstring example:
        //   y_true = [[0.5, 1], [-1, 1], [7, -6]], y_pred = [[0, 2], [-1, 2], [8, -5]] → MSE 0.708..., MAE 0.75
        // By hand over the 6 values: residuals 0.5, −1, 0, −1, −1, −1
        //   MSE = (0.25 + 1 + 0 + 1 + 1 + 1)/6 = 4.25/6;  MAE = (0.5 + 1 + 0 + 1 + 1 + 1)/6 = 0.75
        //   flattened R²: ȳ = 2.5/6, Σy² = 88.25, SS_tot = Σy² − nȳ² = 88.25 − 6.25/6 = 523.25/6,
        //   R² = 1 − 4.25/(523.25/6) = 1 − 25.5/523.25 = 0.95127 — not scikit-learn's default 0.936...,
        //   which averages the per-output R² (0.96544 and 0.90816).
        RegressionMetrics metrics = RegressionMetrics.of(
                new double[][] {{0.5, 1}, {-1, 1}, {7, -6}}, new double[][] {{0, 2}, {-1, 2}, {8, -5}});

        assertThat(metrics.count()).isEqualTo(6);
        assertThat(metrics.mse()).isCloseTo(4.25 / 6, within(EXACT));
        assertThat(metrics.mae()).isCloseTo(0.75, within(EXACT));
        assertThat(metrics.r2()).isCloseTo(1 - 25.5 / 523.25, within(EXACT));
        assertThat(metrics.r2()).isNotCloseTo(0.936, within(0.01));
    }

    @Test
    void flatteningEqualsTheOneDimensionalComputation() {
        RegressionMetrics flat = RegressionMetrics.of(new double[] {0.5, 1, -1, 1, 7, -6}, new double[] {0, 2, -1, 2, 8, -5});
        RegressionMetrics nested = RegressionMetrics.of(
                new double[][] {{0.5, 1}, {-1, 1}, {7, -6}}, new double[][] {{0, 2}, {-1, 2}, {8, -5}});

        assertThat(nested.mse()).isEqualTo(flat.mse());
        assertThat(nested.mae()).isEqualTo(flat.mae());
        assertThat(nested.r2()).isEqualTo(flat.r2());
    }

    @Test
    void perfectPredictionsHaveZeroErrorAndRSquaredOne() {
        double[] values = {1.5, -2, 0, 10};
        RegressionMetrics metrics = RegressionMetrics.of(values, values.clone());

        assertThat(metrics.mse()).isZero();
        assertThat(metrics.rmse()).isZero();
        assertThat(metrics.mae()).isZero();
        assertThat(metrics.r2()).isEqualTo(1.0);
    }

    @Test
    void predictingTheMeanGivesRSquaredZeroAndWorseGivesNegative() {
        // y = [1, 2, 3], ȳ = 2, SS_tot = 1 + 0 + 1 = 2
        //   ŷ = [2, 2, 2]: SS_res = 2 → R² = 0
        //   ŷ = [3, 2, 1]: SS_res = 4 + 0 + 4 = 8 → R² = 1 − 8/2 = −3 (scikit-learn's r2_score docstring: −3.0)
        assertThat(RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {2, 2, 2}).r2()).isCloseTo(0, within(EXACT));
        assertThat(RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {3, 2, 1}).r2()).isCloseTo(-3, within(EXACT));
    }

    @Test
    void constantActualValuesGiveRSquaredOneIfExactElseZero() {
        // SS_tot = 0: scikit-learn's force_finite=True convention (its docstring: 1.0 and 0.0)
        assertThat(RegressionMetrics.of(new double[] {-2, -2, -2}, new double[] {-2, -2, -2}).r2()).isEqualTo(1.0);
        assertThat(RegressionMetrics.of(new double[] {-2, -2, -2}, new double[] {-2, -2, -2 + 1e-8}).r2()).isEqualTo(0.0);
    }

    @Test
    void rSquaredIsStableForLargeOffsets() {
        // the same problem shifted by 1e9: Σy² − nȳ² would lose every digit, centred sums do not
        double shift = 1e9;
        RegressionMetrics metrics = RegressionMetrics.of(
                new double[] {shift + 1, shift + 2, shift + 3}, new double[] {shift + 3, shift + 2, shift + 1});

        assertThat(metrics.r2()).isCloseTo(-3, within(1e-6));
    }

    @Test
    void rejectsArraysOfDifferentLengthsNamingBoth() {
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: lengths 3 and 2. Expected arrays of the same length.");
        assertThatThrownBy(() -> RegressionMetrics.of(new double[][] {{1}, {2}}, new double[][] {{1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: lengths 2 and 1. Expected arrays of the same length.");
        assertThatThrownBy(() -> RegressionMetrics.of(new double[][] {{1, 2}, {2, 3}}, new double[][] {{1, 2}, {2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual[1] and predicted[1]: lengths 2 and 1."
                        + " Expected arrays of the same length.");
    }

    @Test
    void rejectsRaggedMultiOutputArrays() {
        assertThatThrownBy(() -> RegressionMetrics.of(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument actual[1]: length 1. Expected a rectangular array,"
                        + " every row of length 2 like actual[0].");
    }

    @Test
    void rejectsEmptyArrays() {
        assertThatThrownBy(() -> RegressionMetrics.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: empty arrays. Expected at least one value.");
        assertThatThrownBy(() -> RegressionMetrics.of(new double[][] {{}, {}}, new double[][] {{}, {}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid arguments actual and predicted: empty arrays. Expected at least one value.");
    }

    @Test
    void rejectsNonFiniteValuesNamingTheElement() {
        assertThatThrownBy(() -> RegressionMetrics.of(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument actual[1]: NaN. Expected a finite number.");
        assertThatThrownBy(() -> RegressionMetrics.of(
                new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 2}, {Double.POSITIVE_INFINITY, 4}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument predicted[1][0]: Infinity. Expected a finite number.");
    }
}
