package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;

/**
 * A cost that becomes NaN or infinite ends training with outcome DIVERGED, not an exception: the network
 * gets back the weights of the last finished epoch, and the record keeps only finished epochs. The reference
 * is an independent run of the same configuration for exactly that many epochs.
 */
class TrainerDivergenceTest {

    // The tests of a non-finite cost train on through the explosion that precedes it (--on-divergence continue), so
    // that they reach the NaN or the overflow, which stops training whatever the policy.

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 11, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());
    private static final Dataset TRAIN = STANDARDIZER.transform(PARTS.train());
    private static final Dataset DEV = STANDARDIZER.transform(PARTS.dev());

    private static Network network(DType dtype) {
        return NetworkSpec.mlp(64, new int[] {16}, 10, Activation.relu(), Loss.softmaxCrossEntropy()).build(dtype, 3);
    }

    private static RunRecord fit(Network network, TrainConfig config, List<Callback> callbacks) {
        return new Trainer(config, new Sgd(), callbacks).fit(network, TRAIN, DEV);
    }

    @Test
    void aMiniBatchCostThatBecomesNonFiniteStopsTrainingAtTheLastFinishedEpoch() {
        // SGD with α = 10 on this float64 MLP blows up within a few epochs (epoch 6 on OpenBLAS)
        TrainConfig config = new TrainConfig(8, 32, 10, 3, true)
                .withOnDivergence(DivergencePolicy.CONTINUE);
        Network diverged = network(DType.FLOAT64);
        RunRecord run = fit(diverged, config, List.of());

        int finished = run.history().size();
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(finished).as("epochs that finished before the divergence").isBetween(1, 7);
        assertFiniteHistory(run);
        assertThat(run.training().stopReason())
                .startsWith("training diverged: the cost of mini-batch ")
                .contains(" of 34 in epoch " + (finished + 1) + " became ")
                .contains("at learning rate 10; the network has the weights of epoch " + finished + ", the last that finished")
                .contains("Lower the learning rate, e.g. 10x to 1;");

        Network reference = network(DType.FLOAT64);
        RunRecord referenceRun = fit(reference, config.withEpochs(finished), List.of());
        assertSameWeights(diverged, reference);
        assertThat(run.result().evaluations()).isEqualTo(referenceRun.result().evaluations());
        assertThat(run.result().weights()).isEqualTo(referenceRun.result().weights());
        assertSameEpochs(run.history(), referenceRun.history());
    }

    @Test
    void divergingInTheFirstEpochLeavesTheInitialWeightsAndAnEmptyHistory() {
        Network diverged = network(DType.FLOAT32);
        RunRecord run = fit(diverged, new TrainConfig(3, 32, 1e6, 3, true).withOnDivergence(DivergencePolicy.CONTINUE), List.of());

        assertThat(run.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(run.history()).isEmpty();
        assertThat(run.bestEpoch()).isZero();
        assertThat(run.training().stopReason()).contains("in epoch 1 became ")
                .contains("at learning rate 1000000; the network has its initial weights, as no epoch finished")
                .contains("e.g. 10x to 100000;");
        assertSameWeights(diverged, network(DType.FLOAT32)); // built from the same seed, never trained
        assertThat(run.evaluation("train").orElseThrow().cost()).isFinite();
        assertThat(run.evaluation("dev")).isPresent();
        assertThat(RunRecord.fromJson(run.toJson())).isEqualTo(run);
    }

    @Test
    void aCostThatOverflowsWhenMeasuredAfterTheEpochIsCaughtThere() {
        // full-batch gradient descent: the batch cost of epoch k+1 is the training cost measured after epoch k
        // (same weights, same examples, no dropout), so the measurement sees the overflow first
        TrainConfig config = new TrainConfig(30, TRAIN.size(), 1000, 3, true)
                .withOnDivergence(DivergencePolicy.CONTINUE);
        Network diverged = network(DType.FLOAT32);
        RunRecord run = fit(diverged, config, List.of());

        int finished = run.history().size();
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(finished).isBetween(1, 29);
        assertFiniteHistory(run);
        assertThat(run.training().stopReason())
                .startsWith("training diverged: the training cost measured after epoch " + (finished + 1) + " became ");

        Network reference = network(DType.FLOAT32);
        fit(reference, config.withEpochs(finished), List.of());
        assertSameWeights(diverged, reference);
    }

    @Test
    void earlyStoppingStillRestoresItsBestEpochAndTheReasonSaysWhich() {
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.DEV_COST, 100, 0);
        TrainConfig config = new TrainConfig(8, 32, 10, 3, true)
                .withOnDivergence(DivergencePolicy.CONTINUE);
        Network diverged = network(DType.FLOAT64);
        RunRecord run = fit(diverged, config, List.of(stopping));

        assertThat(run.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        int best = run.training().earlyStopping().bestEpoch();
        assertThat(run.bestEpoch()).isEqualTo(best).isBetween(1, run.history().size());
        assertThat(run.training().stopReason()).contains("the network has the weights of epoch " + best);
        double bestLogged = run.history().stream().mapToDouble(EpochLogs::devCost).min().orElseThrow();
        assertThat(run.evaluation("dev").orElseThrow().cost()).isEqualTo(bestLogged);
    }

    /**
     * Adam with α = 1e6 climbs to a cost of ~1e14 without ever overflowing; that explosion (over 1000 times the cost
     * at initialization) stops training with the weights of the epoch before, by default.
     */
    @Test
    void aCostThatExplodesWithoutOverflowingStopsTrainingByDefault() {
        TrainConfig config = new TrainConfig(6, 32, 1e6, 3, true);
        Network exploded = network(DType.FLOAT32);
        RunRecord run = new Trainer(config, new dev.plumb.optim.Adam()).fit(exploded, TRAIN, DEV);
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(run.training().stopReason()).contains("the training cost exploded after epoch")
                .contains("over 1000 times its initial").contains("Lower the learning rate, e.g. 10x to 100000");
        int kept = run.history().size();
        // the initial cost J of this network on this data, computed independently
        Network fresh = network(DType.FLOAT32);
        double initial = fresh.cost(TRAIN.features().to(DType.FLOAT32), TRAIN.targets().to(DType.FLOAT32), dev.plumb.nn.Mode.EVAL);
        assertThat(run.training().initialCost()).isCloseTo(initial, org.assertj.core.data.Offset.offset(1e-4 * initial));
        for (EpochLogs e : run.history()) {
            assertThat(e.trainCost()).as("epoch %d kept", e.epoch()).isLessThanOrEqualTo(1000 * initial);
        }
        Network reference = network(DType.FLOAT32);
        if (kept > 0) {
            new Trainer(config.withEpochs(kept), new dev.plumb.optim.Adam()).fit(reference, TRAIN, DEV);
        }
        assertSameWeights(exploded, reference);
    }

    @Test
    void onDivergenceContinueTrainsOnAndTheRecordSaysTheCostExploded() {
        TrainConfig config = new TrainConfig(3, 32, 1e6, 3, true).withOnDivergence(DivergencePolicy.CONTINUE);
        RunRecord run = new Trainer(config, new dev.plumb.optim.Adam()).fit(network(DType.FLOAT32), TRAIN, DEV);
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(run.history()).hasSize(3);
        assertThat(run.training().explodedEpoch()).isEqualTo(1);
        assertThat(run.training().stopReason()).startsWith("completed 3 epochs; the training cost exploded at epoch 1")
                .contains("--on-divergence continue");
    }

    @Test
    void anOrdinaryRunIsNotCalledExploded() {
        RunRecord run = fit(network(DType.FLOAT32), new TrainConfig(4, 32, 0.05, 3, true), List.of());
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(run.training().explodedEpoch()).isZero();
        assertThat(run.training().stopReason()).isEqualTo("completed 4 epochs");
    }

    private static void assertFiniteHistory(RunRecord run) {
        for (int i = 0; i < run.history().size(); i++) {
            EpochLogs e = run.history().get(i);
            assertThat(e.epoch()).isEqualTo(i + 1);
            assertThat(List.of(e.trainCost(), e.devCost(), e.meanBatchCost(), e.trainError())).allMatch(Double::isFinite);
        }
    }

    private static void assertSameWeights(Network actual, Network expected) {
        Map<String, Parameter> a = actual.parameters();
        Map<String, Parameter> e = expected.parameters();
        assertThat(a.keySet()).isEqualTo(e.keySet());
        for (String name : a.keySet()) {
            assertThat(a.get(name).value().allFinite()).as(name + " finite").isTrue();
            assertThat(a.get(name).value().contentEquals(e.get(name).value())).as(name + " bit for bit").isTrue();
        }
    }

    // everything but the wall time
    private static void assertSameEpochs(List<EpochLogs> actual, List<EpochLogs> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            EpochLogs a = actual.get(i);
            EpochLogs e = expected.get(i);
            assertThat(new EpochLogs(a.epoch(), a.trainCost(), a.trainError(), a.devCost(), a.devError(), a.meanBatchCost(),
                    a.learningRate(), 0)).isEqualTo(new EpochLogs(e.epoch(), e.trainCost(), e.trainError(), e.devCost(),
                    e.devError(), e.meanBatchCost(), e.learningRate(), 0));
        }
    }
}
