package dev.plumb.lab;

import static dev.plumb.lab.RegularizationSupport.chain;
import static dev.plumb.lab.RegularizationSupport.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.lab.LabResult.Check;
import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Point;
import dev.plumb.lab.LabResult.Series;
import dev.plumb.lab.LabResult.Surface;
import dev.plumb.lab.LabResult.Table;
import dev.plumb.lab.LabResult.Verdict;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * The note's L2 claim: as λ grows the weights shrink, the tanh units' pre-activations z move into the near-linear region
 * around 0, the network fits the training set less (train error rises) and generalizes best somewhere in the middle (dev
 * error U-shaped), and on 2-D data its decision boundary goes from wiggly to nearly straight.
 *
 * <p>By default on two interleaved moons it generates: a small noisy training part (so the unregularized network
 * overfits it) and a large dev part from the same distribution.
 */
public final class L2Experiment implements Experiment {

    static final double[] LAMBDAS = {0, 0.1, 0.3, 1, 3, 10};
    static final int[] HIDDEN = {50, 50};
    static final int EPOCHS = 1000;
    static final double LEARNING_RATE = 0.01;
    static final int TRAIN_EXAMPLES = 80;
    static final int DEV_EXAMPLES = 1000;
    static final double NOISE = 0.25;
    static final double LABEL_FLIP = 0.05;
    static final int GRID = 60;
    static final double LINEAR_REGION = 0.5;

    @Override
    public String name() {
        return "l2";
    }

    @Override
    public String claim() {
        return "L2 regularization shrinks the weights, pushes tanh units into their near-linear region (|z| < 0.5), "
                + "raises the training error, gives the lowest dev error at a middle λ, and turns a wiggly decision "
                + "boundary into a nearly straight one.";
    }

    /** One λ's trained network and what was measured on it. */
    record Measured(double lambda, Network network, double[] layerNorms, double linearShare, double trainError,
                    double devError, Surface surface, double boundaryLength) {
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        return run(settings, new ArrayList<>());
    }

    /** Runs the sweep, adding each λ's measurement (with its trained network) to {@code runs}. */
    LabResult run(LabSettings settings, List<Measured> runs) throws DataFileException {
        long seed = settings.seed();
        Map<String, String> setup = new LinkedHashMap<>();
        Dataset train;
        Dataset dev;
        if (settings.data().isPresent()) {
            RegularizationSupport.Parts parts = RegularizationSupport.load(settings.data().get(), seed, TRAIN_EXAMPLES);
            train = parts.train();
            dev = parts.dev();
            setup.put("data", settings.data().get() + ": " + parts.description());
        } else {
            train = moons("moons-train", TRAIN_EXAMPLES, seed, 1);
            dev = moons("moons-dev", DEV_EXAMPLES, seed, 2);
            setup.put("data", "two interleaved moons generated with seed " + seed + ": " + TRAIN_EXAMPLES
                    + " training and " + DEV_EXAMPLES + " dev examples, Gaussian noise σ = " + NOISE + " on each coordinate, "
                    + "labels flipped with probability " + LABEL_FLIP);
        }
        boolean twoD = train.featureCount() == 2;
        setup.put("network", train.featureCount() + " → " + Arrays.toString(HIDDEN) + " tanh → " + train.classCount()
                + " softmax (cross-entropy), LeCun-normal initialization, float64, network seed " + seed);
        setup.put("λ values", RegularizationSupport.list(LAMBDAS) + " (penalty (λ/2m)·Σ‖W[l]‖², m = training examples)");
        setup.put("optimizer", "adam (β₁ 0.9, β₂ 0.999), α = " + LEARNING_RATE + ", " + EPOCHS
                + " epochs, batch = whole training set, seed " + seed);
        setup.put("linear region", "|z| < " + LINEAR_REGION + " for the pre-activations of every hidden unit on every "
                + "training example");
        setup.put("decision boundary", twoD ? GRID + "×" + GRID + " grid over the data's range plus 10%; its length is "
                + "the number of neighbouring grid cells whose predicted class differs, divided by " + (GRID - 1)
                + " (a straight boundary across the grid is about 1–2)"
                : "skipped: the data has " + train.featureCount() + " features, the plot needs 2");
        setup.put("seed", Long.toString(seed));

        double[] box = twoD ? box(train, dev) : null;
        for (double lambda : LAMBDAS) {
            runs.add(measure(lambda, train, dev, seed, box));
        }
        return result(setup, runs, train, twoD);
    }

