package dev.plumb.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Marker;
import dev.plumb.lab.LabResult.Point;
import dev.plumb.lab.LabResult.Series;
import dev.plumb.lab.LabResult.Surface;

/**
 * A lab figure as a {@code <figure>} with an inline SVG chart: its lines (linear or log10 axes as the figure asks), a
 * surface drawn as filled contours (bands of equal colour between levels: cost contours, a decision boundary) with the
 * points over it, and its markers as labelled vertical lines; a legend below. Values a log axis cannot show (≤ 0, not
 * finite) leave a gap in their line.
 */
final class LabFigures {

    static final int WIDTH = 680;
    static final int HEIGHT = 380;
    /** Bands of a surface: at most this many levels. */
    static final int LEVELS = 10;
    static final String MARKER_COLOUR = "#7c3aed";
    /** Dots are drawn on a line of at most this many points; longer lines are drawn plain. */
    private static final int MAX_DOTS = 80;
    /** The surface's colour ramp, light (low) to dark (high): a viridis-like sequential scale. */
    private static final String[] RAMP = {"#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e",
            "#3e4989", "#482878", "#440154"};

    private LabFigures() {
    }

    /** The chart, and its legend's labels and colours (CSS backgrounds) in the order drawn. */
    private record Chart(Svg svg, List<String> legend, List<String> colours) {
    }

    static String draw(Figure f, int index) {
        Chart chart = chart(f, index, 14, HEIGHT);
        String title = text(f.title());
        String scales = (f.logX() ? "x on a log scale" : "") + (f.logX() && f.logY() ? ", " : "")
                + (f.logY() ? "y on a log scale" : "");
        return "<figure class=\"lab-figure\" id=\"figure-" + (index + 1) + "\"><h3>" + Html.esc(title) + "</h3>" + chart.svg()
                + Html.legend(chart.legend(), chart.colours()) + "<figcaption>" + (scales.isEmpty() ? ""
                : Html.esc(scales.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + scales.substring(1)) + ". ")
                + "Also as a standalone file: <a class=\"svg-file\" href=\"" + fileName(index) + "\">" + fileName(index)
                + "</a>.</figcaption></figure>";
    }

    /** The file name of figure {@code index}'s standalone SVG, beside the page. */
    static String fileName(int index) {
        return "figure-" + (index + 1) + ".svg";
    }

    /**
     * The figure as a standalone SVG file (for a README, say): the same chart with its title and legend drawn inside it
     * and the report's chart styles embedded, since no page's CSS reaches it.
     */
    static String standalone(Figure f, int index) {
        Chart probe = chart(f, index, 14, HEIGHT);
        List<int[]> at = new ArrayList<>(); // x, row of each legend entry
        int x = 70;
        int row = 0;
        for (String label : probe.legend()) {
            int w = 26 + (int) Math.ceil(label.length() * 6.6) + 14;
            if (x + w > WIDTH - 16 && x > 70) {
                x = 70;
                row++;
            }
            at.add(new int[] {x, row});
            x += w;
        }
        int legendTop = 34;
        int top = legendTop + (probe.legend().isEmpty() ? 0 : (row + 1) * 18) + 8;
        Chart chart = chart(f, index, top, HEIGHT + top - 14);
        Svg svg = chart.svg();
        svg.text(70, 20, "start", "figure-title", text(f.title()));
        svg.group("legend");
        for (int i = 0; i < chart.legend().size(); i++) {
            int lx = at.get(i)[0];
            int ly = legendTop + at.get(i)[1] * 18;
            String colour = chart.colours().get(i);
            if (colour.startsWith("#")) {
                svg.rectPx(lx, ly - 9, 18, 10, colour, null);
            } else { // a marker's dashes
                svg.pathPx("legend-dash", "M" + lx + " " + (ly - 4) + " L" + (lx + 18) + " " + (ly - 4), MARKER_COLOUR, 2, null);
            }
            svg.text(lx + 24, ly, "start", "legend-label", chart.legend().get(i));
        }
        svg.end();
        String style = "<style>" + chartCss() + "svg.chart .figure-title { font-size: 14px; font-weight: 600; }"
                + "svg.chart .legend-label { font-size: 12px; } svg.chart .legend-dash { stroke-dasharray: 5 3; }"
                + "svg.chart .surface rect { shape-rendering: crispEdges; } svg.chart circle.point { stroke-width: 0.7; }</style>";
        String markup = svg.toString();
        int open = markup.indexOf('>') + 1;
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + markup.substring(0, open).replaceFirst("<svg ",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" ") + style + markup.substring(open) + "\n";
    }

