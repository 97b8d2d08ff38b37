package dev.plumb.diagnose.health;

import static dev.plumb.diagnose.health.GradientHealthFixtures.deep;
import static dev.plumb.diagnose.health.GradientHealthFixtures.denseLayers;
import static dev.plumb.diagnose.health.GradientHealthFixtures.fittedFactor;
import static dev.plumb.diagnose.health.GradientHealthFixtures.handMade;
import static dev.plumb.diagnose.health.GradientHealthFixtures.oneHot;
import static dev.plumb.diagnose.health.GradientHealthFixtures.pooled;
import static dev.plumb.diagnose.health.GradientHealthFixtures.standardNormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.diagnose.health.InitializationAuditReport.Finding;
import dev.plumb.diagnose.health.InitializationAuditReport.InitializerSource;
import dev.plumb.diagnose.health.InitializationAuditReport.LayerAudit;
import dev.plumb.diagnose.health.InitializationAuditReport.Warning;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;

class InitializationAuditTest {

    private static final int DEPTH = 20;

    @Test
    void deepTanhWithSmallWeightsLosesItsSignalAndIsToldToUseLeCun() {
        Network network = deep(64, DEPTH, 64, Activation.tanh(), "small", 10, 1);
        InitializationAuditReport report = InitializationAudit.run(network, standardNormal(512, 64, 2), oneHot(512, 10, 3));

        // the note: Var(Z[l]) = n·Var(w)·E[a²]; tanh ≈ identity near 0, so each layer multiplies by 64·0.01² = 0.0064
        double[] zVariance = report.layers().stream().limit(DEPTH).mapToDouble(LayerAudit::zVariance).toArray();
        assertThat(fittedFactor(zVariance)).isCloseTo(0.0064, within(0.0064 * 0.15));
        assertThat(report.layer(1).varianceToInput()).isCloseTo(0.0064, within(0.0064 * 0.2));
        assertThat(report.layer(DEPTH).varianceToInput()).as("orders of magnitude lost with depth").isLessThan(1e-35);

        for (int l = 1; l <= DEPTH; l++) {
            LayerAudit layer = report.layer(l);
            assertThat(layer.initializer()).isEqualTo("small");
            assertThat(layer.initializerSource()).isEqualTo(InitializerSource.SPEC);
            assertThat(layer.recommended()).isEqualTo("lecun");
            assertThat(layer.recommendedVariance()).isEqualTo(1.0 / 64);
            assertThat(layer.initializerFits()).isFalse();
        }
        Warning mismatch = report.warnings(Finding.INITIALIZER_MISMATCH).get(0);
        assertThat(mismatch.firstLayer()).isEqualTo(1);
        assertThat(mismatch.lastLayer()).isEqualTo(DEPTH);
        assertThat(mismatch.message()).startsWith("layers 1–20 (Dense(64 → 64, tanh) … Dense(64 → 64, tanh)): "
                + "initializer small").contains("does not fit tanh", "use lecun (Var = 1/n = 0.0156)");

        // Var(A[1]) / Var(X) ≈ 0.0064 is above 1e-4; from layer 2 (≈ 4e-5) on the signal has collapsed
        Warning collapse = report.warnings(Finding.VARIANCE_COLLAPSE).get(0);
        assertThat(collapse.firstLayer()).isEqualTo(2);
        assertThat(collapse.lastLayer()).isEqualTo(DEPTH + 1);
        assertThat(collapse.message()).contains("activation variance collapses", "LeCun/Xavier (1/n) for tanh");
        assertThat(report.layer(1).findings()).containsExactly(Finding.INITIALIZER_MISMATCH);
        assertThat(report.layer(2).findings()).containsExactly(Finding.INITIALIZER_MISMATCH, Finding.VARIANCE_COLLAPSE);
    }

