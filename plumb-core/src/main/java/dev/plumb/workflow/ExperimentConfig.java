package dev.plumb.workflow;

import java.util.Objects;

import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.DType;
import dev.plumb.train.TrainConfig;

/**
 * One supervised experiment from raw data to a saved model: how to split, whether to standardize
 * (fitted on train only), the network, and how to train it. Validated on construction.
 *
 * @param split         train/dev/test ratios and seed
 * @param normalization how to scale inputs, with statistics of the training split only
 * @param network     the architecture; its inputs and outputs must match the data
 * @param train       epochs, batch size, learning rate, seed
 * @param optimizer   optimizer id (see {@link Optimizer#parse})
 * @param dtype       training precision
 * @param augmentation augmentation of training batches, e.g. "flip,shift=2,rotate=10", or "none"
 */
public record ExperimentConfig(Split split, Normalizer.Kind normalization, NetworkSpec network, TrainConfig train,
                               String optimizer, DType dtype, String augmentation) {

    public ExperimentConfig {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dtype, "dtype");
        Optimizer.parse(optimizer);
        augmentation = Augmentation.parse(augmentation == null ? "none" : augmentation).id();
    }

    /** Without augmentation. */
    public ExperimentConfig(Split split, Normalizer.Kind normalization, NetworkSpec network, TrainConfig train,
                            String optimizer, DType dtype) {
        this(split, normalization, network, train, optimizer, dtype, "none");
    }
}
