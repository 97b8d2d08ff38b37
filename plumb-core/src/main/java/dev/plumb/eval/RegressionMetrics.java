package dev.plumb.eval;

import dev.plumb.tensor.Checks;

import java.util.Objects;

/**
 * Error of a regressor's predictions ŷ against the actual values y, over n values:
 * <ul>
 *   <li>MSE = (1/n) Σ (y_i − ŷ_i)²</li>
 *   <li>RMSE = √MSE, in the units of y</li>
 *   <li>MAE = (1/n) Σ |y_i − ŷ_i|</li>
 *   <li>R² = 1 − SS_res / SS_tot, with SS_res = Σ (y_i − ŷ_i)² and SS_tot = Σ (y_i − ȳ)², ȳ = (1/n) Σ y_i:
 *       1 for perfect predictions, 0 for always predicting ȳ, negative for worse than that</li>
 * </ul>
 * When the actual values are all equal (SS_tot = 0) R² is 1 if the predictions are exact and 0
 * otherwise, as scikit-learn's {@code r2_score} does with its default {@code force_finite=True}.
 *
 * <p><b>Multi-output.</b> For {@code double[examples][outputs]} the values are flattened into one
 * list of n = examples·outputs values. MSE, RMSE and MAE then equal scikit-learn's default
 * ({@code multioutput='uniform_average'}); R² does not: it is the R² of the flattened values, with ȳ
 * the grand mean, i.e. {@code r2_score(y.ravel(), y_pred.ravel())}, not the mean of per-output R².
 *
 * <p>Immutable.
 */
public final class RegressionMetrics {

    private final long count;
    private final double mse;
    private final double mae;
    private final double r2;

    private RegressionMetrics(long count, double mse, double mae, double r2) {
        this.count = count;
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
    }

    /**
     * Metrics of {@code predicted} against {@code actual}: same non-zero length, finite values.
     */
    public static RegressionMetrics of(double[] actual, double[] predicted) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        checkLengths("actual", "predicted", actual.length, predicted.length);
        return of(new double[][] {actual}, new double[][] {predicted}, false);
    }

    /**
     * Metrics of multi-output predictions {@code predicted[example][output]} against
     * {@code actual[example][output]}, flattened (see the class comment for what that means for R²).
     * Both must have the same rectangular shape with at least one value, and hold finite values.
     */
    public static RegressionMetrics of(double[][] actual, double[][] predicted) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        checkLengths("actual", "predicted", actual.length, predicted.length);
        return of(actual, predicted, true);
    }

    private static RegressionMetrics of(double[][] actual, double[][] predicted, boolean rowsAreExamples) {
        int outputs = -1;
        long n = 0;
        for (int i = 0; i < actual.length; i++) {
            Objects.requireNonNull(actual[i], "actual[" + i + "]");
            Objects.requireNonNull(predicted[i], "predicted[" + i + "]");
            checkLengths("actual[" + i + "]", "predicted[" + i + "]", actual[i].length, predicted[i].length);
            if (outputs < 0) {
                outputs = actual[i].length;
            } else if (actual[i].length != outputs) {
                throw new IllegalArgumentException("Invalid value for argument actual[" + i + "]: length "
                        + actual[i].length + ". Expected a rectangular array, every row of length " + outputs
                        + " like actual[0].");
            }
            for (int j = 0; j < actual[i].length; j++) {
                checkFinite("actual", i, j, actual[i][j], rowsAreExamples);
                checkFinite("predicted", i, j, predicted[i][j], rowsAreExamples);
            }
            n += actual[i].length;
        }
        if (n == 0) {
            throw new IllegalArgumentException("Invalid arguments actual and predicted: empty arrays."
                    + " Expected at least one value.");
        }

        // two passes: the mean first, so SS_tot sums centred squares instead of Σy² − nȳ² (cancellation)
        double sum = 0;
        for (double[] row : actual) {
            for (double y : row) {
                sum += y;
            }
        }
        double mean = sum / n;
        double ssRes = 0;
        double ssTot = 0;
        double absSum = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                double residual = actual[i][j] - predicted[i][j];
                ssRes += residual * residual;
                absSum += Math.abs(residual);
                double centred = actual[i][j] - mean;
                ssTot += centred * centred;
            }
        }
        double r2;
        if (ssTot == 0) {
            r2 = ssRes == 0 ? 1.0 : 0.0;
        } else {
            r2 = 1.0 - ssRes / ssTot;
        }
        return new RegressionMetrics(n, ssRes / n, absSum / n, r2);
    }

    private static void checkLengths(String first, String second, int firstLength, int secondLength) {
        if (firstLength != secondLength) {
            throw new IllegalArgumentException("Invalid arguments " + first + " and " + second + ": lengths "
                    + firstLength + " and " + secondLength + ". Expected arrays of the same length.");
        }
    }

    private static void checkFinite(String argument, int i, int j, double value, boolean rowsAreExamples) {
        if (!Double.isFinite(value)) {
            String element = rowsAreExamples ? argument + "[" + i + "][" + j + "]" : argument + "[" + j + "]";
            Checks.finite(element, value);
        }
    }

    /** Number of values compared, n (examples × outputs for multi-output). */
    public long count() {
        return count;
    }

    /** Mean squared error, (1/n) Σ (y − ŷ)². */
    public double mse() {
        return mse;
    }

    /** Root mean squared error, √MSE. */
    public double rmse() {
        return Math.sqrt(mse);
    }

    /** Mean absolute error, (1/n) Σ |y − ŷ|. */
    public double mae() {
        return mae;
    }

    /** Coefficient of determination, 1 − SS_res / SS_tot (see the class comment for SS_tot = 0). */
    public double r2() {
        return r2;
    }

    @Override
    public String toString() {
        return "RegressionMetrics[n=" + count + ", mse=" + mse + ", rmse=" + rmse() + ", mae=" + mae
                + ", r2=" + r2 + "]";
    }
}