    /** The report's rules for charts, with the page's colour variables spelled out. */
    private static String chartCss() {
        StringBuilder sb = new StringBuilder("svg.chart { background: #fff; } ");
        for (String line : HtmlReport.css().split("\n")) {
            if (line.startsWith("svg.chart")) {
                sb.append(line.replace("var(--ink)", "#1f2328").replace("var(--muted)", "#59636e")).append(' ');
            }
        }
        return sb.toString();
    }

    private static Chart chart(Figure f, int index, int top, int height) {
        double[] xr = range(f, true);
        double[] yr = range(f, false);
        Svg.Axis xAxis;
        Svg.Axis yAxis;
        List<Ticks.Tick> xTicks;
        List<Ticks.Tick> yTicks;
        if (f.logX()) {
            xAxis = Svg.Axis.log10(xr[0], xr[1]);
            xTicks = Ticks.log(xr[0], xr[1]);
        } else {
            xAxis = Svg.Axis.linear(xr[0], xr[1]);
            xTicks = Ticks.linear(xr[0], xr[1], 6);
        }
        if (f.logY()) {
            yAxis = Svg.Axis.log10(yr[0], yr[1]);
            yTicks = Ticks.log(yr[0], yr[1]);
        } else {
            yAxis = Svg.Axis.linear(yr[0], yr[1]);
            yTicks = Ticks.linear(yr[0], yr[1], 5);
        }
        String title = text(f.title());
        Svg svg = new Svg(WIDTH, height, title.isEmpty() ? "Figure " + (index + 1) : title, 70, 16, top, 48)
                .describe(title, description(f))
                .scales(xAxis, yAxis);
        List<String> legend = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        if (f.surface() != null) {
            surface(svg, f.surface(), f, legend, colours);
        }
        svg.axes(xTicks, text(f.xLabel()), yTicks, text(f.yLabel()));
        List<Integer> groups = new ArrayList<>(new TreeSet<>(f.points().stream().map(Point::group).toList()));
        if (!f.points().isEmpty()) {
            svg.group("points");
            for (Point p : f.points()) {
                if (visible(p.x(), f.logX()) && visible(p.y(), f.logY())) {
                    svg.marker(p.x(), p.y(), 3.2, "point", Html.classColour(p.group()), "#1f2328",
                            "group " + p.group() + " at (" + Html.num(p.x()) + ", " + Html.num(p.y()) + ")");
                }
            }
            svg.end();
            for (int g : groups) {
                legend.add(groups.size() == 1 && f.surface() != null ? "points" : "group " + g);
                colours.add(Html.classColour(g));
            }
        }
        int shown = 0;
        for (Marker m : f.markers()) {
            if (visible(m.x(), f.logX())) {
                // labels stepped down one line per marker, so that markers close together keep readable labels
                double p = svg.px(m.x());
                boolean right = p > (svg.plotLeft() + svg.plotRight()) / 2.0;
                svg.group("lab-marker").vline(m.x(), MARKER_COLOUR, "")
                        .text(p + (right ? -4 : 4), svg.plotTop() + 12 + 13 * (shown++ % 4), right ? "end" : "start",
                                "marker-label", text(m.label()))
                        .end();
            }
        }
        for (int i = 0; i < f.series().size(); i++) {
            Series s = f.series().get(i);
            String colour = seriesColour(i);
            double[] ys = new double[s.y().length];
            double[] xs = new double[s.x().length];
            for (int k = 0; k < ys.length; k++) {
                xs[k] = visible(s.x()[k], f.logX()) ? s.x()[k] : Double.NaN;
                ys[k] = visible(s.y()[k], f.logY()) ? s.y()[k] : Double.NaN;
            }
            svg.group("lab-series series-" + i).polyline(xs, ys, colour, i >= 10);
            if (xs.length <= MAX_DOTS) {
                for (int k = 0; k < xs.length; k++) {
                    if (Double.isFinite(xs[k]) && Double.isFinite(ys[k])) {
                        svg.dot(xs[k], ys[k], 3, colour, text(s.name()) + ": (" + Html.num(s.x()[k]) + ", "
                                + Html.num(s.y()[k]) + ")", "point");
                    }
                }
            }
            svg.end();
            legend.add(text(s.name()));
            colours.add(colour);
        }
        for (Marker m : f.markers()) {
            legend.add(text(m.label()));
            colours.add("repeating-linear-gradient(90deg," + MARKER_COLOUR + " 0 5px,transparent 5px 8px)");
        }
        return new Chart(svg, legend, colours);
    }

