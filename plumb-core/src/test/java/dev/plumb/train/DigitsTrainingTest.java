package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.plumb.TestFigures;
import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;

class DigitsTrainingTest {

    @Test
    void mlpLearnsDigitsToAtLeast95PercentTestAccuracy() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 7, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());
        Dataset dev = standardizer.transform(parts.dev());
        Dataset test = standardizer.transform(parts.test());

        Network network = NetworkSpec.mlp(64, new int[] {64}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT32, 7);
        RunRecord run = new Trainer(new TrainConfig(30, 32, 0.003, 7, true), new Adam()).fit(network, train, dev);
        Evaluation testEval = Trainer.evaluate("test", network, test, train.size());

        String figures = TestFigures.print("digits: train error %.4f, dev error %.4f, test error %.4f, %.2f s",
                run.evaluation("train").orElseThrow().error(), run.evaluation("dev").orElseThrow().error(),
                testEval.error(), run.training().seconds());
        assertThat(testEval.accuracy()).as(figures).isGreaterThanOrEqualTo(0.95);
        assertThat(run.history()).hasSize(30);
        assertThat(run.history().get(29).trainCost()).isLessThan(run.history().get(0).trainCost());
    }
}