    @Test
    void heKeepsReluVarianceLevelWhileLeCunHalvesItLayerByLayer() { // ≈ 2 s: two 20 × 256 networks and a reference
        Matrix x = standardNormal(256, 256, 4);
        Matrix y = oneHot(256, 10, 5);
        Network he = deep(256, DEPTH, 256, Activation.relu(), "he", 10, 6);
        Network lecun = deep(256, DEPTH, 256, Activation.relu(), "lecun", 10, 6);
        InitializationAuditReport heReport = InitializationAudit.run(he, x, y);
        InitializationAuditReport lecunReport = InitializationAudit.run(lecun, x, y);

        double[] heZ = referenceZVariances(he, x);
        for (int l = 1; l <= DEPTH; l++) {
            assertThat(heReport.layer(l).zVariance()).isCloseTo(heZ[l - 1], within(1e-9 * heZ[l - 1]));
        }
        // The note: Var(Z[l]) = n·Var(w)·E[a²], and behind a ReLU E[a²] = Var(Z[l−1]) / 2, so each layer
        // multiplies the variance by n·(2/n)/2 = 1 with He and by n·(1/n)/2 = 1/2 with LeCun. That is an
        // expectation over the weights; one network of finite width n also fluctuates, Var(log‖z‖²)
        // growing by about 5/n per ReLU layer (Hanin & Rolnick 2018) — std ≈ 0.6 over 20 layers of 256,
        // so "within a factor of 2 of layer 1 at every depth" would hold for only some weight draws.
        // What holds for every draw: each layer's change stays within a factor of 2 (≈ 5 std per layer),
        // and the fitted per-layer factor is the closed form.
        for (int l = 2; l <= DEPTH; l++) {
            double ratio = heZ[l - 1] / heZ[l - 2];
            assertThat(heReport.layer(l).zVarianceRatio()).isCloseTo(ratio, within(1e-9));
            assertThat(ratio).as("He, Var(Z[%d]) / Var(Z[%d])", l, l - 1).isBetween(0.5, 2.0);
        }
        assertThat(fittedFactor(hiddenZVariances(heReport))).isCloseTo(1.0, within(0.15));
        assertThat(fittedFactor(hiddenZVariances(lecunReport))).isCloseTo(0.5, within(0.15));
        // over 19 ReLU layers: He keeps the order of magnitude, LeCun loses four (0.5^19 ≈ 2e-6)
        assertThat(heZ[DEPTH - 1] / heZ[0]).isBetween(0.1, 10.0);
        assertThat(lecunReport.layer(DEPTH).zVariance() / lecunReport.layer(1).zVariance()).isLessThan(1e-4);

        assertThat(heReport.warnings()).isEmpty();
        assertThat(heReport.layers()).allSatisfy(l -> assertThat(l.findings()).isEmpty());
        Warning mismatch = lecunReport.warnings(Finding.INITIALIZER_MISMATCH).get(0);
        assertThat(mismatch.firstLayer()).isEqualTo(1);
        assertThat(mismatch.lastLayer()).isEqualTo(DEPTH);
        assertThat(mismatch.message()).contains("does not fit relu", "use he (Var = 2/n = 0.00781)");
        assertThat(lecunReport.layer(DEPTH + 1).initializerFits()).as("a linear output layer takes LeCun").isTrue();
        // 0.5 per layer from Var(A[1]) / Var(X) ≈ 0.34 falls below 1e-4 after about 12 layers
        assertThat(lecunReport.warnings(Finding.VARIANCE_COLLAPSE)).singleElement()
                .satisfies(w -> assertThat(w.firstLayer()).isBetween(11, 15));
    }

    /** Var(Z) of the hidden layers 2..DEPTH: the ones whose input is a ReLU output. */
    private static double[] hiddenZVariances(InitializationAuditReport report) {
        return report.layers().subList(1, DEPTH).stream().mapToDouble(LayerAudit::zVariance).toArray();
    }

    @Test
    void withoutASpecTheInitializerIsInferredFromTheWeights() {
        int[] widths = {64, 128, 128, 10};
        Matrix x = standardNormal(128, 64, 7);
        Matrix y = oneHot(128, 10, 8);
        InitializationAuditReport he = InitializationAudit.run(handMade(widths, Activation.relu(), Initializer.parse("he"), 9), x, y);
        InitializationAuditReport lecun = InitializationAudit.run(
                handMade(widths, Activation.relu(), Initializer.parse("lecun_uniform"), 9), x, y);
        InitializationAuditReport small = InitializationAudit.run(
                handMade(widths, Activation.sigmoid(), Initializer.parse("small"), 9), x, y);
        for (int l = 1; l <= 2; l++) {
            assertThat(he.layer(l).initializer()).isEqualTo("he");
            assertThat(he.layer(l).initializerSource()).isEqualTo(InitializerSource.INFERRED);
            assertThat(he.layer(l).initializerFits()).isTrue();
            assertThat(lecun.layer(l).initializer()).isEqualTo("lecun");
            assertThat(lecun.layer(l).initializerFits()).isFalse();
            assertThat(small.layer(l).initializer()).isEqualTo("small");
        }
        assertThat(he.warnings(Finding.INITIALIZER_MISMATCH)).isEmpty();

        Network odd = handMade(widths, Activation.relu(), new Initializer.SmallRandom(0.3), 9);
        InitializationAuditReport unknown = InitializationAudit.run(odd, x, y);
        assertThat(unknown.layer(1).initializer()).isEqualTo("unknown");
        assertThat(unknown.layer(1).initializerSource()).isEqualTo(InitializerSource.UNKNOWN);
        assertThat(unknown.layer(1).weightVariance()).isCloseTo(0.09, within(0.09 * 0.1));

        Network zeros = handMade(widths, Activation.relu(), Initializer.parse("zeros"), 9);
        InitializationAuditReport zeroReport = InitializationAudit.run(zeros, x, y);
        assertThat(zeroReport.layer(1).initializer()).isEqualTo("zeros");
        assertThat(zeroReport.warnings(Finding.INITIALIZER_MISMATCH).get(0).message())
                .contains("all-zero weights never make the units differ");
        assertThat(zeroReport.layer(2).zVarianceRatio()).as("0 / 0").isNaN();
    }

