package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;

class EarlyStoppingTest {

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 5, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());
    // deliberately overfitting: a small training set whose labels are partly wrong, and a big network
    private static final Dataset TRAIN = RegularizationEffectsTest.withFlippedLabels(
            STANDARDIZER.transform(PARTS.train()), 0.25).subset("small noisy train", range(300));
    private static final Dataset DEV = STANDARDIZER.transform(PARTS.dev());
    private static final int EPOCHS = 80;

    private static Network bigNetwork() {
        return new NetworkSpec(64, List.of(LayerSpec.dense(256, Activation.relu()), LayerSpec.dense(256, Activation.relu()),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0).build(DType.FLOAT32, 8);
    }

    private static Trainer trainer(int epochs, List<Callback> callbacks) {
        return new Trainer(new TrainConfig(epochs, 16, 0.001, 8, true), new Adam(), callbacks);
    }

    @Test
    void stopsBeforeTheLastEpochAndRestoresAModelBetterOnDevThanTheFinalOne() {
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_COST, 5, 1e-4);
        Network restored = bigNetwork();
        RunRecord run = trainer(EPOCHS, List.of(stopping)).fit(restored, TRAIN, DEV);
        EarlyStopping.Report report = run.training().earlyStopping();

        assertThat(report.stoppedEarly()).isTrue();
        assertThat(report.stoppedEpoch()).isLessThan(EPOCHS).isEqualTo(run.history().size());
        assertThat(report.stoppedEpoch() - report.bestEpoch()).isEqualTo(5); // patience 5: the 5th epoch without improvement stops
        assertThat(report.epochsAfterBest()).isEqualTo(5);
        assertThat(run.training().stopReason()).startsWith("early stopping: dev_cost did not improve");
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.STOPPED_EARLY);
        assertThat(run.bestEpoch()).isEqualTo(report.bestEpoch());

        // the same run without early stopping, for exactly as many epochs: the final-epoch model
        Network last = bigNetwork();
        RunRecord lastRun = trainer(report.stoppedEpoch(), List.of()).fit(last, TRAIN, DEV);
        Evaluation restoredDev = run.evaluation("dev").orElseThrow();
        Evaluation lastDev = lastRun.evaluation("dev").orElseThrow();
        String figures = TestFigures.print(
                "best epoch %d, stopped at %d: dev error restored %.2f%% vs final epoch %.2f%%; dev cost %.4f vs %.4f",
                report.bestEpoch(), report.stoppedEpoch(), 100 * restoredDev.error(), 100 * lastDev.error(),
                restoredDev.cost(), lastDev.cost());
        assertThat(restoredDev.error()).as(figures).isLessThan(lastDev.error());
        assertThat(restoredDev.cost()).as(figures).isLessThan(lastDev.cost());
        // the restored weights are those of the best epoch: its logged dev cost is what we measure now
        assertThat(restoredDev.cost()).isCloseTo(run.history().get(report.bestEpoch() - 1).devCost(),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void restoresTheBestWeightsAlsoWhenTrainingRunsOutOfEpochs() {
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_ERROR, 1000, 0);
        Network network = bigNetwork();
        RunRecord run = trainer(25, List.of(stopping)).fit(network, TRAIN, DEV);
        EarlyStopping.Report report = run.training().earlyStopping();
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(run.history()).hasSize(25);
        double bestLogged = run.history().stream().mapToDouble(EpochLogs::devError).min().orElseThrow();
        assertThat(report.bestValue()).isEqualTo(bestLogged);
        assertThat(run.evaluation("dev").orElseThrow().error()).isEqualTo(bestLogged);
        assertThat(run.history().get(report.bestEpoch() - 1).devError()).isEqualTo(bestLogged);
    }

    // Feeds a dev history to a fresh callback as the trainer would; returns the epoch it stopped at, or 0.
    private static int stopsAt(EarlyStopping stopping, double[] devCost, double[] devError) {
        stopping.onTrainBegin(bigNetwork(), new TrainConfig(devCost.length, 16, 0.001, 8, true), 1);
        for (int e = 1; e <= devCost.length; e++) {
            if (stopping.onEpochEnd(new EpochLogs(e, 1, 0.5, devCost[e - 1], devError[e - 1], 1, 0.001, 1)).stop()) {
                return e;
            }
        }
        return 0;
    }

    @Test
    void patienceNStopsAtTheNthEpochWithoutImprovement() {
        // best at epoch 2, then nothing better: patience 3 stops at epoch 5, patience 0 at epoch 3 (the first worse one)
        double[] cost = {0.9, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1};
        double[] error = {0.3, 0.2, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25};
        for (int patience : new int[] {1, 3, 5}) {
            EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_COST, patience, 0);
            assertThat(stopsAt(stopping, cost, error)).as("patience %d", patience).isEqualTo(2 + patience);
            assertThat(stopping.report().epochsAfterBest()).isEqualTo(patience);
            assertThat(stopping.report().bestEpoch()).isEqualTo(2);
        }
        assertThat(stopsAt(new EarlyStopping(EarlyStopping.Monitor.DEV_COST, 0, 0), cost, error)).isEqualTo(3);
    }

    @Test
    void theDefaultMonitorDoesNotStopAClassifierWhoseDevErrorStillFallsWhileItsCostRises() {
        // overconfidence: the dev cost is lowest at epoch 3 and rises from there, the dev error falls to epoch 12
        double[] cost = new double[14];
        double[] error = new double[14];
        for (int e = 1; e <= 14; e++) {
            cost[e - 1] = 0.40 + 0.01 * Math.abs(e - 3);
            error[e - 1] = e <= 12 ? 0.20 - 0.005 * e : 0.15;
        }
        EarlyStoppingSpec readme = EarlyStoppingSpec.parse("patience=5");
        assertThat(readme.monitor()).isEqualTo(EarlyStopping.Monitor.DEV_ERROR);
        EarlyStopping byDefault = readme.callback();
        assertThat(stopsAt(byDefault, cost, error)).isZero();
        assertThat(byDefault.report().bestEpoch()).isEqualTo(12);
        // on the cost the same history stops at epoch 8, keeping epoch 3 and its 3 points more dev error
        EarlyStopping onCost = new EarlyStopping(EarlyStopping.Monitor.DEV_COST, 5, 1e-4);
        assertThat(stopsAt(onCost, cost, error)).isEqualTo(8);
        assertThat(onCost.report().bestEpoch()).isEqualTo(3);
    }

    @Test
    void theDevErrorsTiesAreBrokenByTheDevCost() {
        // the dev error plateaus at 0.1 from epoch 2 while the dev cost keeps falling to epoch 7
        double[] cost = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.35, 0.36, 0.37, 0.38, 0.39, 0.4};
        double[] error = {0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_ERROR, 3, 1e-4);
        assertThat(stopsAt(stopping, cost, error)).isEqualTo(10);
        assertThat(stopping.report().bestEpoch()).isEqualTo(7);
        // a lower error always wins, whatever the cost
        double[] cost2 = {0.5, 0.9};
        double[] error2 = {0.2, 0.1};
        EarlyStopping lower = new EarlyStopping(EarlyStopping.Monitor.DEV_ERROR, 3, 1e-4);
        stopsAt(lower, cost2, error2);
        assertThat(lower.report().bestEpoch()).isEqualTo(2);
        // the accuracy monitor breaks no ties: best at epoch 2, stopped 3 epochs later
        EarlyStopping onAccuracy = new EarlyStopping(EarlyStopping.Monitor.DEV_ACCURACY, 3, 1e-4);
        assertThat(stopsAt(onAccuracy, cost, error)).isEqualTo(5);
    }

    @Test
    void accuracyIsMaximizedAndNeedsADevSet() {
        assertThat(EarlyStopping.Monitor.parse("dev_accuracy").lowerIsBetter()).isFalse();
        assertThat(EarlyStopping.Monitor.parse("dev-cost").lowerIsBetter()).isTrue();
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_ACCURACY, 2, 0);
        assertThatThrownBy(() -> trainer(3, List.of(stopping)).fit(bigNetwork(), TRAIN, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no dev set");
    }

    @Test
    void invalidSettingsNameTheArgument() {
        assertThatThrownBy(() -> new EarlyStopping(EarlyStopping.Monitor.DEV_COST, -1, 0))
                .hasMessageContaining("patience: -1");
        assertThatThrownBy(() -> new EarlyStopping(EarlyStopping.Monitor.DEV_COST, 3, -0.5))
                .hasMessageContaining("minDelta: -0.5");
        assertThatThrownBy(() -> EarlyStopping.Monitor.parse("loss")).hasMessageContaining("dev_cost, dev_error, dev_accuracy");
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
