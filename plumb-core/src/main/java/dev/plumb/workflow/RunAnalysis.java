package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.health.HealthReport;
import dev.plumb.diagnose.health.InitializationAuditReport;
import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;

/**
 * What a run directory's report shows beyond the run record, computed once when the run ends and saved
 * as {@code analysis.json}, so that rendering the report never needs the model or the data: the test set's
 * confusion matrix and per-class scores, weight histograms, and for two-feature data the decision boundary.
 *
 * @param test      per-class precision, recall, F1 and the confusion matrix on the test set (null for regression
 *                  or without a test set)
 * @param weights   one histogram per weight matrix
 * @param boundary  the predicted class over a grid of the two input features (null unless there are two)
 * @param biasVariance the bias/variance verdict and recipe from final train and dev error (null for regression or
 *                  without a dev set)
 * @param gradientCheck the gradient check of the trained network (null if not run)
 * @param health    per-layer activation and gradient statistics by epoch, with vanishing/exploding warnings
 * @param initialization the audit of the network at initialization
 */
public record RunAnalysis(TestReport test, List<WeightHistogram> weights, DecisionBoundary boundary,
                          BiasVarianceReport biasVariance, GradientCheckReport gradientCheck, HealthReport health,
                          InitializationAuditReport initialization) {

    public RunAnalysis {
        weights = weights == null ? List.of() : List.copyOf(weights);
    }

    /**
     * The test set, evaluated once.
     *
     * @param classNames  class names by index
     * @param confusion   counts[actual][predicted]
     * @param precision   per class
     * @param recall      per class
     * @param f1          per class
     * @param support     examples per class
     * @param accuracy    overall
     * @param macroF1     mean of the per-class F1
     */
    public record TestReport(List<String> classNames, long[][] confusion, double[] precision, double[] recall, double[] f1,
                             long[] support, double accuracy, double macroPrecision, double macroRecall, double macroF1) {

        static TestReport of(ClassificationMetrics m) {
            return new TestReport(m.confusionMatrix().classNames(), m.confusionMatrix().counts(), m.precisions(), m.recalls(),
                    m.f1Scores(), m.supports(), m.accuracy(), m.macroPrecision(), m.macroRecall(), m.macroF1());
        }
    }

    /**
     * The distribution of one weight matrix's values.
     *
     * @param name   "W1", …
     * @param min    left edge of the first bin
     * @param max    right edge of the last bin
     * @param counts weights per bin, equal-width bins
     */
    public record WeightHistogram(String name, double min, double max, int[] counts) {

        static final int BINS = 30;

        static WeightHistogram of(String name, Matrix w) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < w.size(); i++) {
                lo = Math.min(lo, w.get(i));
                hi = Math.max(hi, w.get(i));
            }
            if (!(hi > lo)) { // all equal (e.g. zeros): one centred bin
                lo -= 0.5;
                hi += 0.5;
            }
            int[] counts = new int[BINS];
            for (int i = 0; i < w.size(); i++) {
                int bin = (int) ((w.get(i) - lo) / (hi - lo) * BINS);
                counts[Math.min(BINS - 1, Math.max(0, bin))]++;
            }
            return new WeightHistogram(name, lo, hi, counts);
        }
    }

    /**
     * The classifier's decision over the plane of two features, in the data's own units.
     *
     * @param xName     first feature's name
     * @param yName     second feature's name
     * @param xMin      grid range
     * @param xMax      grid range
     * @param yMin      grid range
     * @param yMax      grid range
     * @param size      cells per side
     * @param cells     predicted class per cell, row by row from yMin, left to right from xMin
     * @param points    up to 400 training examples: x, y, class
     */
    public record DecisionBoundary(String xName, String yName, double xMin, double xMax, double yMin, double yMax, int size,
                                   int[] cells, double[][] points) {

        static final int SIZE = 60;
        static final int MAX_POINTS = 400;
    }

    /** This analysis with the bias/variance report replaced. */
    public RunAnalysis withBiasVariance(BiasVarianceReport report) {
        return new RunAnalysis(test, weights, boundary, report, gradientCheck, health, initialization);
    }

    /** This analysis with a gradient check report. */
    public RunAnalysis withGradientCheck(GradientCheckReport report) {
        return new RunAnalysis(test, weights, boundary, biasVariance, report, health, initialization);
    }

    /** This analysis with the training's gradient health and the initialization audit. */
    public RunAnalysis withHealth(HealthReport healthReport, InitializationAuditReport audit) {
        return new RunAnalysis(test, weights, boundary, biasVariance, gradientCheck, healthReport, audit);
    }

    /** Computes the analysis of a finished run: {@code train} and {@code test} are the raw (unnormalized) parts. */
    public static RunAnalysis of(Network network, Normalizer normalizer, Dataset train, ClassificationMetrics testMetrics) {
        List<WeightHistogram> histograms = new ArrayList<>();
        for (var e : network.parameters().entrySet()) {
            Parameter p = e.getValue();
            if (p.regularized()) {
                histograms.add(WeightHistogram.of(e.getKey(), p.value()));
            }
        }
        DecisionBoundary boundary = train.featureCount() == 2 && train.isClassification()
                ? boundary(network, normalizer, train) : null;
        return new RunAnalysis(testMetrics == null ? null : TestReport.of(testMetrics), histograms, boundary, null, null, null, null);
    }

    private static DecisionBoundary boundary(Network network, Normalizer normalizer, Dataset train) {
        Matrix x = train.features();
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < 2; j++) {
                lo[j] = Math.min(lo[j], x.get(i, j));
                hi[j] = Math.max(hi[j], x.get(i, j));
            }
        }
        for (int j = 0; j < 2; j++) { // a margin of 5% around the data
            double pad = Math.max(1e-9, (hi[j] - lo[j]) * 0.05);
            lo[j] -= pad;
            hi[j] += pad;
        }
        int n = DecisionBoundary.SIZE;
        Matrix grid = Matrix.zeros(x.dtype(), n * n, 2);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                grid.set(r * n + c, 0, lo[0] + (c + 0.5) * (hi[0] - lo[0]) / n);
                grid.set(r * n + c, 1, lo[1] + (r + 0.5) * (hi[1] - lo[1]) / n);
            }
        }
        int[] cells = network.predictClasses(normalizer == null ? grid : normalizer.transform(grid));
        int step = Math.max(1, x.rows() / DecisionBoundary.MAX_POINTS);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < x.rows() && points.size() < DecisionBoundary.MAX_POINTS; i += step) {
            points.add(new double[] {x.get(i, 0), x.get(i, 1), train.labels()[i]});
        }
        List<String> names = train.featureNames();
        return new DecisionBoundary(names.isEmpty() ? "x1" : names.get(0), names.isEmpty() ? "x2" : names.get(1),
                lo[0], hi[0], lo[1], hi[1], n, cells, points.toArray(double[][]::new));
    }
}
