package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.ImageShape;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Loss;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** Augmentation touches training mini-batches only: evaluation and the data set itself stay as they are. */
class TrainerAugmentationTest {

    /** Counts the rows it sees and wrecks them, so that any augmented row reaching evaluation would show. */
    private static final class Wrecking implements Augmentation {
        long rows;

        @Override
        public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
            rows += batch.rows();
            batch.fill(1e3);
        }

        @Override
        public void requireApplicable(ImageShape shape) {
        }

        @Override
        public String id() {
            return "wreck";
        }
    }

    @Test
    void onlyTrainingBatchesAreAugmentedNeverEvaluationOrTheData() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 3, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());
        Dataset dev = standardizer.transform(parts.dev());
        Matrix trainBefore = train.features().copy();
        Wrecking wreck = new Wrecking();
        Network network = NetworkSpec.mlp(64, new int[] {16}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT32, 3);

        // batches of 1e3 blow the weights up: train on through the explosion to count every epoch's rows
        RunRecord run = new Trainer(new TrainConfig(3, 50, 0.01, 3, true).withOnDivergence(DivergencePolicy.CONTINUE),
                new Sgd(), List.of(),
                new Augmenter(wreck, train.imageShape(), 3)).fit(network, train, dev);

        assertThat(wreck.rows).as("every training row of every epoch, once").isEqualTo(3L * train.size());
        assertThat(train.features().contentEquals(trainBefore)).as("the data set is not modified").isTrue();
        // the logged train cost is the eval-mode cost on the clean data, not on wrecked batches
        Matrix clean = network.forward(train.features(), Mode.EVAL);
        double cleanCost = network.loss().cost(clean, train.targets());
        assertThat(run.history().get(2).trainCost()).isCloseTo(cleanCost, org.assertj.core.data.Percentage.withPercentage(1e-4));
        assertThat(run.setup().augmentation()).isEqualTo("wreck");
    }

    @Test
    void theSameSeedGivesTheSameAugmentedRunAndNoAugmentationIsRecordedAsNone() {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 3, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());
        Network a = NetworkSpec.mlp(64, new int[] {16}, 10, Activation.relu(), Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 4);
        Network b = NetworkSpec.mlp(64, new int[] {16}, 10, Activation.relu(), Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 4);
        Augmentation shift = Augmentation.parse("shift=1,noise=0.5");
        TrainConfig config = new TrainConfig(2, 32, 0.01, 4, true);
        new Trainer(config, new Sgd(), List.of(), new Augmenter(shift, train.imageShape(), standardizer, 9)).fit(a, train, null);
        new Trainer(config, new Sgd(), List.of(), new Augmenter(shift, train.imageShape(), standardizer, 9)).fit(b, train, null);
        assertThat(a.parameters().get("W1").value().contentEquals(b.parameters().get("W1").value())).isTrue();

        RunRecord plain = new Trainer(config, new Sgd()).fit(a, train, null);
        assertThat(plain.setup().augmentation()).isEqualTo("none");
    }
}
