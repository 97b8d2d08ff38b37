package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Standardizer;
import dev.plumb.data.Split;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;

class LearningRateScheduleTest {

    @Test
    void stepAndExponentialDecayFollowTheirFormulas() {
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int epoch = 1; epoch <= expected.length; epoch++) {
            assertThat(step.rate(0.1, epoch)).isCloseTo(expected[epoch - 1], within(1e-15));
        }
        LearningRateSchedule exp = LearningRateSchedule.exponential(0.95);
        for (int epoch = 1; epoch <= 10; epoch++) {
            assertThat(exp.rate(0.2, epoch)).isCloseTo(0.2 * Math.pow(0.95, epoch - 1), within(1e-15));
        }
        assertThat(LearningRateSchedule.constant().rate(0.3, 50)).isEqualTo(0.3);
    }

    @Test
    void theHistoryRecordsTheRateOfEachEpoch() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 1, true).apply(Digits.load());
        Dataset train = Standardizer.fit(parts.train()).transform(parts.train());
        TrainConfig config = new TrainConfig(4, 64, 0.1, 1, true).withSchedule(LearningRateSchedule.step(2, 0.1));
        RunRecord run = new Trainer(config, new Sgd()).fit(
                NetworkSpec.mlp(64, new int[] {8}, 10, Activation.relu(), Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1),
                train, null);
        assertThat(run.history().stream().map(EpochLogs::learningRate).toList())
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : 1)
                .containsExactly(0.1, 0.1, 0.01, 0.01);
        assertThat(RunRecord.fromJson(run.toJson()).setup().config().schedule()).isEqualTo(LearningRateSchedule.step(2, 0.1));
    }

    @Test
    void parsingAndValidation() {
        assertThat(LearningRateSchedule.parse("step:10:0.5")).isEqualTo(LearningRateSchedule.step(10, 0.5));
        assertThat(LearningRateSchedule.parse("exponential:0.95")).isEqualTo(LearningRateSchedule.exponential(0.95));
        assertThat(LearningRateSchedule.parse("constant")).isEqualTo(LearningRateSchedule.constant());
        assertThatThrownBy(() -> LearningRateSchedule.parse("cosine")).hasMessageContaining("step:EVERY:FACTOR");
        assertThatThrownBy(() -> LearningRateSchedule.step(0, 0.5)).hasMessageContaining("every: 0");
        assertThatThrownBy(() -> LearningRateSchedule.exponential(1.5)).hasMessageContaining("factor: 1.5");
        assertThat(List.of(LearningRateSchedule.exponential(0.9).every())).containsExactly(1);
    }
}
