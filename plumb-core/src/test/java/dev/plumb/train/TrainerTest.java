package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
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
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Momentum;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

class TrainerTest {

    private static final Split.Parts PARTS = new Split(0.6, 0.2, 0.2, 11, true).apply(Digits.load());
    private static final Standardizer STANDARDIZER = Standardizer.fit(PARTS.train());
    private static final Dataset TRAIN = STANDARDIZER.transform(PARTS.train());
    private static final Dataset DEV = STANDARDIZER.transform(PARTS.dev());

    private static NetworkSpec withDropout() {
        return new NetworkSpec(64, List.of(LayerSpec.dense(48, Activation.relu()), LayerSpec.dropout(0.5),
                LayerSpec.dense(10, Activation.identity())), Loss.softmaxCrossEntropy(), 0.3, 0);
    }

    @Test
    void trainAndDevFiguresAreMeasuredInEvalModeOverTheWholeSet() {
        Network network = withDropout().build(DType.FLOAT32, 1);
        RunRecord run = new Trainer(new TrainConfig(3, 50, 0.05, 1, true), new Momentum(0.9)).fit(network, TRAIN, DEV);
        EpochLogs last = run.history().get(2);

        // independent of the evaluator: one eval-mode pass over the whole set, data loss + (λ/2m)Σ‖W‖²
        int m = TRAIN.size();
        double penalty = 0.3 / (2.0 * m) * (network.parameters().get("W1").value().sumOfSquares()
                + network.parameters().get("W2").value().sumOfSquares());
        Matrix trainOut = network.forward(TRAIN.features(), Mode.EVAL);
        double trainCost = network.loss().cost(trainOut, TRAIN.targets()) + penalty;
        double trainError = errorRate(trainOut, TRAIN.labels());
        Matrix devOut = network.forward(DEV.features(), Mode.EVAL);
        double devCost = network.loss().cost(devOut, DEV.targets()) + penalty;

        assertThat(last.trainCost()).isCloseTo(trainCost, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(last.trainError()).isEqualTo(trainError);
        assertThat(last.devCost()).isCloseTo(devCost, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(last.devError()).isEqualTo(errorRate(devOut, DEV.labels()));
        // the dropout-mode batch costs are a different (noisier, larger) number
        assertThat(last.meanBatchCost()).isNotEqualTo(last.trainCost());
    }

    @Test
    void aCallbackCanStopTrainingWithAReasonTheRecordKeeps() {
        List<Integer> seen = new ArrayList<>();
        Callback stopAtTwo = new Callback() {
            @Override
            public Decision onEpochEnd(EpochLogs logs) {
                seen.add(logs.epoch());
                return logs.epoch() == 2 ? Decision.stop("enough at epoch 2") : Decision.proceed();
            }
        };
        RunRecord run = new Trainer(new TrainConfig(10, 32, 0.01, 1, true), new Sgd(), List.of(stopAtTwo))
                .fit(withDropout().build(DType.FLOAT32, 1), TRAIN, DEV);
        assertThat(seen).containsExactly(1, 2);
        assertThat(run.history()).hasSize(2);
        assertThat(run.training().stopReason()).isEqualTo("enough at epoch 2");
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.STOPPED_BY_CALLBACK);
    }

    @Test
    void theRunRecordSurvivesAJsonRoundTrip() {
        RunRecord run = new Trainer(new TrainConfig(2, 64, 0.01, 1, true), new Sgd())
                .fit(withDropout().build(DType.FLOAT32, 1), TRAIN, DEV);
        RunRecord back = RunRecord.fromJson(run.toJson());
        assertThat(back).isEqualTo(run);
        assertThat(run.toJson()).contains("\"stopReason\" : \"completed 2 epochs\"").contains("\"dropout\"");
        assertThat(run.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
    }

    @Test
    void mismatchedDataIsRefusedWithBothSizes() {
        Network network = new NetworkSpec(10, List.of(LayerSpec.dense(10, Activation.identity())), Loss.meanSquaredError(), 0, 0)
                .build(DType.FLOAT32, 1);
        assertThatThrownBy(() -> new Trainer(TrainConfig.defaults(), new Sgd()).fit(network, TRAIN, DEV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 features")
                .hasMessageContaining("takes 10");
    }

    @Test
    void invalidConfigurationNamesTheArgument() {
        assertThatThrownBy(() -> new TrainConfig(0, 32, 0.1, 1, true)).hasMessageContaining("epochs: 0");
        assertThatThrownBy(() -> new TrainConfig(1, -5, 0.1, 1, true)).hasMessageContaining("batchSize: -5");
        assertThatThrownBy(() -> new TrainConfig(1, 5, Double.NaN, 1, true)).hasMessageContaining("learningRate: NaN");
    }

    /**
     * The hot loop allocates nothing per batch once warm: two fits that differ only in their number of
     * epochs differ in allocated bytes by a few small objects per epoch (logs, evaluations), not by
     * anything per batch.
     */
    @Test
    void trainingAllocatesNothingPerBatchOnceWarm() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Network network = withDropout().build(DType.FLOAT32, 1);
        Momentum optimizer = new Momentum(0.9);
        Trainer short2 = new Trainer(new TrainConfig(2, 2, 0.001, 1, true), optimizer);
        Trainer long12 = new Trainer(new TrainConfig(12, 2, 0.001, 1, true), optimizer);
        for (int warm = 0; warm < 3; warm++) {
            long12.fit(network, TRAIN, null);
        }
        long t0 = threads.getThreadAllocatedBytes(thread);
        short2.fit(network, TRAIN, null);
        long t1 = threads.getThreadAllocatedBytes(thread);
        long12.fit(network, TRAIN, null);
        long t2 = threads.getThreadAllocatedBytes(thread);

        long extraBytes = (t2 - t1) - (t1 - t0);
        long extraBatches = 10L * (TRAIN.size() / 2);
        String figures = TestFigures.print("10 extra epochs (%,d batches) allocated %,d bytes: %.2f bytes per batch",
                extraBatches, extraBytes, (double) extraBytes / extraBatches);
        // one 16-byte object per batch would be 16 bytes per batch; per-epoch records amortize to < 4
        assertThat((double) extraBytes / extraBatches).as(figures).isLessThan(4.0);
    }

    private static double errorRate(Matrix out, int[] labels) {
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < out.cols(); j++) {
                if (out.get(i, j) > out.get(i, best)) {
                    best = j;
                }
            }
            wrong += best == labels[i] ? 0 : 1;
        }
        return (double) wrong / labels.length;
    }
}
