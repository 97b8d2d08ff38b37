package dev.plumb.data;

import java.util.Arrays;

import dev.plumb.tensor.Matrix;

/**
 * Min-max scaling of each feature to [0, 1] on the training set: x' = (x − min) / (max − min), with
 * min and max taken on the <em>training</em> split only and applied unchanged to dev, test and later
 * predictions (which may therefore fall outside [0, 1]). A constant feature (max = min) is only shifted,
 * x − min (divided by 1, as the standardizer does with σ = 0): 0 on the training data, never NaN.
 */
public final class MinMaxScaler implements Normalizer {

    private final double[] min;
    private final double[] max;

    private MinMaxScaler(double[] min, double[] max) {
        this.min = min;
        this.max = max;
    }

    /** Fits min and max on the training split's features; refuses a DEV or TEST split. */
    public static MinMaxScaler fit(Dataset training) {
        training.role().requireFittable("min-max scaler", training.name());
        Matrix x = DenseFeatures.of(training.features(), "minmax");
        int m = x.rows();
        int n = x.cols();
        if (m == 0) {
            throw new IllegalArgumentException("Invalid argument training: " + training.name()
                    + " has no examples; a min-max scaler needs at least one to fit");
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = x.get(i * n + j);
                lo[j] = Math.min(lo[j], v);
                hi[j] = Math.max(hi[j], v);
            }
        }
        return new MinMaxScaler(lo, hi);
    }

    /** Restores a fitted scaler (from a model file). */
    public static MinMaxScaler of(double[] min, double[] max) {
        if (min.length != max.length) {
            throw new IllegalArgumentException("Invalid min-max scaler: " + min.length + " minima but " + max.length
                    + " maxima; expected one of each per feature");
        }
        for (int j = 0; j < min.length; j++) {
            if (!Double.isFinite(min[j]) || !Double.isFinite(max[j]) || max[j] < min[j]) {
                throw new IllegalArgumentException("Invalid min-max scaler: feature " + j + " has min " + min[j]
                        + " and max " + max[j] + "; expected finite values with min <= max");
            }
        }
        return new MinMaxScaler(min.clone(), max.clone());
    }

    @Override
    public String kind() {
        return "minmax";
    }

    @Override
    public int featureCount() {
        return min.length;
    }

    public double[] min() {
        return min.clone();
    }

    public double[] max() {
        return max.clone();
    }

    @Override
    public double[] offsets() {
        return min();
    }

    @Override
    public double[] divisors() {
        double[] d = new double[min.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = max[j] == min[j] ? 1 : max[j] - min[j];
        }
        return d;
    }

    @Override
    public double[][] parameters() {
        return new double[][] {min(), max()};
    }

    @Override
    public Matrix transform(Matrix features) {
        Matrix x = DenseFeatures.of(features, "minmax");
        if (x.cols() != min.length) {
            throw new IllegalArgumentException("Invalid argument x: " + x.cols()
                    + " features, but the min-max scaler was fitted on " + min.length);
        }
        Matrix out = x.zerosLike();
        int n = x.cols();
        for (int i = 0, size = x.size(); i < size; i++) {
            int j = i % n;
            double range = max[j] - min[j];
            out.set(i, (x.get(i) - min[j]) / (range == 0 ? 1 : range));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler s && Arrays.equals(min, s.min) && Arrays.equals(max, s.max);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(min) + Arrays.hashCode(max);
    }
}
