package dev.plumb.cli.report;

import static dev.plumb.cli.report.HtmlReportTest.count;
import static dev.plumb.cli.report.HtmlReportTest.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.Diagnosis;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.gradcheck.TensorCheck;
import dev.plumb.diagnose.gradcheck.Verdict;
import dev.plumb.diagnose.gradcheck.VerdictThresholds;
import dev.plumb.diagnose.gradcheck.WorstCoordinate;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.TrainingRun;

/** The diagnostics sections: bias/variance, gradient check, gradient health and the initialization audit. */
class DiagnosticsSectionsTest {

    private final String html = HtmlReport.render(ReportFixtures.hostileRecord(), ReportFixtures.hostileAnalysis());

    @Test
    void biasVarianceShowsTheBarsTheGapsTheVerdictAndTheRecipeInOrder() {
        String s = section(html, "bias-variance");
        assertThat(s).contains("<span class=\"badge warn\">high variance (overfitting)</span>");
        // the note's example: train 1 %, dev 11 %, optimal 0 → avoidable bias 1 point, variance 10 points
        assertThat(s).contains(">1.00 %<", ">11.00 %<", ">0.00 %<", "1.00 points", "10.00 points");
        assertThat(s).contains("high, threshold 5.00 points").contains("low, threshold 5.00 points");
        assertThat(s).contains("optimal (Bayes)", ">avoidable bias<", ">variance<");
        assertThat(count(s, "<rect")).as("three bars and two brackets of three strokes").isEqualTo(3 + 6);
        assertThat(s).containsSubsequence("<ol class=\"recipe\"><li>Get more data &lt;script&gt;", "<li>Regularize</li></ol>");
        assertThat(s).contains("note &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void biasVarianceColoursEachVerdict() {
        assertThat(badge(BiasVariance.of(0.15, 0.16, 0.0))).isEqualTo("warn"); // high bias
        assertThat(badge(BiasVariance.of(0.15, 0.30, 0.0))).isEqualTo("bad"); // both
        assertThat(badge(BiasVariance.of(0.005, 0.01, 0.0))).isEqualTo("good"); // neither
        assertThat(badge(BiasVariance.of(0.15, 0.16, 0.15))).isEqualTo("good"); // fine against an optimal 15 %
    }

    private static String badge(dev.plumb.diagnose.biasvariance.BiasVarianceReport report) {
        var analysis = ReportFixtures.hostileAnalysis().withBiasVariance(report);
        String s = section(HtmlReport.render(ReportFixtures.hostileRecord(), analysis), "bias-variance");
        int at = s.indexOf("Verdict: <span class=\"badge ") + "Verdict: <span class=\"badge ".length();
        return s.substring(at, s.indexOf('"', at));
    }

    @Test
    void gradientCheckOfARealNetworkHasARowPerTensorInItsVerdictColour() {
        Network net = NetworkSpec.mlp(2, new int[] {3}, 2, Activation.tanh(), Loss.softmaxCrossEntropy()).withL2(0.1)
                .build(DType.FLOAT64, 5);
        Matrix x = Matrix.of(DType.FLOAT64, new double[][] {{0.5, -1}, {1, 2}, {-0.3, 0.7}, {2, -0.4}});
        Matrix y = Matrix.of(DType.FLOAT64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});
        GradientCheckReport report = new GradientCheck().check(net, x, y);
        String s = new GradientCheckSection(report).body();
        for (String tensor : List.of("W1", "b1", "W2", "b2")) {
            assertThat(s).contains("<th scope=\"row\">" + tensor + "</th>");
        }
        assertThat(report.passed()).isTrue();
        assertThat(count(s, "<td class=\"good\">correct</td>") + count(s, "<td class=\"ok\">fine</td>"))
                .isEqualTo(4);
        assertThat(count(s, "<circle")).as("a dot per tensor").isEqualTo(4);
        assertThat(s).contains(Html.sci(report.overallError())).contains(report.diagnosis().message());
    }

