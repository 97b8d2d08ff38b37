package dev.plumb.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Count, mean and M2 = Σ(x − mean)² per feature of a set of rows, and the merge of two such sets: what fits a
 * standardizer from per-partition statistics.
 *
 * <p><b>The merge.</b> Let A and B be disjoint with counts n_A, n_B, means μ_A, μ_B and M2_A, M2_B; n = n_A + n_B
 * and δ = μ_B − μ_A. The mean of A ∪ B is μ = (n_A μ_A + n_B μ_B)/n = μ_A + δ·n_B/n, so μ_A − μ = −δ·n_B/n and
 * μ_B − μ = δ·n_A/n. Over A, Σ(x − μ)² = Σ((x − μ_A) + (μ_A − μ))² = M2_A + 2(μ_A − μ)Σ(x − μ_A) + n_A(μ_A − μ)²,
 * and the middle sum is 0 by the definition of μ_A; so Σ_A(x − μ)² = M2_A + n_A δ² n_B²/n², likewise
 * Σ_B(x − μ)² = M2_B + n_B δ² n_A²/n², and their sum is
 * <pre>   M2 = M2_A + M2_B + δ²·n_A·n_B·(n_B + n_A)/n² = M2_A + M2_B + δ²·n_A·n_B/n.</pre>
 * Both updates use only differences of means, never Σx² − nμ², so nothing cancels catastrophically; the merge is
 * exact in real arithmetic, hence independent of how the rows were partitioned up to round-off.
 *
 * <p>Within a partition {@link #of} makes two passes as the core's {@code Standardizer.fit} does (sum, divide,
 * then Σ(x − μ)²), so one partition gives the core's numbers bit for bit.
 */
final class Moments implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The statistics of no rows (an empty partition): the identity of {@link #merge}. */
    static final Moments EMPTY = new Moments(0, new double[0], new double[0]);

    final long count;
    final double[] mean;
    final double[] m2;

    Moments(long count, double[] mean, double[] m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    /** The statistics of these rows (each of the same length), two passes. */
    static Moments of(List<double[]> rows) {
        if (rows.isEmpty()) {
            return EMPTY;
        }
        int n = rows.get(0).length;
        int m = rows.size();
        double[] mean = new double[n];
        double[] m2 = new double[n];
        for (double[] x : rows) {
            if (x.length != n) {
                throw new IllegalArgumentException("Invalid row: " + x.length + " features, but the first row has " + n);
            }
            for (int j = 0; j < n; j++) {
                mean[j] += x[j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= m;
        }
        for (double[] x : rows) {
            for (int j = 0; j < n; j++) {
                double d = x[j] - mean[j];
                m2[j] += d * d;
            }
        }
        return new Moments(m, mean, m2);
    }

    /** The statistics of the union of the two sets of rows (a new object; neither is changed). */
    static Moments merge(Moments a, Moments b) {
        if (a.count == 0) {
            return b;
        }
        if (b.count == 0) {
            return a;
        }
        if (a.mean.length != b.mean.length) {
            throw new IllegalArgumentException("Invalid rows: " + a.mean.length + " features in one partition, "
                    + b.mean.length + " in another");
        }
        long n = a.count + b.count;
        double[] mean = new double[a.mean.length];
        double[] m2 = new double[a.mean.length];
        double nb = (double) b.count / n;
        double nanb = (double) a.count * b.count / n;
        for (int j = 0; j < mean.length; j++) {
            double delta = b.mean[j] - a.mean[j];
            mean[j] = a.mean[j] + delta * nb;
            m2[j] = a.m2[j] + b.m2[j] + delta * delta * nanb;
        }
        return new Moments(n, mean, m2);
    }

    /** The population standard deviation √(M2/n) per feature. */
    double[] std() {
        double[] s = new double[m2.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.sqrt(m2[j] / count);
        }
        return s;
    }
}
