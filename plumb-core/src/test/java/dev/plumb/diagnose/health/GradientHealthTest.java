package dev.plumb.diagnose.health;

import static dev.plumb.diagnose.health.GradientHealthFixtures.deep;
import static dev.plumb.diagnose.health.GradientHealthFixtures.denseLayers;
import static dev.plumb.diagnose.health.GradientHealthFixtures.handMade;
import static dev.plumb.diagnose.health.GradientHealthFixtures.oneHot;
import static dev.plumb.diagnose.health.GradientHealthFixtures.pooled;
import static dev.plumb.diagnose.health.GradientHealthFixtures.standardNormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.data.Dataset;
import dev.plumb.diagnose.health.HealthReport.Kind;
import dev.plumb.diagnose.health.HealthReport.Warning;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Adam;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

class GradientHealthTest {

    private static final GradientHealthConfig DEFAULTS = GradientHealthConfig.defaults();

    private static HealthReport check(Network network, long seed) {
        return GradientHealth.check(network, standardNormal(256, network.inputs(), seed),
                oneHot(256, network.outputs(), seed + 1), DEFAULTS);
    }

    @Test
    void deepSigmoidWithSmallWeightsWarnsOfVanishingGradientsNamingTheLayers() {
        HealthReport report = check(deep(32, 10, 32, Activation.sigmoid(), "small", 4, 1), 2);

        Warning vanishing = report.warnings(Kind.VANISHING_GRADIENTS).get(0);
        assertThat(report.warnings(Kind.VANISHING_GRADIENTS)).hasSize(1);
        assertThat(vanishing.firstLayer()).isEqualTo(1);
        assertThat(vanishing.lastLayer()).isEqualTo(11);
        // going back one layer: dZ[l−1] = g'(Z[l−1]) ⊙ (dZ[l]·W[l]); with σ' ≈ 1/4 near σ(z) = 1/2 and
        // Var(w) = 0.01², ‖dZ‖ is multiplied by ¼·0.01·√n[l−1] = ¼·0.01·√32 ≈ 0.0141 per layer
        double closedForm = 0.25 * 0.01 * Math.sqrt(32);
        assertThat(vanishing.value()).isCloseTo(closedForm, within(0.15 * closedForm));
        assertThat(vanishing.message()).startsWith("vanishing gradients: ‖dZ‖ shrinks ×0.01")
                .contains("per layer going back from layer 11 (Dense(32 → 4, identity)) to layer 1 (Dense(32 → 32, sigmoid))")
                .endsWith("— use He/Xavier initialization, ReLU, or fewer layers");
        assertThat(report.warnings()).extracting(Warning::kind).containsOnly(Kind.VANISHING_GRADIENTS);
    }

    @Test
    void deepTanhWithSmallWeightsWarnsThoughItsWeightGradientsAreLevel() {
        HealthReport report = check(deep(64, 10, 64, Activation.tanh(), "small", 10, 3), 4);

        Warning vanishing = report.warnings(Kind.VANISHING_GRADIENTS).get(0);
        assertThat(vanishing.firstLayer()).isEqualTo(1);
        assertThat(vanishing.lastLayer()).isEqualTo(11);
        double closedForm = 0.01 * Math.sqrt(64); // tanh' ≈ 1 near 0
        assertThat(vanishing.value()).isCloseTo(closedForm, within(0.15 * closedForm));
        // ‖dW[l]‖ = ‖dZ[l]ᵀ·A[l−1]‖: dZ shrinks going back as fast as A shrinks going forward, so ‖dW‖ is
        // level (and tiny) across layers — why the trend is fitted on ‖dZ‖
        double[] dW = report.layers().stream().mapToDouble(LayerHealth::weightGradientNorm).toArray();
        double[] dZ = report.layers().stream().mapToDouble(LayerHealth::preActivationGradientNorm).toArray();
        assertThat(max(dW) / min(dW)).isLessThan(3);
        assertThat(dZ[10] / dZ[0]).isGreaterThan(1e9);
    }