    @Test
    void gradientNormsAreThoseOfTheNetworksOwnBackprop() {
        Network network = deep(32, 3, 48, Activation.tanh(), "lecun", 5, 10);
        Matrix x = standardNormal(200, 32, 11);
        Matrix y = oneHot(200, 5, 12);
        InitializationAuditReport report = InitializationAudit.run(network, x, y);
        network.computeGradients(x, y, dev.plumb.nn.Mode.EVAL, 200); // no penalty in this network
        for (int l = 1; l <= 4; l++) {
            double dW = Math.sqrt(network.parameters().get("W" + l).grad().sumOfSquares());
            double db = Math.sqrt(network.parameters().get("b" + l).grad().sumOfSquares());
            assertThat(report.layer(l).weightGradientNorm()).isCloseTo(dW, within(1e-12 * dW));
            assertThat(report.layer(l).biasGradientNorm()).isCloseTo(db, within(1e-12 * db));
        }
    }

    @Test
    void configAndProbeErrorsNameTheArgument() {
        assertThatThrownBy(() -> new InitializationAuditConfig(0, 1e4)).hasMessage(
                "Invalid value for argument collapseRatio: 0.0. Expected a fraction of the input's variance in (0, 1), e.g. 1e-4.");
        assertThatThrownBy(() -> new InitializationAuditConfig(1e-4, 1)).hasMessage(
                "Invalid value for argument explodeRatio: 1.0. Expected a finite multiple of the input's variance > 1, e.g. 1e4.");
        Network network = deep(8, 1, 4, Activation.relu(), "he", 3, 1);
        assertThatThrownBy(() -> InitializationAudit.run(network, standardNormal(5, 7, 1), oneHot(5, 3, 1)))
                .hasMessage("Invalid probe batch: 7 features and 3 target columns, but the network takes 8 and gives 3");
        assertThatThrownBy(() -> InitializationAudit.run(network, standardNormal(5, 8, 1), oneHot(4, 3, 1)))
                .hasMessage("Invalid probe batch: 5 input rows and 4 target rows. "
                        + "Expected the same positive number of examples in both.");
        assertThatThrownBy(() -> new InitializationAuditReport(InitializationAuditConfig.defaults(), 1, 1, List.of(),
                List.of(new Warning(Finding.VARIANCE_COLLAPSE, 3, 2, "x"))))
                .hasMessage("Invalid warning layers: first 3, last 2. Expected 1 <= firstLayer <= lastLayer.");
    }

    @Test
    void formatShowsTheTableAndTheWarnings() {
        Network network = deep(64, 6, 64, Activation.tanh(), "small", 10, 1);
        String text = TestFigures.print("%s", InitializationAudit.run(network, standardNormal(256, 64, 2), oneHot(256, 10, 3)).format());
        assertThat(text).startsWith("Initialization audit: probe of 256 examples, Var(X) = ")
                .contains("Dense(64 → 64, tanh)", "small ✗", "Warnings:", "initializer small", "collapses");
        assertThat(text.lines().filter(line -> line.contains("Dense(")).count()).isGreaterThanOrEqualTo(7);
    }

    /** Var(Z[l]) per dense layer, propagating x in plain double loops: Z = A·Wᵀ + b, A = max(0, Z). */
    private static double[] referenceZVariances(Network network, Matrix x) {
        List<Dense> layers = denseLayers(network);
        double[][] a = new double[x.rows()][];
        for (int i = 0; i < x.rows(); i++) {
            a[i] = x.row(i);
        }
        double[] variances = new double[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            Dense dense = layers.get(l);
            double[][] w = new double[dense.units()][];
            for (int j = 0; j < dense.units(); j++) {
                w[j] = dense.weights().row(j);
            }
            double[][] z = new double[a.length][dense.units()];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < dense.units(); j++) {
                    double s = dense.biases().get(j);
                    for (int k = 0; k < w[j].length; k++) {
                        s += a[i][k] * w[j][k];
                    }
                    z[i][j] = s;
                }
            }
            variances[l] = pooled(z)[1];
            for (double[] row : z) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.max(0, row[j]);
                }
            }
            a = z;
        }
        return variances;
    }
}