    static String seriesColour(int i) {
        return Html.classColour(i);
    }

    /**
     * The surface as filled contours: its values cut into at most {@link #LEVELS} bands at quantiles (so that a surface
     * whose values span orders of magnitude still shows its shape), each cell tinted by its band, runs of one band along
     * a row merged.
     */
    private static void surface(Svg svg, Surface s, Figure f, List<String> legend, List<String> colours) {
        double[] levels = levels(s.z());
        int n = s.size();
        double dx = n > 1 ? (s.xMax() - s.xMin()) / (n - 1) : 1;
        double dy = n > 1 ? (s.yMax() - s.yMin()) / (n - 1) : 1;
        int bands = levels.length + 1;
        svg.group("surface");
        for (int r = 0; r < n; r++) {
            int start = 0;
            for (int c = 1; c <= n; c++) {
                if (c == n || band(s.z()[r * n + c], levels) != band(s.z()[r * n + start], levels)) {
                    int b = band(s.z()[r * n + start], levels);
                    // each value is the centre of its cell; cells overlap by a hair so that no seams show
                    // (clipped to the surface's extent, which is the plot's)
                    double x0 = Math.max(s.xMin(), s.xMin() + (start - 0.5) * dx);
                    double x1 = Math.min(s.xMax(), s.xMin() + (c - 0.5) * dx);
                    double y0 = Math.max(s.yMin(), s.yMin() + (r - 0.5) * dy);
                    double y1 = Math.min(s.yMax(), s.yMin() + (r + 0.5) * dy + dy * 0.02);
                    if (visible(x0, f.logX()) && visible(y0, f.logY())) {
                        svg.rect(x0, y0, x1, y1, b < 0 ? "#ffffff" : colour(b, bands), text(s.name()) + " "
                                + bandLabel(b, levels));
                    }
                    start = c;
                }
            }
        }
        svg.end();
        for (int b = 0; b < bands; b++) {
            legend.add(text(s.name()) + " " + bandLabel(b, levels));
            colours.add(colour(b, bands));
        }
    }