    @Test
    void healthyReluNetworksWithHeInitializationGetNoWarning() {
        HealthReport shallow = check(deep(32, 2, 64, Activation.relu(), "he", 10, 5), 6);
        HealthReport deeper = check(deep(64, 10, 64, Activation.relu(), "he", 10, 7), 8);
        HealthReport pyramid = GradientHealth.check(handMade(new int[] {256, 128, 64, 32, 10}, Activation.relu(),
                Initializer.parse("he"), 9), standardNormal(256, 256, 9), oneHot(256, 10, 10), DEFAULTS);
        assertThat(shallow.warnings()).isEmpty();
        assertThat(deeper.warnings()).isEmpty();
        assertThat(pyramid.warnings()).as("narrowing layers are no trend in ‖dZ‖").isEmpty();
        assertThat(shallow.format()).endsWith("No warnings.\n");
    }

    @Test
    void largeWeightsInADeepReluNetworkWarnOfExplodingGradients() {
        int[] widths = {64, 64, 64, 64, 64, 64, 64, 64, 10};
        HealthReport report = GradientHealth.check(handMade(widths, Activation.relu(), new Initializer.SmallRandom(0.5), 11),
                standardNormal(256, 64, 12), oneHot(256, 10, 13), DEFAULTS);

        Warning exploding = report.warnings(Kind.EXPLODING_GRADIENTS).get(0);
        assertThat(exploding.firstLayer()).isEqualTo(1);
        assertThat(exploding.lastLayer()).isEqualTo(8);
        // going back through a ReLU layer: ‖dZ‖² gains n·Var(w)/2 = 64·0.25/2 = 8
        assertThat(exploding.value()).isCloseTo(Math.sqrt(8), within(0.15 * Math.sqrt(8)));
        assertThat(exploding.message()).startsWith("exploding gradients: ‖dZ‖ grows ×")
                .contains("to layer 1 (Dense(64 → 64, relu))", "a lower learning rate");
        assertThat(report.warnings(Kind.VANISHING_GRADIENTS)).isEmpty();
    }

