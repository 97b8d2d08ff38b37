package dev.plumb.lab;

import static dev.plumb.lab.RegularizationSupport.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.lab.LabResult.Check;
import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Series;
import dev.plumb.lab.LabResult.Table;
import dev.plumb.lab.LabResult.Verdict;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * The note's dropout claim: dropping inputs at random makes a unit unable to rely on any one of them, so it spreads its
 * weights over all of them (the effect of an L2 penalty), and the network overfits less — the gap between train and
 * dev error shrinks as keep_prob falls.
 *
 * <p>By default on a small part of the bundled digits (so the network without dropout overfits it). Dropout is applied
 * to the inputs and to the hidden layer; the spread is measured on the first layer, whose inputs are the dropped
 * features.
 */
public final class DropoutExperiment implements Experiment {

    static final double[] KEEP_PROBS = {1.0, 0.9, 0.8, 0.6, 0.5};
    static final int HIDDEN = 128;
    /** Features scaled to [0, 1] on the training part: dropping an input then means "this pixel is dark". */
    static final String NORMALIZE = "minmax";
    static final int TRAIN_EXAMPLES = 200;
    static final int EPOCHS = 120;
    static final int BATCH = 32;
    /** Networks trained per keep_prob (seeds seed … seed + 2), their numbers averaged: one run's luck is not the knob's. */
    static final int REPEATS = 3;
    static final double LEARNING_RATE = 0.01;
    static final Initializer INIT = new Initializer.SmallRandom(0.01);

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String claim() {
        return "Dropout reduces variance: as keep_prob falls the gap between train and dev error shrinks, and each "
                + "first-layer unit spreads its weights across its inputs instead of relying on a few.";
    }

    /** One keep_prob's trained network and what was measured on it. */
    record Measured(double keepProb, List<Network> networks, double trainError, double devError, double trainCost,
                    double devCost, double spread, double firstLayerNorm) {
        double gap() {
            return devError - trainError;
        }
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        return run(settings, new ArrayList<>());
    }

    /** Runs the sweep, adding each keep_prob's measurement (with its trained network) to {@code runs}. */
    LabResult run(LabSettings settings, List<Measured> runs) throws DataFileException {
        long seed = settings.seed();
        String data = settings.data().orElse("digits");
        RegularizationSupport.Parts parts = RegularizationSupport.load(data, seed, TRAIN_EXAMPLES, NORMALIZE);
        Dataset train = parts.train();
        Dataset dev = parts.dev();
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", data + ": " + parts.description());
        setup.put("network", "dropout(keep_prob) → " + train.featureCount() + " → " + HIDDEN + " relu (weights N(0, 1) × 0.01, so what they become is training's doing)"
                + " → dropout(keep_prob) → " + train.classCount() + " softmax (cross-entropy); float64; " + REPEATS
                + " networks per keep_prob (network and shuffle seeds " + seed + " … " + (seed + REPEATS - 1)
                + "), every number the mean of the " + REPEATS);
        setup.put("keep_prob values", RegularizationSupport.list(KEEP_PROBS) + " (the same on the inputs and the hidden "
                + "layer; inverted dropout, off in evaluation)");
        setup.put("optimizer", "adam (β₁ 0.9, β₂ 0.999), α = " + LEARNING_RATE + ", " + EPOCHS + " epochs, batch "
                + BATCH + ", shuffled with seed " + seed);
        setup.put("spread", "per unit of the first dense layer, ‖w‖₂ / max|w| over its incoming weights (1 = one "
                + "input carries it all, √" + train.featureCount() + " = all equal), averaged over the units");
        setup.put("seed", Long.toString(seed));

        for (double keep : KEEP_PROBS) {
            runs.add(measure(keep, train, dev, seed));
        }
        return result(setup, runs);
    }

    static NetworkSpec spec(double keepProb, int inputs, int classes) {
        return new NetworkSpec(inputs, List.of(LayerSpec.dropout(keepProb), LayerSpec.dense(HIDDEN, Activation.relu(), INIT),
                LayerSpec.dropout(keepProb), LayerSpec.dense(classes, Activation.identity(),
                        INIT)), Loss.softmaxCrossEntropy(), 0, 0);
    }

