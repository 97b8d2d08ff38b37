package dev.plumb.lab;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an experiment ran and measured, and the verdict computed from it: everything its page shows, saved as
 * {@code result.json} so the page is a rendering of the saved numbers (no figure on a page is typed by hand).
 *
 * @param name     the experiment's name
 * @param claim    the claim, one sentence
 * @param setup    what was run — data, network, every setting — as ordered (name, value) pairs: enough to run it again
 * @param figures  the plots
 * @param tables   the measured numbers
 * @param verdict  whether the claim holds here, and why
 * @param skipped  why the experiment did not run (e.g. its data is not installed), or null when it ran
 */
public record LabResult(String name, String claim, Map<String, String> setup, List<Figure> figures, List<Table> tables,
                        Verdict verdict, String skipped) {

    public LabResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(claim, "claim");
        setup = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(setup)); // in the order given
        figures = List.copyOf(figures);
        tables = List.copyOf(tables);
    }

    /** An experiment that could not run here, and why (with how to make it run). */
    public static LabResult skipped(Experiment experiment, String why) {
        return new LabResult(experiment.name(), experiment.claim(), Map.of(), List.of(), List.of(), null, why);
    }

    /**
     * A plot. Lines ({@code series}), and optionally a surface (values on a regular grid: cost contours, a decision
     * boundary) with points over it, and vertical markers (the ε the note recommends, the epoch early stopping chose).
     */
    public record Figure(String title, String xLabel, String yLabel, boolean logX, boolean logY, List<Series> series,
                         Surface surface, List<Point> points, List<Marker> markers) {
        public Figure {
            series = series == null ? List.of() : List.copyOf(series);
            points = points == null ? List.of() : List.copyOf(points);
            markers = markers == null ? List.of() : List.copyOf(markers);
        }

        /** Lines only. */
        public static Figure lines(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                                   List<Series> series) {
            return new Figure(title, xLabel, yLabel, logX, logY, series, null, List.of(), List.of());
        }
    }

    /** A named line: y against x. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("Invalid series " + name + ": " + x.length + " x values, " + y.length + " y");
            }
        }
    }

    /** Values z[row · size + col] at x = xMin + col·(xMax−xMin)/(size−1), y = yMin + row·(yMax−yMin)/(size−1). */
    public record Surface(String name, double xMin, double xMax, double yMin, double yMax, int size, double[] z) {
        public Surface {
            if (z.length != size * size) {
                throw new IllegalArgumentException("Invalid surface " + name + ": " + z.length + " values for a " + size
                        + "×" + size + " grid");
            }
        }
    }

    /** A point of class {@code group} (a data example over a decision boundary, a path over contours). */
    public record Point(double x, double y, int group) {
    }

    /** A vertical line at x, labelled. */
    public record Marker(double x, String label) {
    }

    /** Measured numbers: a header and rows of cells (numbers as they were measured; text for labels). */
    public record Table(String title, List<String> columns, List<List<Object>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList();
        }
    }

    /**
     * The verdict: the claim holds here when every check holds. Each check is a statement about the measured numbers,
     * whether it holds, and the numbers it was judged on.
     */
    public record Verdict(boolean holds, List<Check> checks) {
        public Verdict {
            checks = List.copyOf(checks);
        }

        /** The verdict of {@code checks}: holds when all do. */
        public static Verdict of(List<Check> checks) {
            return new Verdict(!checks.isEmpty() && checks.stream().allMatch(Check::holds), checks);
        }
    }

    /** One statement about the numbers, e.g. "‖W‖ falls as λ grows", whether it holds, and the evidence. */
    public record Check(String statement, boolean holds, String evidence) {
    }
}
