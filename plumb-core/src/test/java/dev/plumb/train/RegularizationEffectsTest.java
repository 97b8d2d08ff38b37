package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Linalg;
import dev.plumb.tensor.Matrix;

/** The note's claims about regularization, shown on the digits data. */
class RegularizationEffectsTest {

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 5, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());
    private static final Dataset TRAIN = STANDARDIZER.transform(PARTS.train());
    private static final Dataset DEV = STANDARDIZER.transform(PARTS.dev());

    private static Network tanhNet(double l2, double l1) {
        return new NetworkSpec(64, List.of(LayerSpec.dense(64, Activation.tanh()), LayerSpec.dense(10, Activation.identity())),
                Loss.softmaxCrossEntropy(), l2, l1).build(DType.FLOAT32, 5);
    }

    private static RunRecord fit(Network network, Dataset train, int epochs, List<Callback> callbacks) {
        return new Trainer(new TrainConfig(epochs, 32, 0.003, 5, true), new Adam(), callbacks).fit(network, train, DEV);
    }

    @Test
    void aLargeL2KeepsTanhUnitsInTheirLinearRegion() {
        Network free = tanhNet(0, 0);
        Network shrunk = tanhNet(2000, 0);
        fit(free, TRAIN, 30, List.of());
        fit(shrunk, TRAIN, 30, List.of());

        double freeNorm = Math.sqrt(free.parameters().get("W1").value().sumOfSquares());
        double shrunkNorm = Math.sqrt(shrunk.parameters().get("W1").value().sumOfSquares());
        double freeZ = maxAbsPreActivation(free);
        double shrunkZ = maxAbsPreActivation(shrunk);
        String figures = TestFigures.print("L2 λ=0: ‖W1‖ %.3f, max|z1| %.3f;  λ=2000: ‖W1‖ %.3f, max|z1| %.3f",
                freeNorm, freeZ, shrunkNorm, shrunkZ);
        assertThat(shrunkNorm).as(figures).isLessThan(freeNorm / 5);
        assertThat(freeZ).as("without the penalty tanh units saturate (%s)", figures).isGreaterThan(2);
        assertThat(shrunkZ).as("with a large λ every hidden unit works in the near-linear range (%s)", figures).isLessThan(0.5);
    }

    @Test
    void l1MakesManyMoreWeightsNearZeroThanL2AtComparableTrainError() {
        Network l2 = tanhNet(3, 0);
        Network l1 = tanhNet(0, 3);
        RunRecord r2 = fit(l2, TRAIN, 40, List.of());
        RunRecord r1 = fit(l1, TRAIN, 40, List.of());
        WeightStats w2 = r2.result().weights().get(0);
        WeightStats w1 = r1.result().weights().get(0);
        double e2 = r2.evaluation("train").orElseThrow().error();
        double e1 = r1.evaluation("train").orElseThrow().error();
        String figures = TestFigures.print("W1 near zero (|w| < 1e-3): L2 %.1f%% (train error %.2f%%), L1 %.1f%% (train error %.2f%%)",
                100 * w2.nearZero(), 100 * e2, 100 * w1.nearZero(), 100 * e1);
        assertThat(Math.abs(e1 - e2)).as("comparable train error (%s)", figures).isLessThan(0.03);
        assertThat(w1.nearZero()).as(figures).isGreaterThan(0.3).isGreaterThan(5 * w2.nearZero());
        assertThat(w1.penalty()).isEqualTo("l1(3.0)");
    }

    /**
     * Overfitting made unmistakable: a quarter of the training labels are wrong, and a big network learns
     * them by heart (train error 0 against the noisy labels, dev error far above). L2 or dropout keeps it
     * from memorizing the noise and closes at least half of the train/dev gap, with a lower dev error.
     */
    @Test
    void l2OrDropoutCloseAtLeastHalfOfAnOverfittingGap() {
        Dataset noisy = withFlippedLabels(TRAIN, 0.25);
        List<String> lines = new ArrayList<>();
        double[] none = gap(noisy, 0, 1.0, lines, "no regularization");
        double[] l2 = gap(noisy, 20, 1.0, lines, "L2 λ=20");
        double[] dropout = gap(noisy, 0, 0.3, lines, "dropout keepProb=0.3");
        String figures = TestFigures.print("%s", String.join("\n", lines));

        assertThat(none[1] - none[0]).as("the unregularized network overfits:%n%s", figures).isGreaterThan(0.1);
        for (double[] reg : List.of(l2, dropout)) {
            assertThat(reg[1] - reg[0]).as("gap closed by at least half:%n%s", figures).isLessThan((none[1] - none[0]) / 2);
            assertThat(reg[1]).as("and the dev error is lower:%n%s", figures).isLessThan(none[1]);
        }
    }

    private static double[] gap(Dataset train, double l2, double keepProb, List<String> lines, String label) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            layers.add(LayerSpec.dense(256, Activation.relu()));
            if (keepProb < 1) {
                layers.add(LayerSpec.dropout(keepProb));
            }
        }
        layers.add(LayerSpec.dense(10, Activation.identity()));
        Network network = new NetworkSpec(64, layers, Loss.softmaxCrossEntropy(), l2, 0).build(DType.FLOAT32, 5);
        RunRecord run = new Trainer(new TrainConfig(60, 32, 0.001, 5, true), new Adam()).fit(network, train, DEV);
        double tr = run.evaluation("train").orElseThrow().error();
        double dv = run.evaluation("dev").orElseThrow().error();
        lines.add(String.format("%-22s train error %6.2f%%  dev error %6.2f%%  gap %6.2f points", label, 100 * tr, 100 * dv,
                100 * (dv - tr)));
        return new double[] {tr, dv};
    }

    static Dataset withFlippedLabels(Dataset data, double fraction) {
        SplittableRandom rng = new SplittableRandom(1);
        int[] labels = data.labels().clone();
        for (int i = 0; i < labels.length; i++) {
            if (rng.nextDouble() < fraction) {
                labels[i] = (labels[i] + 1 + rng.nextInt(9)) % 10; // a wrong class, uniformly
            }
        }
        return Dataset.classification("digits/train with flipped labels", data.features(), labels, data.classNames())
                .withRole(data.role());
    }

    // max |z| of the first (tanh) layer over the training set: Z = X·W1ᵀ + b1, computed here from the weights
    private static double maxAbsPreActivation(Network network) {
        Dense first = (Dense) network.layers().get(0);
        Matrix z = Linalg.multiply(TRAIN.features(), false, first.weights(), true);
        z.addRowVector(first.biases());
        double max = 0;
        for (int i = 0; i < z.size(); i++) {
            max = Math.max(max, Math.abs(z.get(i)));
        }
        return max;
    }
}