    Measured measure(double lambda, Dataset train, Dataset dev, long seed, double[] box) {
        NetworkSpec spec = NetworkSpec.mlp(train.featureCount(), HIDDEN, train.classCount(), Activation.tanh(),
                Loss.softmaxCrossEntropy()).withL2(lambda);
        Network network = spec.build(DType.FLOAT64, seed);
        TrainConfig config = new TrainConfig(EPOCHS, train.size(), LEARNING_RATE, seed, true);
        new Trainer(config, OptimizerSpec.ADAM.create()).fit(network, train, null);
        double[] norms = RegularizationSupport.layerNorms(network);
        double linear = linearShare(network, train.features());
        double trainError = RegularizationSupport.error(network, train);
        double devError = RegularizationSupport.error(network, dev);
        Surface surface = null;
        double length = Double.NaN;
        if (box != null) {
            surface = surface(network, box, "P(class 1), λ = " + lambda);
            length = boundaryLength(surface);
        }
        return new Measured(lambda, network, norms, linear, trainError, devError, surface, length);
    }

    LabResult result(Map<String, String> setup, List<Measured> runs, Dataset train, boolean twoD) {
        int n = runs.size();
        int layers = runs.get(0).layerNorms().length;
        double[] lambdas = runs.stream().mapToDouble(Measured::lambda).toArray();
        double[] x = RegularizationSupport.indexAxis(n);
        String xLabel = "λ, sweep position (" + RegularizationSupport.list(lambdas).replace(", ", " | ") + ")";
        double[] linear = runs.stream().mapToDouble(Measured::linearShare).toArray();
        double[] trainErr = runs.stream().mapToDouble(Measured::trainError).toArray();
        double[] devErr = runs.stream().mapToDouble(Measured::devError).toArray();

        List<Figure> figures = new ArrayList<>();
        List<Series> normSeries = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            double[] norms = runs.stream().mapToDouble(r -> r.layerNorms()[layer]).toArray();
            normSeries.add(new Series("‖W[" + (l + 1) + "]‖", x, norms));
            checks.add(new Check("‖W[" + (l + 1) + "]‖ falls at every step as λ grows",
                    RegularizationSupport.nonIncreasing(norms, true), chain(norms)));
        }
        figures.add(Figure.lines("‖W‖ per layer against λ", xLabel, "‖W[l]‖ (Frobenius)", false, false, normSeries));
        figures.add(Figure.lines("Share of hidden pre-activations in tanh's near-linear region |z| < " + LINEAR_REGION,
                xLabel, "share", false, false, List.of(new Series("|z| < " + LINEAR_REGION, x, linear))));
        figures.add(Figure.lines("Train and dev error against λ", xLabel, "error", false, false,
                List.of(new Series("train", x, trainErr), new Series("dev", x, devErr))));

        checks.add(new Check("the share of hidden pre-activations with |z| < " + LINEAR_REGION
                + " never falls as λ grows, and ends higher than it starts",
                RegularizationSupport.nonDecreasing(linear, false) && linear[n - 1] > linear[0], chain(linear)));
        checks.add(new Check("train error never falls as λ grows, and ends higher than it starts",
                RegularizationSupport.nonDecreasing(trainErr, false) && trainErr[n - 1] > trainErr[0], chain(trainErr)));
        int best = argmin(devErr);
        double interiorMin = Double.POSITIVE_INFINITY;
        for (int i = 1; i < n - 1; i++) {
            interiorMin = Math.min(interiorMin, devErr[i]);
        }
        checks.add(new Check("dev error is U-shaped: lower at some middle λ than at both ends",
                interiorMin < devErr[0] && interiorMin < devErr[n - 1],
                chain(devErr) + " (middle minimum " + num(interiorMin) + ")"));

        List<List<Object>> rows = new ArrayList<>();
        for (Measured r : runs) {
            List<Object> row = new ArrayList<>();
            row.add(r.lambda());
            for (double norm : r.layerNorms()) {
                row.add(norm);
            }
            row.add(r.linearShare());
            row.add(r.trainError());
            row.add(r.devError());
            row.add(twoD ? r.boundaryLength() : "—");
            rows.add(row);
        }
        List<String> columns = new ArrayList<>(List.of("λ"));
        for (int l = 0; l < layers; l++) {
            columns.add("‖W[" + (l + 1) + "]‖");
        }
        columns.addAll(List.of("share |z| < " + LINEAR_REGION, "train error", "dev error", "boundary length"));
        List<Table> tables = List.of(new Table("Measured per λ", columns, rows));

