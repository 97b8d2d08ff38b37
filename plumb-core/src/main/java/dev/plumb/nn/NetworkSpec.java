package dev.plumb.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;

/**
 * The architecture of a network built from Plumb's own layers: what a model file stores next to the
 * weights, and what {@link #build} turns into a {@link Network}. Immutable and validated.
 *
 * @param inputs number of input features
 * @param layers layers in order; the last one must be dense
 * @param loss   loss id (see {@link Loss#parse})
 * @param l2     λ of the L2 penalty on every weight matrix (0 = off); a layer may set its own
 * @param l1     λ of the L1 penalty on every weight matrix (0 = off); both set is the elastic net
 */
public record NetworkSpec(int inputs, List<LayerSpec> layers, String loss, double l2, double l1) {

    public NetworkSpec {
        Checks.positive("inputs", inputs);
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty() || !"dense".equals(layers.get(layers.size() - 1).type())) {
            throw new IllegalArgumentException("Invalid argument layers: " + layers.size()
                    + " layers ending in " + (layers.isEmpty() ? "nothing" : layers.get(layers.size() - 1).type())
                    + ". Expected at least one layer, the last one dense (the output layer).");
        }
        loss = Loss.parse(loss).id();
        Checks.nonNegative("l2", l2);
        Checks.nonNegative("l1", l1);
    }

    /**
     * A multilayer perceptron: hidden dense layers with {@code hiddenActivation} (default initializer for
     * it) and an output layer of {@code outputs} identity units feeding {@code loss}.
     */
    public static NetworkSpec mlp(int inputs, int[] hidden, int outputs, Activation hiddenActivation, Loss loss) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : hidden) {
            layers.add(LayerSpec.dense(units, hiddenActivation));
        }
        layers.add(LayerSpec.dense(outputs, Activation.identity(), Initializer.defaultFor(hiddenActivation)));
        return new NetworkSpec(inputs, layers, loss.id(), 0, 0);
    }

    /** This spec with a global L2 penalty λ. */
    public NetworkSpec withL2(double lambda) {
        return new NetworkSpec(inputs, layers, loss, lambda, l1);
    }

    /** This spec with a global L1 penalty λ. */
    public NetworkSpec withL1(double lambda) {
        return new NetworkSpec(inputs, layers, loss, l2, lambda);
    }

    /** Number of outputs of the network. */
    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /**
     * Builds the network in precision {@code dtype}, its weights drawn from a generator seeded with
     * {@code seed} (one independent stream per layer, so adding a layer at the end does not change the
     * others) and biases zero. Same spec, dtype and seed → bit-identical weights.
     */
    public Network build(DType dtype, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        List<Layer> built = new ArrayList<>();
        List<Regularizer> penalties = new ArrayList<>();
        int width = inputs;
        for (LayerSpec spec : layers) {
            SplittableRandom layerRng = root.split();
            if ("dense".equals(spec.type())) {
                Dense dense = new Dense(width, spec.units(), Activation.parse(spec.activation()), dtype);
                dense.initialize(Initializer.parse(spec.initializer()), layerRng);
                built.add(dense);
                penalties.add(spec.l2() == null && spec.l1() == null ? null
                        : Regularizer.of(spec.l2() == null ? l2 : spec.l2(), spec.l1() == null ? l1 : spec.l1()));
                width = spec.units();
            } else {
                built.add(new Dropout(spec.keepProb(), layerRng.nextLong(), dtype));
                penalties.add(null);
            }
        }
        return new Network(inputs, built, Loss.parse(loss), Regularizer.of(l2, l1), penalties, this);
    }
}
