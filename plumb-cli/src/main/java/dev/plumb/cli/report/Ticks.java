package dev.plumb.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Round-number tick positions for chart axes. */
final class Ticks {

    /** A tick: where it is on the axis and what it says. */
    record Tick(double value, String label) {
    }

    private Ticks() {
    }

    /** A round step that gives about {@code target} intervals over [lo, hi]: 1, 2 or 5 times a power of ten. */
    static double step(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
    }

    /** [lo, hi] widened outward to multiples of the tick step. */
    static double[] niceRange(double lo, double hi, int target) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = step(lo, hi, target);
        return new double[] {Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step};
    }

    /** Ticks at multiples of a round step inside [lo, hi], labelled with as many decimals as the step needs. */
    static List<Tick> linear(double lo, double hi, int target) {
        double step = step(lo, hi, target);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
            double v = k * step;
            ticks.add(new Tick(v, String.format(Locale.ROOT, "%." + decimals + "f", v).replace("-", "−")));
        }
        return ticks;
    }

    /** Integer ticks (epochs, layers) between lo and hi, at most about {@code target} of them. */
    static List<Tick> integers(int lo, int hi, int target) {
        int step = (int) Math.max(1, Math.round(step(lo, hi, target)));
        List<Tick> ticks = new ArrayList<>();
        for (int v = (lo + step - 1) / step * step; v <= hi; v += step) {
            if (v >= lo) {
                ticks.add(new Tick(v, Integer.toString(v)));
            }
        }
        if (ticks.isEmpty()) {
            ticks.add(new Tick(lo, Integer.toString(lo)));
        }
        return ticks;
    }

    /**
     * Powers of ten covering [lo, hi] (both > 0), every other one when there are many, and 2× and 5× in
     * between when there are at most two; labelled 0.01, 1, 100 near 1 and 1e-7 further away.
     */
    static List<Tick> log(double lo, double hi) {
        int from = (int) Math.floor(Math.log10(lo) + 1e-9);
        int to = (int) Math.ceil(Math.log10(hi) - 1e-9);
        int every = to - from > 12 ? 2 : 1;
        int[] multiples = to - from <= 2 ? new int[] {1, 2, 5} : new int[] {1};
        boolean plain = from >= -3 && to <= 4; // 0.001 … 10000 read well as they are; beyond, all in e-notation
        List<Tick> ticks = new ArrayList<>();
        for (int e = from; e <= to; e += every) {
            for (int m : multiples) {
                double v = m * Math.pow(10, e);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    ticks.add(new Tick(v, plain ? Html.num(v) : e == 0 ? Integer.toString(m) : m + "e" + e));
                }
            }
        }
        return ticks;
    }
}
