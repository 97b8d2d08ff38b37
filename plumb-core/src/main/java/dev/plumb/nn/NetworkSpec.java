package dev.plumb.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;

/**
 * The architecture of a network built from Plumb's own layers: what a model file stores next to the
 * weights, and what {@link #build} turns into a {@link Network}. Immutable and validated. It is the one place
 * that answers questions about the architecture without building it: each layer's weight penalty
 * ({@link #penalty}), the parameters' names and shapes ({@link #parameterShapes}) and their count.
 *
 * @param inputs number of input features
 * @param layers layers in order; the last one must be dense
 * @param loss   the loss on the last layer's outputs
 * @param l2     λ of the L2 penalty on every weight matrix (0 = off); a layer may set its own
 * @param l1     λ of the L1 penalty on every weight matrix (0 = off); both set is the elastic net
 */
public record NetworkSpec(int inputs, List<LayerSpec> layers, Loss loss, double l2, double l1) {

    public NetworkSpec {
        Checks.positive("inputs", inputs);
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty() || !layers.get(layers.size() - 1).isDense()) {
            throw new IllegalArgumentException("Invalid argument layers: " + layers.size()
                    + " layers ending in " + (layers.isEmpty() ? "nothing" : layers.get(layers.size() - 1).type().id())
                    + ". Expected at least one layer, the last one dense (the output layer).");
        }
        Objects.requireNonNull(loss, "Invalid network: no loss. Expected softmax_cross_entropy, binary_cross_entropy or mse.");
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
        return new NetworkSpec(inputs, layers, loss, 0, 0);
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

    /** λ of the L2 penalty on the weights of layer {@code index} (0-based): its own, else the network's. */
    public double l2Of(int index) {
        LayerSpec layer = layer(index);
        return layer.l2() != null ? layer.l2() : layer.isDense() ? l2 : 0;
    }

    /** λ of the L1 penalty on the weights of layer {@code index} (0-based): its own, else the network's. */
    public double l1Of(int index) {
        LayerSpec layer = layer(index);
        return layer.l1() != null ? layer.l1() : layer.isDense() ? l1 : 0;
    }

    /** The penalty on the weights of layer {@code index} (0-based): its own λs where it sets them, else the network's. */
    public Regularizer penalty(int index) {
        return Regularizer.of(l2Of(index), l1Of(index));
    }

    /**
     * Names and shapes (rows, columns) of the parameters {@link #build} creates, in order, computed without
     * allocating them: {@code W}l is units × inputs and {@code b}l is 1 × units for the l-th dense layer.
     */
    public Map<String, int[]> parameterShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int width = inputs;
        int index = 0;
        for (LayerSpec layer : layers) {
            if (layer.isDense()) {
                index++;
                shapes.put(Network.parameterName(Dense.WEIGHT, index), new int[] {layer.units(), width});
                shapes.put(Network.parameterName(Dense.BIAS, index), new int[] {1, layer.units()});
                width = layer.units();
            }
        }
        return Collections.unmodifiableMap(shapes);
    }

    /** Trainable scalars: the sum over {@link #parameterShapes}. */
    public long parameterCount() {
        long count = 0;
        for (int[] shape : parameterShapes().values()) {
            count += (long) shape[0] * shape[1];
        }
        return count;
    }

    /** Trainable scalars of layer {@code index} (0-based): its weights and biases, 0 for dropout. */
    public long parameterCount(int index) {
        if (!layer(index).isDense()) {
            return 0;
        }
        int dense = (int) layers.subList(0, index + 1).stream().filter(LayerSpec::isDense).count();
        Map<String, int[]> shapes = parameterShapes();
        int[] w = shapes.get(Network.parameterName(Dense.WEIGHT, dense));
        int[] b = shapes.get(Network.parameterName(Dense.BIAS, dense));
        return (long) w[0] * w[1] + (long) b[0] * b[1];
    }

    private LayerSpec layer(int index) {
        Checks.index("index", index, layers.size());
        return layers.get(index);
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
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            SplittableRandom layerRng = root.split();
            switch (spec.type()) {
                case DENSE -> {
                    Dense dense = new Dense(width, spec.units(), spec.activation(), dtype);
                    dense.initialize(spec.initializer(), layerRng);
                    built.add(dense);
                    width = spec.units();
                }
                case DROPOUT -> built.add(new Dropout(spec.keepProb(), layerRng.nextLong(), dtype));
            }
            penalties.add(penalty(i));
        }
        return new Network(inputs, built, loss, Regularizer.of(l2, l1), penalties, this);
    }
}
