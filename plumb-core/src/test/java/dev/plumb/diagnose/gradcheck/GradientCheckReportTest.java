package dev.plumb.diagnose.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** The text rendering shows what the record holds, aligned, with the failing details. */
class GradientCheckReportTest {

    private final Matrix x = Fixtures.gaussian(Fixtures.M, 4, 91);
    private final Matrix y = Fixtures.oneHot(Fixtures.M, 3, 92);

    private GradientCheckReport failingReport() {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.tanh(), DType.FLOAT64, 93),
                new Dropout(0.5, 3, DType.FLOAT64),
                new HandWrittenDense(5, 3, true, HandWrittenDense.Fault.BIAS_TIMES_M, DType.FLOAT64).randomize(94));
        return new GradientCheck().check(new Network(4, layers, Loss.softmaxCrossEntropy(), new L2(0.1), null), x, y);
    }

    @Test
    void theTableHasOneAlignedRowPerTensorAndAnOverallRow() {
        GradientCheckReport report = failingReport();
        List<String> lines = report.format().lines().toList();

        assertThat(lines.get(0)).isEqualTo("Gradient check of network Dense(4 → 5, tanh) → Dropout(keepProb=0.5) →"
                + " HandWrittenDense(5 → 3, tanh); loss softmax_cross_entropy; penalty l2(0.1)");
        assertThat(lines.get(1)).isEqualTo("at the given weights · 8 examples · two-sided differences, ε = 1.0e-07 ·"
                + " float64 · mode EVAL");
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("tensor")).findFirst().orElseThrow());
        int verdictColumn = lines.get(header).indexOf("verdict");
        for (int i = 1; i <= 4; i++) {
            String row = lines.get(header + i);
            assertThat(row).startsWith(report.tensors().get(i - 1).name());
            assertThat(row.substring(verdictColumn)).startsWith(report.tensors().get(i - 1).verdict().name());
        }
        assertThat(lines.get(header + 4)).contains("3 of 3").contains("backprop = 8.000 × numerical");
        assertThat(lines.get(header + 6)).startsWith("overall").contains("43 of 43");
    }

    @Test
    void aFailingReportShowsVerdictDiagnosisWorstCoordinatesEachLayerAndNotes() {
        GradientCheckReport report = failingReport();
        String text = report.format();

        assertThat(text).contains("verdict: WRONG — almost certainly a bug   (correct < 1e-07 ≤ fine < 1e-05 ≤"
                + " suspicious < 1e-03 ≤ wrong)");
        assertThat(text).contains("diagnosis: " + report.diagnosis().message());
        WorstCoordinate worst = report.tensor("b2").orElseThrow().worst().get(0);
        assertThat(text).contains("b2 [0, " + worst.col() + "] (flat " + worst.index() + ")");
        assertThat(text).contains("each layer on its own")
                .contains("  FAIL  layer 2 (HandWrittenDense(5 → 3, tanh)): W CORRECT")
                .contains("  pass  Dropout(keepProb=0.5) at position 2: X CORRECT");
        assertThat(text).contains("notes:\n  - dropout layers Dropout(keepProb=0.5) at position 2 were turned off");
        assertThat(report.failing()).extracting(TensorCheck::name).containsExactly("b2");
    }

    @Test
    void aPassingReportHasNoFailureSections() {
        GradientCheckReport report = new GradientCheck().check(
                Fixtures.twoLayer(Activation.tanh(), Loss.softmaxCrossEntropy(), new L2(0.1), 3, 95), x, y);

        assertThat(report.format()).contains("verdict: CORRECT — backprop is right")
                .doesNotContain("worst coordinates").doesNotContain("each layer on its own");
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.ALL_PASS);
        assertThat(report.diagnosis().message()).startsWith("all 4 tensors agree with the numerical gradient (worst: ");
    }

    @Test
    void aGradientThatIsNotFiniteIsNamedAndTheLayerThatMakesItToo() {
        List<Layer> layers = List.of(Fixtures.dense(4, 5, Activation.identity(), DType.FLOAT64, 96),
                new HandWrittenTanh(false, Double.NaN), Fixtures.dense(5, 3, Activation.identity(), DType.FLOAT64, 97));

        GradientCheckReport report = new GradientCheck().check(Network.of(4, layers, Loss.softmaxCrossEntropy()), x, y);

        assertThat(report.verdict()).isEqualTo(Verdict.WRONG);
        assertThat(report.tensor("W1").orElseThrow().relativeError()).isNaN();
        assertThat(report.diagnosis().finding()).isEqualTo(Finding.NOT_FINITE);
        assertThat(report.diagnosis().message()).startsWith("the gradient of b1 is not finite")
                .contains("failing its own check: HandWrittenTanh at position 2 on X");
        assertThat(report.format()).contains("NaN");
    }
}
