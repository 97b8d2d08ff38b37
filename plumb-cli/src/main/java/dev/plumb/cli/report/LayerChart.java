package dev.plumb.cli.report;

import java.util.List;

/**
 * A per-layer quantity as a line chart over depth (layer 1 … L), one line per series, on a log10 axis
 * when the values span orders of magnitude (gradient norms, variances). Values ≤ 0 on a log axis are
 * drawn at its floor; every point carries its exact value as a tooltip.
 */
final class LayerChart {

    /** One line: its name (legend and tooltips), colour, dashes and a value per layer. */
    record Series(String name, String colour, boolean dashed, double[] values) {
    }

    private LayerChart() {
    }

    static String draw(String label, String yLabel, boolean log, List<Series> series, Double reference, String referenceLabel) {
        int layers = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            layers = Math.max(layers, s.values().length);
            for (double v : s.values()) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (reference != null) {
            lo = Math.min(lo, reference);
            hi = Math.max(hi, reference);
        }
        if (!(hi >= lo)) { // nothing finite to draw
            lo = log ? 1e-3 : 0;
            hi = 1;
        }
        Svg.Axis y;
        List<Ticks.Tick> yTicks;
        if (log) {
            lo = Math.pow(10, Math.floor(Math.log10(lo)));
            hi = Math.pow(10, Math.ceil(Math.log10(hi)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            y = Svg.Axis.log10(lo, hi);
            yTicks = Ticks.log(lo, hi);
        } else {
            double[] r = Ticks.niceRange(Math.min(0, lo), hi * 1.05, 5);
            y = Svg.Axis.linear(r[0], r[1]);
            yTicks = Ticks.linear(r[0], r[1], 5);
        }
        Svg svg = new Svg(500, 280, label).scales(Svg.Axis.linear(layers <= 1 ? 0.5 : 1, layers <= 1 ? 1.5 : layers), y);
        svg.axes(Ticks.integers(1, Math.max(1, layers), 10), "layer l (input → output)", yTicks, yLabel);
        if (reference != null) {
            svg.hline(reference, "#6b7280", referenceLabel);
        }
        for (Series s : series) {
            double[] xs = new double[s.values().length];
            double[] ys = new double[s.values().length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
                double v = s.values()[i];
                ys[i] = log && !(v > lo) && Double.isFinite(v) ? lo : v;
            }
            svg.polyline(xs, ys, s.colour(), s.dashed());
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(ys[i])) {
                    svg.dot(xs[i], ys[i], 3.5, s.colour(), s.name() + ", layer " + (i + 1) + ": " + Html.num(s.values()[i]));
                }
            }
        }
        return svg.toString();
    }
}