    /**
     * The level boundaries: for values within [0, 1] that are not just two classes (a probability, say) 0.1, 0.2, … 0.9,
     * so that 0.5 — a decision boundary — is an edge between bands; otherwise distinct quantiles of the finite values.
     */
    static double[] levels(double[] z) {
        double[] finite = Arrays.stream(z).filter(Double::isFinite).sorted().toArray();
        TreeSet<Double> cuts = new TreeSet<>();
        if (finite.length > 0 && finite[0] >= 0 && finite[finite.length - 1] <= 1
                && Arrays.stream(finite).distinct().count() > 2) {
            for (int k = 1; k < LEVELS; k++) {
                if (k / 10.0 > finite[0] && k / 10.0 <= finite[finite.length - 1]) {
                    cuts.add(k / 10.0);
                }
            }
            return cuts.stream().mapToDouble(Double::doubleValue).toArray();
        }
        for (int k = 1; k < LEVELS && finite.length > 0; k++) {
            double q = finite[(int) Math.min(finite.length - 1, Math.round(k * (finite.length - 1) / (double) LEVELS))];
            if (q > finite[0]) { // a cut at the minimum would leave its band empty
                cuts.add(q);
            }
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The band of {@code v}: 0 below the first level, k at or above level k−1; −1 when v is not finite. */
    static int band(double v, double[] levels) {
        if (!Double.isFinite(v)) {
            return -1;
        }
        int b = 0;
        while (b < levels.length && v >= levels[b]) {
            b++;
        }
        return b;
    }

    private static String bandLabel(int b, double[] levels) {
        if (b < 0) {
            return "not finite";
        }
        if (levels.length == 0) {
            return "(one level)";
        }
        if (b == 0) {
            return "< " + Html.num(levels[0]);
        }
        if (b == levels.length) {
            return "≥ " + Html.num(levels[b - 1]);
        }
        return Html.num(levels[b - 1]) + " – " + Html.num(levels[b]);
    }

    private static String colour(int band, int bands) {
        if (band < 0) {
            return "#ffffff";
        }
        int at = bands <= 1 ? 0 : (int) Math.round(band * (RAMP.length - 1) / (double) (bands - 1));
        return Html.tint(RAMP[at], 0.55);
    }

    /** [lo, hi] of the axis: every line's values, the surface's extent, the points and (along x) the markers. */
    private static double[] range(Figure f, boolean x) {
        boolean log = x ? f.logX() : f.logY();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<Double> values = new ArrayList<>();
        for (Series s : f.series()) {
            for (double v : x ? s.x() : s.y()) {
                values.add(v);
            }
        }
        if (f.surface() != null) {
            values.add(x ? f.surface().xMin() : f.surface().yMin());
            values.add(x ? f.surface().xMax() : f.surface().yMax());
        }
        for (Point p : f.points()) {
            values.add(x ? p.x() : p.y());
        }
        if (x) {
            for (Marker m : f.markers()) {
                values.add(m.x());
            }
        }
        for (double v : values) {
            if (visible(v, log)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (log) {
            if (!(hi >= lo)) {
                return new double[] {1, 10};
            }
            lo = Math.pow(10, Math.floor(Math.log10(lo) + 1e-9));
            hi = Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9));
            return hi <= lo ? new double[] {lo, lo * 10} : new double[] {lo, hi};
        }
        if (!(hi >= lo)) {
            return new double[] {0, 1};
        }
        if (f.surface() != null && hi > lo) { // a surface fills the plot exactly
            return new double[] {lo, hi};
        }
        return Ticks.niceRange(lo, hi, x ? 6 : 5);
    }

    private static boolean visible(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }

    /** What the chart shows, in words and numbers, for screen readers and hover. */
    private static String description(Figure f) {
        StringBuilder sb = new StringBuilder();
        sb.append(text(f.yLabel())).append(" against ").append(text(f.xLabel())).append('.');
        for (Series s : f.series()) {
            sb.append(' ').append(text(s.name())).append(": ");
            int shown = Math.min(s.x().length, 12);
            for (int k = 0; k < shown; k++) {
                sb.append(k == 0 ? "" : ", ").append('(').append(Html.num(s.x()[k])).append(", ").append(Html.num(s.y()[k]))
                        .append(')');
            }
            sb.append(s.x().length > shown ? ", …" : "").append('.');
        }
        if (f.surface() != null) {
            sb.append(' ').append(text(f.surface().name())).append(" on a ").append(f.surface().size()).append(" × ")
                    .append(f.surface().size()).append(" grid, with ").append(f.points().size()).append(" points.");
        }
        for (Marker m : f.markers()) {
            sb.append(" Marked: ").append(text(m.label())).append(" at ").append(Html.num(m.x())).append('.');
        }
        return sb.toString();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
