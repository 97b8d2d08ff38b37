package dev.plumb.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.lab.Experiment;
import dev.plumb.lab.LabResult;
import dev.plumb.lab.LabResult.Check;
import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Marker;
import dev.plumb.lab.LabResult.Point;
import dev.plumb.lab.LabResult.Series;
import dev.plumb.lab.LabResult.Surface;
import dev.plumb.lab.LabResult.Verdict;
import dev.plumb.lab.LabSettings;

/**
 * Small fake experiments for the lab's command and pages: each computes its numbers from its settings (the seed moves
 * them), so that a test can see a page follow what was saved. Every kind of figure a real experiment draws is here:
 * lines on log-log axes with a marker, a surface with points over it, lines with gaps.
 */
public final class LabFixtures {

    public static final String HOSTILE = "<script>alert(1)</script>";

    private LabFixtures() {
    }

    /** Slopes of two error lines on log-log axes, and a decision surface: the claim holds. */
    public static Experiment slopes() {
        return new Fake("slopes", "The two-sided difference has error O(ε²), the one-sided O(ε).") {
            @Override
            public LabResult run(LabSettings s) {
                double[] eps = new double[8];
                double[] one = new double[8];
                double[] two = new double[8];
                for (int i = 0; i < eps.length; i++) {
                    eps[i] = Math.pow(10, -1 - i);
                    one[i] = 0.5 * eps[i] * (1 + s.seed() * 0.01);
                    two[i] = 0.1 * eps[i] * eps[i] + 1e-16;
                }
                Figure errors = new Figure("Error against ε", "ε", "|error|", true, true,
                        List.of(new Series("one-sided", eps, one), new Series("two-sided", eps, two)), null, List.of(),
                        List.of(new Marker(1e-7, "ε = 1e-7 (the note's)")));
                int n = 21;
                double[] z = new double[n * n];
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        double x = -2 + 4.0 * c / (n - 1);
                        double y = -1 + 2.0 * r / (n - 1);
                        z[r * n + c] = x * x + 10 * y * y; // an elongated bowl
                    }
                }
                List<Point> points = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    points.add(new Point(-1.8 + 0.3 * i, Math.sin(i) * 0.8, i % 2));
                }
                Figure surface = new Figure("Cost contours", "w1", "w2", false, false, List.of(),
                        new Surface("cost", -2, 2, -1, 1, n, z), points, List.of());
                double slopeOne = Math.log10(one[0] / one[4]) / 4;
                double slopeTwo = Math.log10(two[0] / two[4]) / 4;
                Map<String, String> setup = new LinkedHashMap<>();
                setup.put("data", s.data().orElse("generated"));
                setup.put("seed", Long.toString(s.seed()));
                setup.put("ε", "1e-1 … 1e-8");
                List<List<Object>> rows = new ArrayList<>();
                for (int i = 0; i < eps.length; i++) {
                    rows.add(List.of(eps[i], one[i], two[i]));
                }
                return new LabResult(name(), claim(), setup, List.of(errors, surface),
                        List.of(new LabResult.Table("Errors", List.of("ε", "one-sided", "two-sided"), rows)),
                        Verdict.of(List.of(new Check("the one-sided slope is about 1", Math.abs(slopeOne - 1) < 0.2,
                                        "slope " + slopeOne),
                                new Check("the two-sided slope is about 2", Math.abs(slopeTwo - 2) < 0.2, "slope " + slopeTwo))),
                        null);
            }
        };
    }

    /** A line with a gap (NaN) and a linear axis; the claim does not hold. */
    public static Experiment fails() {
        return new Fake("fails", "Weights shrink as λ grows.") {
            @Override
            public LabResult run(LabSettings s) {
                double[] lambda = {0, 0.1, 1, 10};
                double[] norm = {3.0, 3.5, Double.NaN, 4.0 + s.seed()};
                Figure f = Figure.lines("‖W‖ against λ", "λ", "‖W‖", false, false, List.of(new Series("‖W‖", lambda, norm)));
                return new LabResult(name(), claim(), Map.of("λ", "0, 0.1, 1, 10", "seed", Long.toString(s.seed())), List.of(f),
                        List.of(new LabResult.Table("Norms", List.of("λ", "‖W‖", "falls"),
                                List.of(List.of(0.0, 3.0, true), List.of(10.0, 4.0 + s.seed(), false)))),
                        Verdict.of(List.of(new Check("‖W‖ falls as λ grows", false, "3 → 3.5 → NaN → " + (4 + s.seed())))),
                        null);
            }
        };
    }

    /** Data that is not here: skipped. */
    public static Experiment absent() {
        return new Fake("absent", "More data lowers variance.") {
            @Override
            public LabResult run(LabSettings s) {
                return LabResult.skipped(this, "Fashion-MNIST is not installed: plumb fetch fashion-mnist, then run again");
            }
        };
    }

    /** Every free text is markup. */
    public static Experiment hostile() {
        return new Fake("hostile", "Claim " + HOSTILE) {
            @Override
            public LabResult run(LabSettings s) {
                Figure f = new Figure("title " + HOSTILE, "x " + HOSTILE, "y " + HOSTILE, false, false,
                        List.of(new Series("series " + HOSTILE, new double[] {1, 2}, new double[] {1, 2})),
                        new Surface("surface " + HOSTILE, 0, 3, 0, 3, 2, new double[] {0, 1, 2, 3}), List.of(new Point(1, 1, 0)),
                        List.of(new Marker(1.5, "marker " + HOSTILE)));
                return new LabResult(name(), claim(), Map.of("setting " + HOSTILE, "value " + HOSTILE), List.of(f),
                        List.of(new LabResult.Table("table " + HOSTILE, List.of("column " + HOSTILE),
                                List.of(List.of("cell " + HOSTILE)))),
                        Verdict.of(List.of(new Check("check " + HOSTILE, true, "evidence " + HOSTILE))), null);
            }
        };
    }

    private abstract static class Fake implements Experiment {
        private final String name;
        private final String claim;

        Fake(String name, String claim) {
            this.name = name;
            this.claim = claim;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String claim() {
            return claim;
        }
    }
}
