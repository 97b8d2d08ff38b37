package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * A run stopped at any mini-batch and resumed from its checkpoint ends with the very weights, history and record of
 * a run that never stopped — for every optimizer, with dropout, early stopping and a learning-rate schedule, in both
 * precisions. The reference is the uninterrupted run of the same configuration.
 */
class ResumeTest {

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 5, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());
    private static final Dataset TRAIN = STANDARDIZER.transform(PARTS.train());
    private static final Dataset DEV = STANDARDIZER.transform(PARTS.dev());
    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of(OptimizerSpec.SGD, 1.0, false, DType.FLOAT32, 3, 7),
                Arguments.of(OptimizerSpec.MOMENTUM, 0.8, false, DType.FLOAT32, 2, 1),
                Arguments.of(OptimizerSpec.ADAM, 0.8, true, DType.FLOAT32, 4, 20),
                Arguments.of(OptimizerSpec.ADAM, 1.0, true, DType.FLOAT64, 1, 33),
                Arguments.of(OptimizerSpec.MOMENTUM, 0.5, true, DType.FLOAT64, 5, 2));
    }

    @ParameterizedTest(name = "{0}, keep {1}, early stopping {2}, {3}, stopped at epoch {4} batch {5}")
    @MethodSource("runs")
    void aResumedRunEndsAsIfItHadNeverStopped(OptimizerSpec optimizer, double keepProb, boolean earlyStopping, DType dtype,
                                              int stopEpoch, int stopBatch) throws Exception {
        Network uninterrupted = network(keepProb, dtype);
        RunRecord reference = trainer(optimizer, earlyStopping, null)
                .fit(uninterrupted, TRAIN, DEV, new CheckpointFile(dir.resolve("reference.safetensors")));

        CheckpointFile checkpoints = new CheckpointFile(dir.resolve("interrupted.safetensors"));
        RunRecord stopped = trainer(optimizer, earlyStopping, new StopAt(stopEpoch, stopBatch))
                .fit(network(keepProb, dtype), TRAIN, DEV, checkpoints);
        assertThat(stopped.outcome()).isEqualTo(TrainingOutcome.INTERRUPTED);
        assertThat(stopped.history()).hasSize(stopEpoch - 1);

        Network resumed = network(keepProb, dtype); // a new process would build it from the seed again
        RunRecord continued = trainer(optimizer, earlyStopping, null).fit(resumed, TRAIN, DEV, checkpoints);

        assertSameWeights(resumed, uninterrupted);
        assertThat(withoutTimes(continued.history())).isEqualTo(withoutTimes(reference.history()));
        assertThat(continued.outcome()).isEqualTo(reference.outcome());
        assertThat(continued.training().stopReason()).isEqualTo(reference.training().stopReason());
        assertThat(continued.result().evaluations()).isEqualTo(reference.result().evaluations());
        assertThat(continued.training().earlyStopping()).isEqualTo(reference.training().earlyStopping());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void resumingAFinishedRunChangesNothing(OptimizerSpec optimizer, double keepProb, boolean earlyStopping, DType dtype,
                                            int stopEpoch, int stopBatch) throws Exception {
        CheckpointFile checkpoints = new CheckpointFile(dir.resolve("done.safetensors"));
        Network first = network(keepProb, dtype);
        RunRecord done = trainer(optimizer, earlyStopping, null).fit(first, TRAIN, DEV, checkpoints);
        Network again = network(keepProb, dtype);
        RunRecord replay = trainer(optimizer, earlyStopping, null).fit(again, TRAIN, DEV, checkpoints);
        assertSameWeights(again, first);
        assertThat(withoutTimes(replay.history())).isEqualTo(withoutTimes(done.history()));
        assertThat(replay.outcome()).isEqualTo(done.outcome());
    }

    private static Trainer trainer(OptimizerSpec optimizer, boolean earlyStopping, Callback extra) {
        List<Callback> callbacks = new ArrayList<>();
        if (extra != null) {
            callbacks.add(extra);
        }
        if (earlyStopping) {
            // patience 2 on the dev error (ties broken by the dev cost, whose best value the checkpoint keeps too): it
            // stops before the last epoch on this data, after the last interruption point above
            callbacks.add(new EarlyStopping(EarlyStopping.Monitor.DEV_ERROR, 2, 0));
        }
        double lr = optimizer == OptimizerSpec.ADAM ? 0.003 : 0.05;
        return new Trainer(new TrainConfig(EPOCHS, 32, lr, 9, true, LearningRateSchedule.step(2, 0.5)), optimizer.create(),
                callbacks);
    }

    private static Network network(double keepProb, DType dtype) {
        List<LayerSpec> layers = new ArrayList<>(List.of(LayerSpec.dense(32, Activation.relu())));
        if (keepProb < 1) {
            layers.add(LayerSpec.dropout(keepProb));
        }
        layers.add(LayerSpec.dense(10, Activation.identity()));
        return new NetworkSpec(64, layers, Loss.softmaxCrossEntropy(), 0.5, 0).build(dtype, 13);
    }

    private static void assertSameWeights(Network actual, Network expected) {
        for (Map.Entry<String, Parameter> e : expected.parameters().entrySet()) {
            Matrix want = e.getValue().value();
            Matrix got = actual.parameters().get(e.getKey()).value();
            for (int i = 0; i < want.size(); i++) {
                assertThat(Double.doubleToRawLongBits(got.get(i))).as("%s[%d]", e.getKey(), i)
                        .isEqualTo(Double.doubleToRawLongBits(want.get(i)));
            }
        }
    }

    // Wall-clock seconds are the one thing a resumed run cannot repeat.
    private static List<EpochLogs> withoutTimes(List<EpochLogs> history) {
        return history.stream().map(e -> new EpochLogs(e.epoch(), e.trainCost(), e.trainError(), e.devCost(), e.devError(),
                e.meanBatchCost(), e.learningRate(), 0)).toList();
    }

}
