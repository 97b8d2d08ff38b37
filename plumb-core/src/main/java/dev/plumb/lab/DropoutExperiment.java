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
import dev.plumb.nn.Dense;
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
 * The note's dropout claim: a unit whose inputs may be dropped at random cannot rely on any one of them, so it spreads
 * its weights over all of them — which shrinks the squared norm of the weights, as an L2 penalty does — and the network
 * overfits less: the gap between train and dev shrinks as keep_prob falls.
 *
 * <p>By default on a small part of the bundled digits (so the network without dropout overfits it), trained by plain
 * mini-batch gradient descent as in the note (Adam's per-coordinate step sizes are not the setting the note's argument
 * is about, and on these digits they make dropout's weights grow). Dropout is applied to the inputs and to the hidden
 * layer. The spread is judged on the output layer, whose inputs are the 128 dropped hidden units; the first layer's
 * spread (its inputs are pixels, several of them dark in every image) is shown beside it, not judged.
 */
public final class DropoutExperiment implements Experiment {

    static final double[] KEEP_PROBS = {1.0, 0.9, 0.8, 0.6, 0.5};
    static final int HIDDEN = 128;
    /** Features scaled to [0, 1] on the training part: dropping an input then means "this pixel is dark". */
    static final String NORMALIZE = "minmax";
    static final int TRAIN_EXAMPLES = 200;
    static final int EPOCHS = 200;
    static final int BATCH = 32;
    /** Networks trained per keep_prob (seeds seed … seed + 4), their numbers averaged: one run's luck is not the knob's. */
    static final int REPEATS = 5;
    static final double LEARNING_RATE = 0.05;
    static final OptimizerSpec OPTIMIZER = OptimizerSpec.SGD;
    static final Initializer INIT = new Initializer.SmallRandom(0.01);

    @Override
    public String name() {
        return "dropout";
    }

    @Override
    public String claim() {
        return "Dropout reduces variance: as keep_prob falls the gap between train and dev shrinks, and a unit whose "
                + "inputs may be dropped spreads its weights across them instead of relying on a few, which shrinks the "
                + "weights' norm as L2 does.";
    }

    /** One keep_prob's trained network and what was measured on it. */
    record Measured(double keepProb, List<Network> networks, double trainError, double devError, double trainCost,
                    double devCost, double[] spreads, double[] norms) {
        double gap() {
            return devError - trainError;
        }

        /** Spread of the output layer, whose inputs are the dropped hidden units: the judged one. */
        double outputSpread() {
            return spreads[spreads.length - 1];
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
        setup.put("optimizer", OPTIMIZER.id() + " (plain mini-batch gradient descent), α = " + LEARNING_RATE + ", "
                + EPOCHS + " epochs, batch " + BATCH + ", shuffled with the network's seed");
        setup.put("spread", "per unit, ‖w‖₂ / max|w| over its incoming weights (1 = one input carries it all, √n = all "
                + "n equal), averaged over the layer's units; judged on the output layer (inputs: the " + HIDDEN
                + " dropped hidden units), shown for the first layer (inputs: the " + train.featureCount()
                + " dropped pixels)");
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
        double[] sums = new double[4];
        double[] spreads = new double[2];
        double[] norms = new double[2];
        for (int r = 0; r < REPEATS; r++) {
            Network network = spec(keepProb, train.featureCount(), train.classCount()).build(DType.FLOAT64, seed + r);
            new Trainer(new TrainConfig(EPOCHS, BATCH, LEARNING_RATE, seed + r, true), OPTIMIZER.create())
                    .fit(network, train, null);
            networks.add(network);
            sums[0] += RegularizationSupport.error(network, train);
            sums[1] += RegularizationSupport.error(network, dev);
            sums[2] += RegularizationSupport.dataCost(network, train);
            sums[3] += RegularizationSupport.dataCost(network, dev);
            List<Dense> dense = RegularizationSupport.denseLayers(network);
            double[] layerNorms = RegularizationSupport.layerNorms(network);
            for (int l = 0; l < 2; l++) {
                spreads[l] += spread(dense.get(l).weights()) / REPEATS;
                norms[l] += layerNorms[l] / REPEATS;
            }
        }
        return new Measured(keepProb, List.copyOf(networks), sums[0] / REPEATS, sums[1] / REPEATS, sums[2] / REPEATS,
                sums[3] / REPEATS, spreads, norms);
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
        double[] firstSpread = runs.stream().mapToDouble(r -> r.spreads()[0]).toArray();
        double[] outputSpread = runs.stream().mapToDouble(Measured::outputSpread).toArray();
        double[] norm1 = runs.stream().mapToDouble(r -> r.norms()[0]).toArray();
        double[] norm2 = runs.stream().mapToDouble(r -> r.norms()[1]).toArray();
        String xLabel = "keep_prob (1 = no dropout)";
        List<Figure> figures = List.of(
                Figure.lines("Train and dev error against keep_prob", xLabel, "error", false, false,
                        List.of(new Series("train", keep, trainErr), new Series("dev", keep, devErr),
                                new Series("dev − train", keep, gap))),
                Figure.lines("Dev − train cost (cross-entropy, no penalty) against keep_prob", xLabel, "cost gap", false,
                        false, List.of(new Series("dev − train cost", keep, costGap))),
                Figure.lines("How evenly units spread their weights over their inputs: mean ‖w‖₂ / max|w|", xLabel,
                        "spread", false, false, List.of(new Series("output layer (inputs: hidden units)", keep,
                                outputSpread), new Series("first layer (inputs: pixels)", keep, firstSpread))),
                Figure.lines("‖W‖ of each layer against keep_prob", xLabel, "‖W‖ (Frobenius)", false, false,
                        List.of(new Series("‖W[1]‖", keep, norm1), new Series("‖W[2]‖", keep, norm2))));
        List<Check> checks = List.of(
                // errors move in steps of one dev example, so the error gap is judged against no dropout, the cost gap step by step
                new Check("the dev − train error gap is smaller with dropout, at every keep_prob < 1, than without",
                        smallerThanFirst(gap), chain(gap)),
                new Check("the dev − train cost gap shrinks at every step as keep_prob falls",
                        RegularizationSupport.nonIncreasing(costGap, true), chain(costGap)),
                new Check("output units spread their weights more evenly across the hidden units at every step as "
                        + "keep_prob falls (mean ‖w‖₂ / max|w| rises)", RegularizationSupport.nonDecreasing(outputSpread,
                        true), chain(outputSpread)),
                new Check("the weights shrink as under L2: ‖W‖ of every layer falls at every step as keep_prob falls",
                        RegularizationSupport.nonIncreasing(norm1, true)
                                && RegularizationSupport.nonIncreasing(norm2, true), "‖W[1]‖ " + chain(norm1) + "; ‖W[2]‖ " + chain(norm2)));
        List<List<Object>> rows = new ArrayList<>();
        for (Measured r : runs) {
            rows.add(List.of(r.keepProb(), r.trainError(), r.devError(), r.gap(), r.trainCost(), r.devCost(),
                    r.outputSpread(), r.spreads()[0], r.norms()[0], r.norms()[1]));
        }
        Table table = new Table("Measured per keep_prob (means over the networks)", List.of("keep_prob", "train error",
                "dev error", "dev − train error", "train cost", "dev cost", "output-layer spread",
                "first-layer spread", "‖W[1]‖", "‖W[2]‖"), rows);
        return new LabResult(name(), claim(), setup, figures, List.of(table), Verdict.of(checks), null);
    }

}