        if (twoD) {
            int[] shown = shown(n, best);
            double[] lengths = Arrays.stream(shown).mapToDouble(i -> runs.get(i).boundaryLength()).toArray();
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                points.add(new Point(train.features().get(i, 0), train.features().get(i, 1), train.labels()[i]));
            }
            for (int i : shown) {
                Measured r = runs.get(i);
                figures.add(new Figure("Decision boundary, λ = " + r.lambda() + " (boundary length "
                        + num(r.boundaryLength()) + ", train error " + num(r.trainError()) + ", dev error "
                        + num(r.devError()) + ")", "x₁", "x₂", false, false, List.of(), r.surface(), points, List.of()));
            }
            StringBuilder which = new StringBuilder();
            for (int k = 0; k < shown.length; k++) {
                which.append(k == 0 ? "λ = " : ", ").append(lambdas[shown[k]]);
            }
            checks.add(new Check("the decision boundary gets shorter (less wiggly) from the smallest λ through the best "
                    + "λ by dev error to the largest (" + which + ")",
                    RegularizationSupport.nonIncreasing(lengths, false) && lengths[lengths.length - 1] < lengths[0],
                    chain(lengths)));
        }
        return new LabResult(name(), claim(), setup, figures, tables, Verdict.of(checks), null);
    }

    /** The smallest λ, the best λ by dev error (if in the middle), the largest. */
    static int[] shown(int n, int best) {
        return best > 0 && best < n - 1 ? new int[] {0, best, n - 1} : new int[] {0, n / 2, n - 1};
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

    /**
     * Share of the pre-activations z of every hidden unit on every example of {@code x} with |z| &lt; 0.5, computed
     * here in float64 from the layers' weights and biases (z = a·Wᵀ + b, a = tanh(z)), not by the network's forward.
     */
    static double linearShare(Network network, Matrix x) {
        List<Dense> dense = RegularizationSupport.denseLayers(network);
        long inside = 0;
        long total = 0;
        for (int row = 0; row < x.rows(); row++) {
            double[] a = x.row(row);
            for (int l = 0; l < dense.size() - 1; l++) {
                Matrix w = dense.get(l).weights();
                Matrix b = dense.get(l).biases();
                double[] next = new double[w.rows()];
                for (int u = 0; u < w.rows(); u++) {
                    double z = b.get(u);
                    for (int j = 0; j < w.cols(); j++) {
                        z += w.get(u, j) * a[j];
                    }
                    if (Math.abs(z) < LINEAR_REGION) {
                        inside++;
                    }
                    total++;
                    next[u] = Math.tanh(z);
                }
                a = next;
            }
        }
        return (double) inside / total;
    }

    /** The box the grid spans: the data's range in each coordinate plus 10% on each side. */
    static double[] box(Dataset... sets) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Dataset d : sets) {
            for (int i = 0; i < d.size(); i++) {
                b[0] = Math.min(b[0], d.features().get(i, 0));
                b[1] = Math.max(b[1], d.features().get(i, 0));
                b[2] = Math.min(b[2], d.features().get(i, 1));
                b[3] = Math.max(b[3], d.features().get(i, 1));
            }
        }
        double dx = 0.1 * (b[1] - b[0]);
        double dy = 0.1 * (b[3] - b[2]);
        return new double[] {b[0] - dx, b[1] + dx, b[2] - dy, b[3] + dy};
    }

    /** The network's probability of class 1 on the grid. */
    static Surface surface(Network network, double[] box, String name) {
        double[] grid = new double[GRID * GRID * 2];
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                int k = row * GRID + col;
                grid[2 * k] = box[0] + col * (box[1] - box[0]) / (GRID - 1);
                grid[2 * k + 1] = box[2] + row * (box[3] - box[2]) / (GRID - 1);
            }
        }
        Matrix p = network.predict(Matrix.fromRowMajor(network.dtype(), GRID * GRID, 2, grid));
        double[] z = new double[GRID * GRID];
        for (int k = 0; k < z.length; k++) {
            z[k] = p.get(k, 1);
        }
        return new Surface(name, box[0], box[1], box[2], box[3], GRID, z);
    }

    /**
     * The boundary's length in grid widths: neighbouring cells (right and up) whose predicted class (P ≥ 0.5) differs,
     * divided by size − 1.
     */
    static double boundaryLength(Surface s) {
        int n = s.size();
        int changes = 0;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                boolean c = s.z()[row * n + col] >= 0.5;
                if (col + 1 < n && c != (s.z()[row * n + col + 1] >= 0.5)) {
                    changes++;
                }
                if (row + 1 < n && c != (s.z()[(row + 1) * n + col] >= 0.5)) {
                    changes++;
                }
            }
        }
        return changes / (double) (n - 1);
    }

    /** Two interleaved half circles with Gaussian noise and a few flipped labels. */
    static Dataset moons(String name, int m, long seed, long stream) {
        SplittableRandom rng = RegularizationSupport.rng(seed, stream);
        double[] x = new double[2 * m];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            int label = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = px + NOISE * rng.nextGaussian();
            x[2 * i + 1] = py + NOISE * rng.nextGaussian();
            labels[i] = rng.nextDouble() < LABEL_FLIP ? 1 - label : label;
        }
        return Dataset.classification(name, Matrix.fromRowMajor(DType.FLOAT64, m, 2, x), labels, List.of("0", "1"));
    }
}
