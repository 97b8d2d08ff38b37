package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.data.Standardizer;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Momentum;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;

/**
 * A run whose augmented batches are prepared on the prefetch thread ends with the very weights of a run that
 * prepares each batch on the training thread: the same shuffles, the same augmentation draws, the same steps.
 */
class LocalTrainingSetPrefetchTest {

    private static final int EPOCHS = 3;

    private static Network train(Dataset data, Standardizer standardizer, DType dtype, boolean prefetch) {
        Network network = NetworkSpec.mlp(64, new int[] {32}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(dtype, 7);
        Augmenter augmenter = new Augmenter(Augmentation.parse("flip,shift=1,rotate=10"), data.imageShape(),
                standardizer, 11);
        LocalTrainingSet set = new LocalTrainingSet(data.to(dtype), dtype, 50, true, 5, augmenter, prefetch);
        Optimizer optimizer = new Momentum(0.9);
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            set.beginEpoch(network, epoch);
            for (int step = 0; step < set.steps(); step++) {
                set.step(network, parameters, optimizer, epoch, step, 0.05);
            }
        }
        return network;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void prefetchingGivesTheWeightsOfTheSerialRun(DType dtype) {
        Split.Parts parts = new Split(0.6, 0.2, 0.2, 3, true).apply(Digits.load());
        Standardizer standardizer = Standardizer.fit(parts.train());
        Dataset train = standardizer.transform(parts.train());

        Network serial = train(train, standardizer, dtype, false);
        Network prefetched = train(train, standardizer, dtype, true);

        for (String name : serial.parameters().keySet()) {
            assertThat(prefetched.parameters().get(name).value().contentEquals(serial.parameters().get(name).value()))
                    .as("%s after %d epochs", name, EPOCHS).isTrue();
        }
        Network unaugmented = NetworkSpec.mlp(64, new int[] {32}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(dtype, 7);
        assertThat(unaugmented.parameters().get("W1").value().contentEquals(serial.parameters().get("W1").value()))
                .as("training moved the weights").isFalse();
    }
}
