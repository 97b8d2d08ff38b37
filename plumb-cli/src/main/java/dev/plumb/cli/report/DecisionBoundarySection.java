package dev.plumb.cli.report;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunAnalysis;

/**
 * For data with two features: the class the network predicts over the plane (tinted cells, merged along
 * each row into runs of one class) with the training examples on top, coloured by their true class.
 */
final class DecisionBoundarySection implements Section {

    private final RunRecord record;
    private final RunAnalysis analysis;

    DecisionBoundarySection(RunRecord record, RunAnalysis analysis) {
        this.record = record;
        this.analysis = analysis;
    }

    @Override
    public String id() {
        return "decision-boundary";
    }

    @Override
    public String title() {
        return "Decision boundary";
    }

    @Override
    public String body() {
        RunAnalysis.DecisionBoundary b = analysis == null ? null : analysis.boundary();
        if (b == null) {
            return Html.absent("Drawn only for classifiers of two-feature data; this run "
                    + (analysis == null ? "has no analysis.json." : "has a different number of features or is a regression."));
        }
        List<String> classes = classNames(b);
        Svg svg = new Svg(560, 480, "Predicted class over the plane of " + b.xName() + " and " + b.yName() + ", with the training examples",
                70, 16, 14, 50).scales(Svg.Axis.linear(b.xMin(), b.xMax()), Svg.Axis.linear(b.yMin(), b.yMax()));
        int n = b.size();
        double dx = (b.xMax() - b.xMin()) / n;
        double dy = (b.yMax() - b.yMin()) / n;
        for (int r = 0; r < n; r++) {
            int start = 0;
            for (int c = 1; c <= n; c++) {
                if (c == n || b.cells()[r * n + c] != b.cells()[r * n + start]) {
                    int k = b.cells()[r * n + start];
                    // overlap each cell by a hair so no seams show between rows
                    svg.rect(b.xMin() + start * dx, b.yMin() + r * dy, b.xMin() + c * dx, b.yMin() + (r + 1) * dy + dy * 0.02,
                            Html.tint(Html.classColour(k), 0.3), "predicted: " + label(classes, k));
                    start = c;
                }
            }
        }
        svg.axes(Ticks.linear(b.xMin(), b.xMax(), 6), b.xName() + " (input units)", Ticks.linear(b.yMin(), b.yMax(), 6),
                b.yName() + " (input units)");
        for (double[] p : b.points()) {
            int k = (int) p[2];
            svg.dot(p[0], p[1], 3.2, Html.classColour(k), label(classes, k) + " at (" + Html.num(p[0]) + ", " + Html.num(p[1]) + ")");
        }
        List<String> colours = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            colours.add(Html.classColour(k));
        }
        return "<figure class=\"boundary\">" + svg + Html.legend(classes, colours) + "<figcaption>Tinted background: the class the trained "
                + "network predicts on a " + n + " × " + n + " grid over the raw (unnormalized) features; dots: " + b.points().length
                + " training examples in their true class's colour.</figcaption></figure>";
    }

    private List<String> classNames(RunAnalysis.DecisionBoundary b) {
        if (analysis.test() != null) {
            return analysis.test().classNames();
        }
        if (record.setup().split() != null && !record.setup().split().classNames().isEmpty()) {
            return record.setup().split().classNames();
        }
        int max = 0;
        for (int c : b.cells()) {
            max = Math.max(max, c);
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            names.add("class " + k);
        }
        return names;
    }

    private static String label(List<String> classes, int k) {
        return k >= 0 && k < classes.size() ? classes.get(k) : "class " + k;
    }
}
