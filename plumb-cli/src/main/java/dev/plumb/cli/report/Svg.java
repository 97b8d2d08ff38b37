package dev.plumb.cli.report;

import java.util.List;
import java.util.Locale;

/**
 * A chart drawn as inline SVG: a plot area with two axes (linear or log10), gridlines, ticks and axis
 * labels, and marks placed in data coordinates — polylines, dots, rectangles, reference lines. Text is
 * escaped; a {@code title} on a mark becomes its hover tooltip, so the page needs no script.
 */
final class Svg {

    /** One axis: the data range it shows and whether it is logarithmic. */
    record Axis(double lo, double hi, boolean log) {
        static Axis linear(double lo, double hi) {
            return new Axis(lo, hi, false);
        }

        static Axis log10(double lo, double hi) {
            return new Axis(lo, hi, true);
        }

        /** Position of {@code v} along the axis, 0 at lo and 1 at hi. */
        double fraction(double v) {
            if (log) {
                return (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            }
            return hi == lo ? 0.5 : (v - lo) / (hi - lo);
        }
    }

    private final StringBuilder sb = new StringBuilder();
    private final int width;
    private final int height;
    private final int left;
    private final int right;
    private final int top;
    private final int bottom;
    private Axis x = Axis.linear(0, 1);
    private Axis y = Axis.linear(0, 1);

    /** A chart of {@code width × height} pixels with room for axis labels; {@code label} describes it to screen readers. */
    Svg(int width, int height, String label) {
        this(width, height, label, 64, 16, 14, 46);
    }

    Svg(int width, int height, String label, int left, int right, int top, int bottom) {
        this.width = width;
        this.height = height;
        this.left = left;
        this.right = width - right;
        this.top = top;
        this.bottom = height - bottom;
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">");
    }

    /**
     * A {@code <title>} and {@code <desc>} for the whole chart, which screen readers read and browsers show on hover;
     * call it first, right after the constructor, so that they are the first children of the {@code <svg>}.
     */
    Svg describe(String title, String description) {
        sb.append("<title>").append(Html.esc(title)).append("</title><desc>").append(Html.esc(description)).append("</desc>");
        return this;
    }

    /** Opens a group with a CSS class (one series, say), so that its marks can be styled and found together. */
    Svg group(String cssClass) {
        sb.append("<g class=\"").append(Html.esc(cssClass)).append("\">");
        return this;
    }

    /** Closes the group {@link #group} opened. */
    Svg end() {
        sb.append("</g>");
        return this;
    }

