package dev.plumb.nn;

import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

import dev.plumb.tensor.Matrix;

/**
 * The tests' reference for gradients: two-sided differences (f(θ+h) − f(θ−h)) / 2h, computed here,
 * independently of any backward code, and the note's relative error ‖a − b‖₂ / (‖a‖₂ + ‖b‖₂).
 */
final class FiniteDifferences {

    /** A step that balances the O(h²) truncation error against round-off for O(1) values in float64. */
    static final double STEP = 1e-5;

    private FiniteDifferences() {
    }

    /** ∂f/∂x_i for every i of a plain vector (x is restored afterwards). */
    static double[] gradient(double[] x, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            x[i] = saved + STEP;
            double plus = f.applyAsDouble(x);
            x[i] = saved - STEP;
            double minus = f.applyAsDouble(x);
            x[i] = saved;
            g[i] = (plus - minus) / (2 * STEP);
        }
        return g;
    }

    /** ∂f/∂m_i for every element of a float64 matrix that {@code f} reads (m is restored afterwards). */
    static double[] gradient(Matrix m, DoubleSupplier f) {
        double[] g = new double[m.size()];
        for (int i = 0; i < m.size(); i++) {
            double saved = m.get(i);
            m.set(i, saved + STEP);
            double plus = f.getAsDouble();
            m.set(i, saved - STEP);
            double minus = f.getAsDouble();
            m.set(i, saved);
            g[i] = (plus - minus) / (2 * STEP);
        }
        return g;
    }

    /** ‖a − b‖₂ / (‖a‖₂ + ‖b‖₂), and 0 when both are zero. */
    static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " and " + b.length + " differ");
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double denominator = Math.sqrt(na) + Math.sqrt(nb);
        return denominator == 0 ? 0 : Math.sqrt(diff) / denominator;
    }

    /** Row-major copy of a double[][] (the tests' naive references work on double[][]). */
    static double[] flatten(double[][] a) {
        int cols = a.length == 0 ? 0 : a[0].length;
        double[] out = new double[a.length * cols];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * cols, cols);
        }
        return out;
    }

    /** The matrix as double[][]. */
    static double[][] toArray(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            out[i] = m.row(i);
        }
        return out;
    }
}