    @Test
    void aReluLayerForcedDeadIsReportedFullyDead() {
        Network network = deep(16, 2, 32, Activation.relu(), "he", 4, 14);
        denseLayers(network).get(1).biases().fill(-100);
        Matrix x = standardNormal(256, 16, 15);
        HealthReport report = GradientHealth.check(network, x, oneHot(256, 4, 16), DEFAULTS);

        // the test's own forward pass: every output of layer 2 is 0
        Matrix a1 = denseLayers(network).get(0).forward(x, Mode.EVAL);
        Matrix a2 = denseLayers(network).get(1).forward(a1, Mode.EVAL);
        assertThat(a2.sumOfAbsolutes()).isZero();
        assertThat(report.forEpoch(0)).extracting(LayerHealth::deadFraction).containsExactly(0.0, 1.0, 0.0);
        assertThat(report.warnings()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(Kind.DEAD_RELU);
            assertThat(w.firstLayer()).isEqualTo(2);
            assertThat(w.value()).isEqualTo(1.0);
            assertThat(w.message()).startsWith("layer 2 (Dense(32 → 32, relu)): 100.0% of its units are dead");
        });
    }

    @Test
    void tanhAndSigmoidLayersWithHugeWeightsAreReportedSaturated() {
        Matrix x = standardNormal(256, 16, 17);
        Matrix y = oneHot(256, 4, 18);
        for (Activation g : List.of(Activation.tanh(), Activation.sigmoid())) {
            Network network = handMade(new int[] {16, 32, 4}, g, new Initializer.SmallRandom(20), 19);
            HealthReport report = GradientHealth.check(network, x, y, DEFAULTS);

            Matrix a = denseLayers(network).get(0).forward(x, Mode.EVAL);
            long saturated = IntStream.range(0, a.size()).filter(i -> g.id().equals("tanh")
                    ? Math.abs(a.get(i)) > 0.99 : a.get(i) < 0.01 || a.get(i) > 0.99).count();
            LayerHealth first = report.forEpoch(0).get(0);
            assertThat(first.saturatedFraction()).as(g.id()).isGreaterThan(0.9)
                    .isEqualTo((double) saturated / a.size());
            assertThat(report.warnings(Kind.SATURATION)).singleElement().satisfies(w -> {
                assertThat(w.firstLayer()).isEqualTo(1);
                assertThat(w.message()).startsWith("layer 1 (Dense(16 → 32, " + g.id() + ")): ")
                        .contains(g.id().equals("tanh") ? "(|a| > 0.99)" : "(a < 0.01 or a > 0.99)");
            });
        }
    }

    @Test
    void insideTrainerFitItRecordsEveryLayerEveryEpochAndLeavesTrainingUnchanged() {
        Dataset train = syntheticData(300);
        NetworkSpec spec = new NetworkSpec(20, List.of(LayerSpec.dense(32, Activation.relu()), LayerSpec.dropout(0.8),
                LayerSpec.dense(16, Activation.tanh()), LayerSpec.dense(3, Activation.identity())),
                Loss.softmaxCrossEntropy(), 1e-3, 0);
        TrainConfig config = new TrainConfig(4, 32, 0.01, 21, true);
        Matrix probeX = train.features().rowRange(0, 64);
        Matrix probeY = train.targets().rowRange(0, 64);
        List<Warning> told = new ArrayList<>();
        GradientHealth health = new GradientHealth(probeX, probeY, DEFAULTS, told::add);

        Network watched = spec.build(DType.FLOAT32, 22);
        Network plain = spec.build(DType.FLOAT32, 22);
        RunRecord withHealth = new Trainer(config, new Adam(), List.of(health)).fit(watched, train, null);
        RunRecord without = new Trainer(config, new Adam()).fit(plain, train, null);

        for (String name : plain.parameters().keySet()) {
            Parameter p = watched.parameters().get(name);
            assertThat(p.value().contentEquals(plain.parameters().get(name).value())).as("%s bit-identical", name).isTrue();
        }
        assertThat(withHealth.history()).extracting(EpochLogs::trainCost)
                .containsExactlyElementsOf(without.history().stream().map(EpochLogs::trainCost).toList());

        HealthReport report = health.report();
        assertThat(report.layers()).hasSize(4 * 3);
        assertThat(report.epochs()).containsExactly(1, 2, 3, 4);
        for (int epoch = 1; epoch <= 4; epoch++) {
            assertThat(report.forEpoch(epoch)).extracting(LayerHealth::layer).containsExactly(1, 2, 3);
        }
        assertThat(report.probeExamples()).isEqualTo(64);
        assertThat(told).isEqualTo(report.warnings());

        // the last epoch against the network's own backprop and a forward pass of the test's own
        watched.computeGradients(probeX, probeY, Mode.EVAL, 64);
        List<LayerHealth> last = report.forEpoch(4);
        double penalty = 1e-3 / 64; // computeGradients adds (λ/m)·W; the probe leaves the penalty out
        for (int l = 1; l <= 3; l++) {
            Matrix dW = watched.parameters().get("W" + l).grad().copy();
            dW.axpy(-penalty, watched.parameters().get("W" + l).value());
            assertThat(last.get(l - 1).weightGradientNorm()).isCloseTo(Math.sqrt(dW.sumOfSquares()),
                    within(1e-5 * Math.sqrt(dW.sumOfSquares())));
        }
        Matrix a1 = denseLayers(watched).get(0).forward(probeX, Mode.EVAL);
        double[][] rows = IntStream.range(0, a1.rows()).mapToObj(a1::row).toArray(double[][]::new);
        double[] stats = pooled(rows);
        assertThat(last.get(0).activationMean()).isCloseTo(stats[0], within(1e-9));
        assertThat(last.get(0).activationStd()).isCloseTo(Math.sqrt(stats[1]), within(1e-9));
    }

    @Test
    void samplingDrawsTheConfiguredNumberOfRows() {
        Dataset train = syntheticData(100);
        Network network = new NetworkSpec(20, List.of(LayerSpec.dense(8, Activation.relu()),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0).build(DType.FLOAT32, 1);
        GradientHealth some = GradientHealth.sampling(train, DEFAULTS.withProbe(30, 5));
        GradientHealth all = GradientHealth.sampling(train, DEFAULTS);
        some.onTrainBegin(network, TrainConfig.defaults(), 1);
        assertThat(some.report().probeExamples()).isEqualTo(30);
        assertThat(all.report().probeExamples()).isEqualTo(100);
    }

    @Test
    void formatShowsTheFirstAndLastEpochAndEachWarningOnce() {
        Network network = deep(20, 6, 32, Activation.sigmoid(), "small", 3, 23);
        Dataset train = syntheticData(200);
        GradientHealth health = GradientHealth.sampling(train, DEFAULTS.withProbe(128, 1));
        new Trainer(new TrainConfig(3, 50, 0.1, 1, true), new Sgd(), List.of(health)).fit(network, train, null);
        String text = TestFigures.print("%s", health.report().format());
        assertThat(text).startsWith("Gradient health: probe of 128 examples, epochs 1–3\nEpoch 1\n")
                .contains("\nEpoch 3\n", "‖dW‖", "Dense(20 → 32, sigmoid)", "Warnings:\n  - epochs 1–3: vanishing gradients: ");
        assertThat(text).doesNotContain("\nEpoch 2\n");
        assertThat(HealthReport.ranges(new int[] {1, 2, 3, 5, 7, 8})).isEqualTo("1–3, 5, 7–8");
    }

    @Test
    void configErrorsNameTheArgumentAndWhatIsAllowed() {
        assertThatThrownBy(() -> DEFAULTS.withShrinkRatio(1)).hasMessage(
                "Invalid value for argument shrinkRatio: 1.0. Expected a per-layer factor in (0, 1), e.g. 0.5.");
        assertThatThrownBy(() -> DEFAULTS.withGrowRatio(0.9)).hasMessage(
                "Invalid value for argument growRatio: 0.9. Expected a finite per-layer factor > 1, e.g. 2.");
        assertThatThrownBy(() -> DEFAULTS.withMinLayers(1)).hasMessage(
                "Invalid value for argument minLayers: 1. Expected an integer >= 2 (a trend needs at least two layers), e.g. 3.");
        assertThatThrownBy(() -> new GradientHealthConfig(0.5, 2, 3, 0.5, 0.5, 0.5, 256, 0)).hasMessage(
                "Invalid value for argument saturationMargin: 0.5. Expected a distance from the asymptote in (0, 0.5), e.g. 0.01.");
        assertThatThrownBy(() -> new GradientHealthConfig(0.5, 2, 3, 0.01, 0, 0.5, 256, 0)).hasMessage(
                "Invalid value for argument saturationLimit: 0.0. Expected a fraction in (0, 1], e.g. 0.5.");
        assertThatThrownBy(() -> new GradientHealthConfig(0.5, 2, 3, 0.01, 0.5, 1.5, 256, 0)).hasMessage(
                "Invalid value for argument deadLimit: 1.5. Expected a fraction in (0, 1], e.g. 0.5.");
        assertThatThrownBy(() -> DEFAULTS.withProbe(0, 1)).hasMessage(
                "Invalid value for argument probeExamples: 0. Expected a positive integer, e.g. 256.");
        assertThatThrownBy(() -> DEFAULTS.withShrinkRatio(Double.NaN)).hasMessageContaining("shrinkRatio: NaN");
    }

    @Test
    void misuseIsReportedPlainly() {
        GradientHealth health = new GradientHealth(standardNormal(4, 20, 1), oneHot(4, 3, 1), DEFAULTS);
        assertThatThrownBy(() -> health.onEpochEnd(new EpochLogs(1, 0, 0, null, null, 0, 0.1, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("GradientHealth: onEpochEnd before onTrainBegin; add it to a Trainer's callbacks");
        Network wide = deep(30, 1, 4, Activation.relu(), "he", 3, 1);
        assertThatThrownBy(() -> health.onTrainBegin(wide, TrainConfig.defaults(), 1))
                .hasMessage("Invalid probe batch: 20 features and 3 target columns, but the network takes 30 and gives 3");
        assertThatThrownBy(() -> new GradientHealth(standardNormal(4, 20, 1), oneHot(5, 3, 1), DEFAULTS))
                .hasMessage("Invalid probe batch: 4 input rows and 5 target rows. "
                        + "Expected the same positive number of examples in both.");
    }

    /** Three Gaussian blobs in 20 dimensions, float32. */
    private static Dataset syntheticData(int m) {
        Matrix noise = standardNormal(m, 20, 31);
        int[] labels = new int[m];
        Matrix x = Matrix.zeros(DType.FLOAT32, m, 20);
        for (int i = 0; i < m; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 20; j++) {
                x.set(i, j, noise.get(i, j) + (j % 3 == labels[i] ? 1.5 : 0));
            }
        }
        return Dataset.classification("blobs", x, labels, List.of("a", "b", "c"));
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }
}