    /**
     * The area between two lines over the same x values (a gap between two curves, say), filled, with a tooltip;
     * points where any value is not finite are left out.
     */
    Svg band(double[] xs, double[] lower, double[] upper, String fill, double opacity, String title) {
        StringBuilder d = new StringBuilder();
        StringBuilder back = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", d.length() == 0 ? "M" : "L", px(xs[i]), py(upper[i])));
            }
        }
        for (int i = xs.length - 1; i >= 0; i--) {
            if (Double.isFinite(xs[i]) && Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
                back.append(String.format(Locale.ROOT, "L%.1f %.1f ", px(xs[i]), py(lower[i])));
            }
        }
        if (d.length() > 0) {
            sb.append(String.format(Locale.ROOT, "<path class=\"band\" fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\" d=\"%sZ\"",
                    fill, opacity, d.append(back)));
            close("path", title);
        }
        return this;
    }

    /** A dot like {@link #dot} with a CSS class, so that a test or a style can tell this series' dots from others. */
    Svg dot(double vx, double vy, double radius, String fill, String title, String cssClass) {
        sb.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"",
                Html.esc(cssClass), px(vx), py(vy), radius, fill));
        return close("circle", title);
    }

    /**
     * A break in the x axis at data value {@code vx}: the axis line interrupted and two slanted strokes, saying that the
     * scale does not run continuously through this point (a zero beside a log scale).
     */
    Svg axisBreak(double vx) {
        double p = px(vx);
        sb.append(String.format(Locale.ROOT, "<g class=\"axis-break\"><rect x=\"%.1f\" y=\"%d\" width=\"6\" height=\"9\" fill=\"#fff\"/>"
                + "<path d=\"M%.1f %d L%.1f %d M%.1f %d L%.1f %d\" stroke=\"#8c959f\" stroke-width=\"1.2\" fill=\"none\"/></g>",
                p - 3, bottom - 4, p - 6, bottom + 5, p - 1, bottom - 5, p + 1, bottom + 5, p + 6, bottom - 5));
        return this;
    }

    /** A line segment between two points in data coordinates. */
    Svg segment(double x0, double y0, double x1, double y1, String colour, String cssClass) {
        sb.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                Html.esc(cssClass), px(x0), py(y0), px(x1), py(y1), colour));
        return this;
    }

    Svg scales(Axis xAxis, Axis yAxis) {
        this.x = xAxis;
        this.y = yAxis;
        return this;
    }

    /** Horizontal pixel of data value {@code v}. */
    double px(double v) {
        return left + x.fraction(v) * (right - left);
    }

    /** Vertical pixel of data value {@code v} (up is larger). */
    double py(double v) {
        return bottom - y.fraction(v) * (bottom - top);
    }

    int plotLeft() {
        return left;
    }

    int plotRight() {
        return right;
    }

    int plotTop() {
        return top;
    }

    int plotBottom() {
        return bottom;
    }

    /** Gridlines, tick labels and the two axis titles (which should say the unit). */
    Svg axes(List<Ticks.Tick> xTicks, String xLabel, List<Ticks.Tick> yTicks, String yLabel) {
        sb.append("<g class=\"axes\">");
        for (Ticks.Tick t : yTicks) {
            double p = py(t.value());
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", left, p, right, p));
            text(left - 6, p + 4, "end", "tick", t.label());
        }
        for (Ticks.Tick t : xTicks) {
            double p = px(t.value());
            sb.append(String.format(Locale.ROOT, "<line class=\"tickmark\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", p, bottom, p, bottom + 5));
            text(p, bottom + 18, "middle", "tick", t.label());
        }
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, bottom, right, bottom));
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top, left, bottom));
        text((left + right) / 2.0, height - 8, "middle", "axis-title", xLabel);
        sb.append(String.format(Locale.ROOT, "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 %.1f) rotate(-90)\">%s</text>",
                (top + bottom) / 2.0, Html.esc(yLabel)));
        sb.append("</g>");
        return this;
    }

    /** A line through the points, broken where a value is not finite. */
    Svg polyline(double[] xs, double[] ys, String colour, boolean dashed) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                pen = false;
                continue;
            }
            d.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", px(xs[i]), py(ys[i])));
            pen = true;
        }
        if (d.length() > 0) {
            sb.append("<path class=\"series\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(dashed ? " stroke-dasharray=\"6 4\"" : "").append(" d=\"").append(d.toString().trim()).append("\"/>");
        }
        return this;
    }

    /** A dot at (vx, vy) in data coordinates. */
    Svg dot(double vx, double vy, double radius, String fill, String title) {
        return dotPx(px(vx), py(vy), radius, fill, title);
    }

    Svg dotPx(double cx, double cy, double radius, String fill, String title) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"", cx, cy, radius, fill));
        return close("circle", title);
    }

    /**
     * A dot at (vx, vy) in data coordinates with a CSS class and an outline: {@code fill} "none" draws it hollow.
     * {@code cssClass} and the colours are the caller's constants, not text from a record.
     */
    Svg marker(double vx, double vy, double radius, String cssClass, String fill, String stroke, String title) {
        sb.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.8\"",
                cssClass, px(vx), py(vy), radius, fill, stroke));
        return close("circle", title);
    }

    /** A path of pixel commands ("M10 20 L30 20 …") with a CSS class, unfilled. */
    Svg pathPx(String cssClass, String d, String colour, double strokeWidth, String title) {
        sb.append(String.format(Locale.ROOT, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" d=\"%s\"",
                cssClass, colour, strokeWidth, d));
        return close("path", title);
    }

    /** A rectangle between two corners in data coordinates. */
    Svg rect(double x0, double y0, double x1, double y1, String fill, String title) {
        return rectPx(Math.min(px(x0), px(x1)), Math.min(py(y0), py(y1)), Math.abs(px(x1) - px(x0)), Math.abs(py(y1) - py(y0)),
                fill, title);
    }

    Svg rectPx(double rx, double ry, double w, double h, String fill, String title) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", rx, ry, w, h, fill));
        return close("rect", title);
    }

    /** A vertical reference line at data value {@code vx}, with a label at its top. */
    Svg vline(double vx, String colour, String label) {
        double p = px(vx);
        sb.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>", p, top, p, bottom, colour));
        text(p + (p > (left + right) / 2.0 ? -4 : 4), top + 12, p > (left + right) / 2.0 ? "end" : "start", "marker-label", label);
        return this;
    }

    /** A horizontal reference line at data value {@code vy}, with a label at its right end. */
    Svg hline(double vy, String colour, String label) {
        return hline(vy, colour, label, false);
    }

    /** A horizontal reference line at data value {@code vy}, with a label above it at its left or right end. */
    Svg hline(double vy, String colour, String label, boolean labelLeft) {
        double p = py(vy);
        sb.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>", left, p, right, p, colour));
        text(labelLeft ? left + 4 : right - 4, p - 4, labelLeft ? "start" : "end", "marker-label", label);
        return this;
    }

    /** Text at a pixel position. */
    Svg text(double tx, double ty, String anchor, String cssClass, String text) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", tx, ty, anchor, cssClass))
                .append(Html.esc(text)).append("</text>");
        return this;
    }

    private Svg close(String tag, String title) {
        if (title == null || title.isEmpty()) {
            sb.append("/>");
        } else {
            sb.append("><title>").append(Html.esc(title)).append("</title></").append(tag).append('>');
        }
        return this;
    }

    @Override
    public String toString() {
        return sb + "</svg>";
    }
}
