package dev.plumb.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Callback;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

/**
 * What the regularization experiments (l2, dropout, early-stopping) share: the user's data through the same path a
 * training run takes, the weight norms they measure, and number formatting for evidence.
 */
final class RegularizationSupport {

    private RegularizationSupport() {
    }

    /** A training part and a dev part, normalized on the training part, float64. */
    record Parts(Dataset train, Dataset dev, String description) {
    }

    /**
     * Loads {@code data} (a CLI {@code --data} value) as {@code plumb train} would: split 60/20/20 with {@code seed},
     * normalized with the training part's statistics; the training part cut to its first {@code maxTrain} examples.
     */
    static Parts load(String data, long seed, int maxTrain) throws DataFileException {
        return load(data, seed, maxTrain, null);
    }

    /** As {@link #load(String, long, int)}, with the normalizer {@code normalize} (standard, minmax; null: auto). */
    static Parts load(String data, long seed, int maxTrain, String normalize) throws DataFileException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", data);
        options.put("seed", Long.toString(seed));
        options.put("dtype", "float64");
        if (normalize != null) {
            options.put("normalize", normalize);
        }
        PreparedData prepared = TrainingRun.prepare(RunSpec.parse(options));
        Dataset train = prepared.train().to(DType.FLOAT64);
        Dataset dev = prepared.dev().to(DType.FLOAT64);
        if (!train.isClassification()) {
            throw new IllegalArgumentException("Invalid data " + data + ": the lab's regularization experiments need "
                    + "classification data (a label column with classes)");
        }
        int used = Math.min(maxTrain, train.size());
        Dataset cut = used == train.size() ? train : train.subset("train", firstIndices(used));
        return new Parts(cut, dev, prepared.description() + "; normalized on the training part ("
                + (prepared.normalizer() == null ? "none" : prepared.normalizer().kind()) + "); training part cut to its first " + used + " of " + train.size() + " examples; dev "
                + dev.size() + " examples");
    }

    static int[] firstIndices(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** The network's dense layers, in order. */
    static List<Dense> denseLayers(Network network) {
        List<Dense> dense = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense d) {
                dense.add(d);
            }
        }
        return dense;
    }

    /** ‖W‖ (Frobenius) of each dense layer, computed from its weights in float64. */
    static double[] layerNorms(Network network) {
        List<Dense> dense = denseLayers(network);
        double[] norms = new double[dense.size()];
        for (int l = 0; l < norms.length; l++) {
            double s = 0;
            Matrix w = dense.get(l).weights();
            for (int i = 0; i < w.size(); i++) {
                s += w.get(i) * w.get(i);
            }
            norms[l] = Math.sqrt(s);
        }
        return norms;
    }

    /** ‖W‖ of all weight matrices together: √(Σ_l ‖W[l]‖²). */
    static double totalNorm(Network network) {
        double s = 0;
        for (double n : layerNorms(network)) {
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** Records ‖W‖ (all layers) after every epoch, and the epoch's logs. Put it before early stopping. */
    static final class NormRecorder implements Callback {
        private Network network;
        final List<Double> norms = new ArrayList<>();
        final List<EpochLogs> logs = new ArrayList<>();
        double initialNorm;

        @Override
        public void onTrainBegin(Network net, TrainConfig config, int batchesPerEpoch) {
            network = net;
            initialNorm = totalNorm(net);
        }

        @Override
        public Decision onEpochEnd(EpochLogs epoch) {
            norms.add(totalNorm(network));
            logs.add(epoch);
            return Decision.proceed();
        }
    }

    /** Data loss (no penalty) of {@code network} on {@code data}, eval mode. */
    static double dataCost(Network network, Dataset data) {
        return network.cost(data.features(), data.targets(), dev.plumb.nn.Mode.EVAL)
                - network.regularizationCost(data.size());
    }

    /** Misclassification rate on {@code data}. */
    static double error(Network network, Dataset data) {
        int[] predicted = network.predictClasses(data.features());
        int wrong = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] != data.labels()[i]) {
                wrong++;
            }
        }
        return (double) wrong / predicted.length;
    }

    /** Each element ≤ the one before (strictly &lt; when {@code strict}). */
    static boolean nonIncreasing(double[] v, boolean strict) {
        for (int i = 1; i < v.length; i++) {
            if (strict ? !(v[i] < v[i - 1]) : !(v[i] <= v[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /** Each element ≥ the one before (strictly &gt; when {@code strict}). */
    static boolean nonDecreasing(double[] v, boolean strict) {
        double[] negated = Arrays.stream(v).map(x -> -x).toArray();
        return nonIncreasing(negated, strict);
    }

    static String chain(double[] v) {
        return chain(v, x -> x);
    }

    static String chain(double[] v, DoubleUnaryOperator f) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : " → ").append(num(f.applyAsDouble(v[i])));
        }
        return s.toString();
    }

    static String num(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }

    static double[] indexAxis(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    static String list(double[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return s.toString();
    }

    static SplittableRandom rng(long seed, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream);
    }
}