    @Test
    void gradientCheckSaysHowManyCoordinatesWereNonDifferentiable() {
        GradientCheckReport report = null;
        for (long seed = 1; seed <= 50 && (report == null || report.nonDifferentiable() == 0); seed++) {
            Network net = NetworkSpec.mlp(6, new int[] {5, 4}, 3, Activation.relu(), Loss.softmaxCrossEntropy())
                    .build(DType.FLOAT64, seed);
            SplittableRandom rng = new SplittableRandom(seed);
            Matrix x = Matrix.zeros(DType.FLOAT64, 16, 6);
            Matrix y = Matrix.zeros(DType.FLOAT64, 16, 3);
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 6; c++) {
                    x.set(r, c, rng.nextGaussian());
                }
                y.set(r, rng.nextInt(3), 1);
            }
            report = new GradientCheck().check(net, x, y);
        }
        assertThat(report.nonDifferentiable()).as("zero biases put some example on a ReLU kink").isPositive();
        assertThat(new GradientCheckSection(report).body())
                .contains(Html.count(report.nonDifferentiable()) + " more non-differentiable at this point");
    }

    @Test
    void aCoordinateStandingOutIsNamedInTheTable() {
        TensorCheck w = new TensorCheck("W2", TensorCheck.Kind.WEIGHT, 1, 2, "Dense(5 → 3, tanh)", 3, 5, 15, 15, 2e-7,
                Verdict.SUSPICIOUS, 1.0, 1.0, 4e-7, Double.NaN, true, List.of(new WorstCoordinate(7, 1, 2, 0.5, 0.4999, 1e-4)),
                0, List.of(new WorstCoordinate(7, 1, 2, 0.5, 0.4999, 1e-4)));
        GradientCheckReport report = new GradientCheckReport("network", "at the given weights", 0, 0, 4, 1e-7,
                DType.FLOAT64, Mode.EVAL, List.of(w), 15, 15, 2e-7, Verdict.FINE, Verdict.SUSPICIOUS,
                new Diagnosis(Diagnosis.Finding.WEIGHT_GRADIENT, "W2 fails", 1), List.of(), List.of(),
                VerdictThresholds.NOTE, 0);
        assertThat(new GradientCheckSection(report).body()).contains("stands out above round-off: [1, 2]");
    }

    @Test
    void aWrongTensorIsRedWithItsWorstCoordinateAndScale() {
        String s = section(html, "gradient-check");
        assertThat(s).contains("<span class=\"badge bad\">wrong — almost certainly a bug</span>")
                .contains("<td class=\"bad\">wrong</td>")
                .contains("<td class=\"good\">correct</td>")
                .contains("[0, 1]: 0.8 vs 0.4 (backprop = 2 × numerical)")
                .contains("<td class=\"num\">2.5e-1</td>", "<td class=\"num\">3e-9</td>")
                .contains("network &lt;script&gt;alert(1)&lt;/script&gt;").contains("note &lt;script&gt;")
                .contains("db2 fails while dW2 passes");
        assertThat(count(s, "<circle")).as("a dot per tensor").isEqualTo(2);
        assertThat(count(s, "<rect")).as("four verdict bands").isEqualTo(4);
    }

    @Test
    void healthShowsEachLayersStatisticsFlagsAndWarnings() {
        String s = section(html, "gradient-health");
        assertThat(count(s, "<svg class=\"chart\"")).isEqualTo(2);
        assertThat(count(s, "stroke-dasharray")).as("the first epoch, dashed, in both charts").isEqualTo(2);
        assertThat(s).contains("<h3>Layers at epoch 2</h3>");
        // layer 1 at epoch 2: 75 % saturated, ‖dW‖ = 0.5 / 2
        assertThat(s).contains("<td class=\"num\">75.00 %</td>", "<td class=\"num\">0.25</td>");
        assertThat(s).contains("<span class=\"badge warn\">saturation</span>").contains("<span class=\"badge good\">ok</span>");
        assertThat(s).contains("saturated &lt;script&gt;alert(1)&lt;/script&gt;").contains("Dense(2 → 4, tanh) &lt;script&gt;");
    }

    @Test
    void initializationMarksAnInitializerThatDoesNotFitItsActivation() {
        String s = section(html, "initialization");
        assertThat(s).contains("<td class=\"warn\">no</td>").contains("<td class=\"good\">yes</td>");
        assertThat(s).contains("use lecun &lt;script&gt;alert(1)&lt;/script&gt;").contains("initializer mismatch");
        // n_in · Var(W) = 2 · 1.0 against the recommended 2 · 0.5
        assertThat(s).contains("<td class=\"num\">2</td><td class=\"num\">1</td>");
        assertThat(count(s, "<circle")).as("a dot per layer").isEqualTo(2);
        assertThat(s).contains(">Var(X)<");
    }

    @Test
    void aRealRunFillsEveryDiagnosticsSectionItHasDataFor() throws Exception {
        RunResult run = ReportFixtures.digits();
        String real = HtmlReport.render(run.record(), run.analysis());
        for (String id : List.of("bias-variance", "gradient-check", "gradient-health", "initialization")) {
            assertThat(section(real, id)).as(id).doesNotContain("class=\"absent\"").contains("<svg class=\"chart\"");
        }
        assertThat(section(real, "bias-variance")).contains(run.analysis().biasVariance().verdict().description());
        int layers = run.analysis().health().forEpoch(run.analysis().health().epochs().get(0)).size();
        assertThat(count(section(real, "gradient-health"), "<tr><th scope=\"row\">")).isEqualTo(layers);
        GradientCheckReport check = run.analysis().gradientCheck();
        assertThat(count(section(real, "gradient-check"), "<circle")).isEqualTo(check.tensors().size());
        assertThat(section(real, "gradient-check")).contains(Html.sci(check.overallError()));
    }
}
