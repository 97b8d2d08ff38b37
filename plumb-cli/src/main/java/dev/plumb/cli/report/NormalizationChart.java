package dev.plumb.cli.report;

import dev.plumb.data.Normalizer.State;

/** The normalizer's per-feature statistics as a chart: μ with a ±σ bar, or the min…max range. */
final class NormalizationChart {

    private NormalizationChart() {
    }

    static String draw(State state, int features) {
        boolean standard = "standard".equals(state.kind());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < features; j++) {
            double[] range = range(state, j, standard);
            lo = Math.min(lo, range[0]);
            hi = Math.max(hi, range[1]);
        }
        double[] y = Ticks.niceRange(Math.min(0, lo), Math.max(0, hi), 5);
        Svg svg = new Svg(720, 240, standard ? "Mean and standard deviation of each input feature on the training part"
                : "Minimum and maximum of each input feature on the training part")
                .scales(Svg.Axis.linear(0.5, features + 0.5), Svg.Axis.linear(y[0], y[1]));
        svg.axes(Ticks.integers(1, features, 10), "feature (index)", Ticks.linear(y[0], y[1], 5),
                "feature value (input units)");
        double pixelsPerFeature = (svg.plotRight() - svg.plotLeft()) / (double) features;
        double halfWidth = Math.min(0.3, 12 / pixelsPerFeature);
        for (int j = 0; j < features; j++) {
            double[] range = range(state, j, standard);
            String title = standard
                    ? "feature " + (j + 1) + ": μ = " + Html.num(state.first()[j]) + ", σ = " + Html.num(state.second()[j])
                    : "feature " + (j + 1) + ": min = " + Html.num(state.first()[j]) + ", max = " + Html.num(state.second()[j]);
            double bottom = range[0];
            double top = Math.max(range[1], range[0] + (y[1] - y[0]) * 0.004); // a constant feature still shows a sliver
            svg.rect(j + 1 - halfWidth, bottom, j + 1 + halfWidth, top, "#9ec5e8", title);
            if (standard) {
                svg.dot(j + 1, state.first()[j], features > 100 ? 1.6 : 2.6, "#1f4e79", title);
            }
        }
        String legend = standard
                ? "<p class=\"caption\">Dot: mean μ; bar: μ ± σ (population standard deviation), per feature.</p>"
                : "<p class=\"caption\">Bar: from the minimum to the maximum, per feature.</p>";
        return "<figure>" + svg + legend + "</figure>";
    }

    private static double[] range(State state, int j, boolean standard) {
        double a = state.first()[j];
        double b = state.second()[j];
        return standard ? new double[] {a - b, a + b} : new double[] {Math.min(a, b), Math.max(a, b)};
    }
}
