package dev.plumb.data;

import java.util.Arrays;

import dev.plumb.tensor.Matrix;

/**
 * Zero-mean, unit-variance scaling of each feature: x'' = (x − μ) / σ with μ = (1/m)Σx and the
 * population σ = √((1/m)Σ(x − μ)²), both computed on the <em>training</em> set only and then applied
 * unchanged to dev, test and every later prediction. A constant feature (σ = 0) is only centred: it is
 * divided by 1, so it becomes 0 rather than NaN.
 *
 * <p>Immutable once fitted; the only way to get one is {@link #fit}, whose name says what to pass.
 */
public final class Standardizer implements Normalizer {

    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits μ and σ on the training set's features; refuses a DEV or TEST split. */
    public static Standardizer fit(Dataset training) {
        training.role().requireFittable("standardizer", training.name());
        Matrix x = DenseFeatures.of(training.features(), "standard");
        int m = x.rows();
        int n = x.cols();
        if (m == 0) {
            throw new IllegalArgumentException("Invalid argument training: " + training.name()
                    + " has no examples; a standardizer needs at least one to fit");
        }
        double[] mean = new double[n];
        double[] var = new double[n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += x.get(i * n + j);
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= m;
        }
        for (int i = 0; i < m; i++) { // two passes: Σ(x − μ)² does not cancel catastrophically
            for (int j = 0; j < n; j++) {
                double d = x.get(i * n + j) - mean[j];
                var[j] += d * d;
            }
        }
        double[] std = new double[n];
        for (int j = 0; j < n; j++) {
            std[j] = Math.sqrt(var[j] / m);
        }
        return new Standardizer(mean, std);
    }

    /** Restores a fitted standardizer (from a model file). */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("Invalid standardizer: " + mean.length + " means but " + std.length
                    + " standard deviations; expected one of each per feature");
        }
        for (int j = 0; j < std.length; j++) {
            if (!Double.isFinite(mean[j]) || !(std[j] >= 0) || !Double.isFinite(std[j])) {
                throw new IllegalArgumentException("Invalid standardizer: feature " + j + " has mean " + mean[j]
                        + " and std " + std[j] + "; expected a finite mean and a finite std >= 0");
            }
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    @Override
    public String kind() {
        return "standard";
    }

    @Override
    public double[] offsets() {
        return mean();
    }

    @Override
    public double[] divisors() {
        double[] d = std();
        for (int j = 0; j < d.length; j++) {
            d[j] = d[j] == 0 ? 1 : d[j];
        }
        return d;
    }

    @Override
    public double[][] parameters() {
        return new double[][] {mean(), std()};
    }

    @Override
    public int featureCount() {
        return mean.length;
    }

    /** μ per feature (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** σ per feature (a copy); 0 for constant features. */
    public double[] std() {
        return std.clone();
    }

    /** (x − μ)/σ as a new matrix of the same precision. */
    @Override
    public Matrix transform(Matrix features) {
        Matrix x = DenseFeatures.of(features, "standard");
        if (x.cols() != mean.length) {
            throw new IllegalArgumentException("Invalid argument x: " + x.cols() + " features, but the standardizer was fitted on "
                    + mean.length);
        }
        Matrix out = x.zerosLike();
        int n = x.cols();
        for (int i = 0, size = x.size(); i < size; i++) {
            int j = i % n;
            double s = std[j] == 0 ? 1 : std[j];
            out.set(i, (x.get(i) - mean[j]) / s);
        }
        return out;
    }

    /** The data set with standardized features. */
    @Override
    public Dataset transform(Dataset data) {
        return data.withFeatures(transform(data.features()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }
}