    /** Trains {@link #REPEATS} networks (seeds seed, seed + 1, …) at {@code keepProb}; each number is their mean. */
    static Measured measure(double keepProb, Dataset train, Dataset dev, long seed) {
        List<Network> networks = new ArrayList<>();
        double[] sums = new double[6];
        for (int r = 0; r < REPEATS; r++) {
            Network network = spec(keepProb, train.featureCount(), train.classCount()).build(DType.FLOAT64, seed + r);
            new Trainer(new TrainConfig(EPOCHS, BATCH, LEARNING_RATE, seed + r, true), OptimizerSpec.ADAM.create())
                    .fit(network, train, null);
            networks.add(network);
            sums[0] += RegularizationSupport.error(network, train);
            sums[1] += RegularizationSupport.error(network, dev);
            sums[2] += RegularizationSupport.dataCost(network, train);
            sums[3] += RegularizationSupport.dataCost(network, dev);
            sums[4] += spread(RegularizationSupport.denseLayers(network).get(0).weights());
            sums[5] += RegularizationSupport.layerNorms(network)[0];
        }
        return new Measured(keepProb, List.copyOf(networks), sums[0] / REPEATS, sums[1] / REPEATS, sums[2] / REPEATS,
                sums[3] / REPEATS, sums[4] / REPEATS, sums[5] / REPEATS);
    }

    /** Every element after the first is below the first. */
    static boolean smallerThanFirst(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (!(v[i] < v[0])) {
                return false;
            }
        }
        return true;
    }

    static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Mean over the rows (units) of {@code w} of ‖row‖₂ / max|row|. */
    static double spread(Matrix w) {
        double sum = 0;
        for (int u = 0; u < w.rows(); u++) {
            double squares = 0;
            double max = 0;
            for (int j = 0; j < w.cols(); j++) {
                double v = w.get(u, j);
                squares += v * v;
                max = Math.max(max, Math.abs(v));
            }
            sum += max == 0 ? 0 : Math.sqrt(squares) / max;
        }
        return sum / w.rows();
    }

    LabResult result(Map<String, String> setup, List<Measured> runs) {
        double[] keep = runs.stream().mapToDouble(Measured::keepProb).toArray();
        double[] trainErr = runs.stream().mapToDouble(Measured::trainError).toArray();
        double[] devErr = runs.stream().mapToDouble(Measured::devError).toArray();
        double[] gap = runs.stream().mapToDouble(Measured::gap).toArray();
        double[] costGap = runs.stream().mapToDouble(r -> r.devCost() - r.trainCost()).toArray();
        double[] spread = runs.stream().mapToDouble(Measured::spread).toArray();
        String xLabel = "keep_prob (1 = no dropout)";
        List<Figure> figures = List.of(
                Figure.lines("Train and dev error against keep_prob", xLabel, "error", false, false,
                        List.of(new Series("train", keep, trainErr), new Series("dev", keep, devErr),
                                new Series("dev − train", keep, gap))),
                Figure.lines("Dev − train cost (cross-entropy, no penalty) against keep_prob", xLabel, "cost gap", false,
                        false, List.of(new Series("dev − train cost", keep, costGap))),
                Figure.lines("How evenly first-layer units spread their weights: mean ‖w‖₂ / max|w|", xLabel,
                        "spread", false, false, List.of(new Series("spread", keep, spread))));
        List<Check> checks = List.of(
                // errors move in steps of one dev example, so the error gap is judged against no dropout, the cost gap step by step
                new Check("the dev − train error gap is smaller with dropout, at every keep_prob < 1, than without, and "
                        + "smallest at the lowest keep_prob", smallerThanFirst(gap) && argmin(gap) == gap.length - 1,
                        chain(gap)),
                new Check("the dev − train cost gap shrinks at every step as keep_prob falls",
                        RegularizationSupport.nonIncreasing(costGap, true), chain(costGap)),
                new Check("first-layer weights spread more evenly across inputs at every step as keep_prob falls "
                        + "(mean ‖w‖₂ / max|w| rises)", RegularizationSupport.nonDecreasing(spread, true), chain(spread)));
        List<List<Object>> rows = new ArrayList<>();
        for (Measured r : runs) {
            rows.add(List.of(r.keepProb(), r.trainError(), r.devError(), r.gap(), r.trainCost(), r.devCost(),
                    r.spread(), r.firstLayerNorm()));
        }
        Table table = new Table("Measured per keep_prob", List.of("keep_prob", "train error", "dev error",
                "dev − train error", "train cost", "dev cost", "spread (mean ‖w‖₂/max|w|)", "‖W[1]‖"), rows);
        return new LabResult(name(), claim(), setup, figures, List.of(table), Verdict.of(checks), null);
    }

}
