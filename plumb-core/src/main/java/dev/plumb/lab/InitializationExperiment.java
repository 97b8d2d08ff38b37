package dev.plumb.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.plumb.data.io.DataFileException;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The note's initialization claims on a deep network: weights drawn at the wrong scale make the activations shrink
 * or grow geometrically with depth (×0.01 vanishes, N(0,1) explodes a ReLU net and saturates a tanh net), variance
 * 2/n (He) for ReLU and 1/n (LeCun) for tanh keep them steady; with zeros, every unit of a layer stays the same.
 *
 * <p>Each network is built by {@link NetworkSpec#build} with the core's {@link Initializer}s (N(0,1) is
 * {@code SmallRandom(1)}); per hidden layer it measures the standard deviation of the activations A[l] (one forward
 * pass in eval mode on a batch of real examples) and ‖dW[l]‖ (one {@link Network#computeGradients}).
 */
public final class InitializationExperiment implements Experiment {

    static final int DEPTH = 20;
    static final int WIDTH = 64;
    static final int BATCH = 128;
    static final int STEPS = 20;
    static final double LEARNING_RATE = 0.05;
    /** How far the std may move from the first to the last hidden layer and still count as steady. */
    static final double STEADY = 10;
    /** A ratio below this is vanishing, above its inverse exploding. */
    static final double VANISHED = 1e-3;
    /** |a| above this is a saturated tanh unit. */
    static final double SATURATED = 0.99;

    private final int depth;

    public InitializationExperiment() {
        this(DEPTH);
    }

    /** With {@code depth} hidden layers (tests show the claim fails on a shallow net). */
    InitializationExperiment(int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("Invalid depth: " + depth + ". Expected at least 2 hidden layers.");
        }
        this.depth = depth;
    }

    /** The initializers compared, by label. */
    static Map<String, Initializer> initializers() {
        Map<String, Initializer> all = new LinkedHashMap<>();
        all.put("zeros", new Initializer.Zeros());
        all.put("×0.01", new Initializer.SmallRandom(0.01));
        all.put("N(0,1)", new Initializer.SmallRandom(1.0));
        all.put("LeCun 1/n", new Initializer.VarianceScaling(Initializer.Scale.LECUN, false));
        all.put("He 2/n", new Initializer.VarianceScaling(Initializer.Scale.HE, false));
        return all;
    }

    @Override
    public String name() {
        return "initialization";
    }

    @Override
    public String claim() {
        return "In a deep network, weights drawn too small or too large make activations and gradients vanish or explode"
                + " with depth, variance 2/n (ReLU) or 1/n (tanh) keeps them steady, and with zeros every unit of a layer"
                + " stays identical.";
    }

    /** What one (activation, initializer) network measured, per hidden layer l = 1 … depth. */
    record Profile(String activation, String initializer, double[] std, double[] gradient, double saturated,
                   double variance) {
        double stdRatio() {
            return std[std.length - 1] / std[0];
        }

        double gradientRatio() {
            return gradient[0] / gradient[gradient.length - 1];
        }

        /** The geometric mean of std[l+1]/std[l] from the second hidden layer on (the first sees the data). */
        /** For ReLU with zero biases Var(z[l+1]) = n·σ²·E[a²] and E[a²] = Var(z)/2: the std scales by σ·√(n/2). */
        double reluFactor() {
            return Math.sqrt(variance * WIDTH / 2);
        }

        double perLayerFactor() {
            return Math.pow(std[std.length - 1] / std[1], 1.0 / (std.length - 2));
        }
    }

    /** Symmetry after training: the largest difference between two units' incoming weights and bias in any layer. */
    record Symmetry(String network, double maxDifference, double moved) {
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        LabBatch batch = LabBatch.load(settings, BATCH);
        Matrix x = batch.data().features();
        Matrix y = batch.data().targets();
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", batch.description());
        setup.put("network", depth + " hidden dense layers of " + WIDTH + " units (tanh, or ReLU) → " + batch.outputs()
                + " identity outputs, loss " + batch.loss().id() + ", float64, biases 0");
        setup.put("initializers", "zeros; ×0.01 = N(0,1)·0.01; N(0,1); LeCun N(0, 1/n_in); He N(0, 2/n_in) — every layer,"
                + " the output layer too");
        setup.put("weights seed", Long.toString(settings.seed()));
        setup.put("activation std", "over all units and examples of A[l], one forward pass in eval mode");
        setup.put("gradient", "‖dW[l]‖₂ (Frobenius) from one Network.computeGradients on the batch");
        setup.put("saturated", "share of tanh activations with |a| > " + SATURATED + " in the last hidden layer");
        setup.put("symmetry", STEPS + " full-batch gradient-descent steps (Sgd, α = " + LEARNING_RATE + ") on the batch,"
                + " then the largest |w_i − w_j| between two units' incoming weights and biases, over every hidden layer");

        List<Profile> profiles = new ArrayList<>();
        for (Activation activation : List.of(Activation.tanh(), Activation.relu())) {
            for (Map.Entry<String, Initializer> init : initializers().entrySet()) {
                profiles.add(profile(spec(batch, activation, init.getValue(), depth), activation, init.getKey(),
                        settings.seed(), x, y));
            }
        }
        List<Symmetry> symmetry = List.of(
                symmetry("tanh, " + depth + " layers, zeros", spec(batch, Activation.tanh(), new Initializer.Zeros(), depth),
                        settings.seed(), x, y),
                symmetry("ReLU, " + depth + " layers, zeros", spec(batch, Activation.relu(), new Initializer.Zeros(), depth),
                        settings.seed(), x, y),
                symmetry("sigmoid, 1 layer, zeros", spec(batch, Activation.sigmoid(), new Initializer.Zeros(), 1),
                        settings.seed(), x, y),
                symmetry("ReLU, " + depth + " layers, He 2/n", spec(batch, Activation.relu(),
                        new Initializer.VarianceScaling(Initializer.Scale.HE, false), depth), settings.seed(), x, y));

        List<LabResult.Figure> figures = new ArrayList<>();
        for (String act : List.of("tanh", "relu")) {
            figures.add(LabResult.Figure.lines("Activation std per hidden layer — " + act + " (zeros: 0, off the log scale)",
                    "layer l", "std of A[l]", false, true, series(profiles, act, true)));
        }
        for (String act : List.of("tanh", "relu")) {
            figures.add(LabResult.Figure.lines("Gradient norm per hidden layer — " + act + " (zeros: 0, off the log scale)",
                    "layer l", "‖dW[l]‖", false, true, series(profiles, act, false)));
        }

        List<List<Object>> rows = new ArrayList<>();
        for (Profile p : profiles) {
            rows.add(List.of(p.activation(), p.initializer(), p.std()[0], p.std()[depth - 1], cell(p.stdRatio()),
                    cell(p.perLayerFactor()), p.activation().equals("relu") ? (Object) p.reluFactor() : "—",
                    p.gradient()[0], p.gradient()[depth - 1], cell(p.gradientRatio()),
                    p.activation().equals("tanh") ? (Object) p.saturated() : "—"));
        }
        List<List<Object>> symmetryRows = new ArrayList<>();
        for (Symmetry s : symmetry) {
            symmetryRows.add(List.of(s.network(), s.maxDifference(), s.moved()));
        }
        List<LabResult.Table> tables = List.of(
                new LabResult.Table("Per network: first and last hidden layer", List.of("activation", "initializer",
                        "std A[1]", "std A[" + depth + "]", "std ratio last/first", "std factor per layer (2→" + depth + ")",
                        "closed form σ·√(n/2) (ReLU, zero biases)",
                        "‖dW[1]‖", "‖dW[" + depth + "]‖", "gradient ratio first/last", "saturated share (tanh)"), rows),
                new LabResult.Table("Symmetry after " + STEPS + " gradient-descent steps", List.of("network",
                        "max |w_i − w_j| between two units of a layer", "‖W − W₀‖ over hidden layers"), symmetryRows));

        LabResult.Verdict verdict = LabResult.Verdict.of(checks(profiles, symmetry));
        return new LabResult(name(), claim(), setup, figures, tables, verdict, null);
    }

    static List<LabResult.Check> checks(List<Profile> profiles, List<Symmetry> symmetry) {
        Profile heRelu = find(profiles, "relu", "He 2/n");
        Profile lecunTanh = find(profiles, "tanh", "LeCun 1/n");
        Profile smallRelu = find(profiles, "relu", "×0.01");
        Profile smallTanh = find(profiles, "tanh", "×0.01");
        Profile bigRelu = find(profiles, "relu", "N(0,1)");
        Profile bigTanh = find(profiles, "tanh", "N(0,1)");
        List<LabResult.Check> checks = new ArrayList<>();
        checks.add(steady("He 2/n keeps the ReLU network's activation std steady", heRelu));
        checks.add(steady("LeCun 1/n keeps the tanh network's activation std steady", lecunTanh));
        checks.add(new LabResult.Check("×0.01 makes the activations vanish with depth (last/first < " + fmt(VANISHED)
                + ") in both networks", smallRelu.stdRatio() < VANISHED && smallTanh.stdRatio() < VANISHED,
                "std last/first: ReLU " + fmt(smallRelu.stdRatio()) + ", tanh " + fmt(smallTanh.stdRatio())));
        checks.add(new LabResult.Check("N(0,1) makes the ReLU network's activations explode (last/first > "
                + fmt(1 / VANISHED) + ")", bigRelu.stdRatio() > 1 / VANISHED,
                "std A[1] " + fmt(bigRelu.std()[0]) + " → A[" + bigRelu.std().length + "] "
                        + fmt(bigRelu.std()[bigRelu.std().length - 1]) + ", ratio " + fmt(bigRelu.stdRatio())));
        checks.add(new LabResult.Check("N(0,1) saturates the tanh network (most last-layer units at |a| > " + SATURATED
                + ", LeCun's few)", bigTanh.saturated() > 0.5 && lecunTanh.saturated() < 0.1,
                String.format(Locale.ROOT, "saturated share: N(0,1) %.1f%%, LeCun %.1f%%", 100 * bigTanh.saturated(),
                        100 * lecunTanh.saturated())));
        checks.add(new LabResult.Check("the gradient norm stays steady across layers with He (ReLU) and LeCun (tanh)"
                + " (‖dW[1]‖/‖dW[L]‖ within " + fmt(STEADY) + "×)", within(heRelu.gradientRatio())
                && within(lecunTanh.gradientRatio()), "‖dW[1]‖/‖dW[L]‖: He/ReLU " + fmt(heRelu.gradientRatio())
                + ", LeCun/tanh " + fmt(lecunTanh.gradientRatio())));
        double smallest = Math.min(min(heRelu.gradient()), min(lecunTanh.gradient()));
        double smallLargest = Math.max(max(smallRelu.gradient()), max(smallTanh.gradient()));
        checks.add(new LabResult.Check("×0.01 makes the gradients vanish: every layer's ‖dW[l]‖ is below " + fmt(VANISHED)
                + " × the smallest one with He/LeCun", smallLargest < VANISHED * smallest,
                "largest ‖dW[l]‖ with ×0.01 " + fmt(smallLargest) + "; smallest with He/LeCun " + fmt(smallest)));
        double largest = Math.max(max(heRelu.gradient()), max(lecunTanh.gradient()));
        checks.add(new LabResult.Check("N(0,1) makes the ReLU network's gradients explode: every layer's ‖dW[l]‖ is above "
                + fmt(1 / VANISHED) + " × the largest one with He/LeCun", min(bigRelu.gradient()) > largest / VANISHED,
                "smallest ‖dW[l]‖ with N(0,1) " + fmt(min(bigRelu.gradient())) + "; largest with He/LeCun " + fmt(largest)));
        StringBuilder zeros = new StringBuilder();
        boolean identical = true;
        boolean broken = true;
        for (Symmetry s : symmetry) {
            zeros.append(zeros.length() == 0 ? "" : "; ").append(s.network()).append(": max difference ")
                    .append(fmt(s.maxDifference())).append(", moved ").append(fmt(s.moved()));
            if (s.network().endsWith("zeros")) {
                identical &= s.maxDifference() == 0;
            } else {
                broken &= s.maxDifference() > 0;
            }
        }
        checks.add(new LabResult.Check("with zeros every unit of a hidden layer stays identical after training (max"
                + " difference exactly 0), with He they differ", identical && broken, zeros.toString()));
        return checks;
    }

    private static LabResult.Check steady(String statement, Profile p) {
        return new LabResult.Check(statement + " (last/first within " + fmt(STEADY) + "×)", within(p.stdRatio()),
                "std A[1] " + fmt(p.std()[0]) + " → A[" + p.std().length + "] " + fmt(p.std()[p.std().length - 1])
                        + ", ratio " + fmt(p.stdRatio()));
    }

    private static boolean within(double ratio) {
        return ratio >= 1 / STEADY && ratio <= STEADY;
    }

    static Profile find(List<Profile> profiles, String activation, String initializer) {
        return profiles.stream().filter(p -> p.activation().equals(activation) && p.initializer().equals(initializer))
                .findFirst().orElseThrow();
    }

    private static List<LabResult.Series> series(List<Profile> profiles, String activation, boolean std) {
        List<LabResult.Series> out = new ArrayList<>();
        for (Profile p : profiles) {
            double[] values = std ? p.std() : p.gradient();
            if (!p.activation().equals(activation) || max(values) == 0) {
                continue; // zeros: nothing to draw on a log scale (the table has it)
            }
            double[] layers = new double[values.length];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = l + 1;
            }
            out.add(new LabResult.Series(p.initializer(), layers, values.clone()));
        }
        return out;
    }

    static NetworkSpec spec(LabBatch batch, Activation activation, Initializer initializer, int hidden) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < hidden; l++) {
            layers.add(LayerSpec.dense(WIDTH, activation, initializer));
        }
        layers.add(LayerSpec.dense(batch.outputs(), Activation.identity(), initializer));
        return new NetworkSpec(batch.data().featureCount(), layers, batch.loss(), 0, 0);
    }

    private static Profile profile(NetworkSpec spec, Activation activation, String label, long seed, Matrix x, Matrix y) {
        Network network = spec.build(DType.FLOAT64, seed);
        int hidden = network.layers().size() - 1;
        double[] std = new double[hidden];
        double saturated = 0;
        Matrix a = x;
        for (int l = 0; l < hidden; l++) {
            a = network.layers().get(l).forward(a, Mode.EVAL);
            std[l] = std(a);
            if (l == hidden - 1) {
                int count = 0;
                for (int i = 0; i < a.size(); i++) {
                    count += Math.abs(a.get(i)) > SATURATED ? 1 : 0;
                }
                saturated = (double) count / a.size();
            }
        }
        network.computeGradients(x, y);
        double[] gradient = new double[hidden];
        for (int l = 0; l < hidden; l++) {
            Dense dense = (Dense) network.layers().get(l);
            gradient[l] = Math.sqrt(dense.parameters().get(0).grad().sumOfSquares());
        }
        Initializer init = spec.layers().get(0).initializer();
        return new Profile(activation.id(), label, std, gradient, saturated, init.variance(WIDTH, WIDTH));
    }

    private static Symmetry symmetry(String label, NetworkSpec spec, long seed, Matrix x, Matrix y) {
        Network network = spec.build(DType.FLOAT64, seed);
        List<Matrix> before = network.parameters().values().stream().map(p -> p.value().copy()).toList();
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        Sgd sgd = new Sgd();
        for (int step = 0; step < STEPS; step++) {
            network.computeGradients(x, y);
            sgd.step(parameters, LEARNING_RATE);
        }
        double maxDifference = 0;
        double moved = 0;
        int k = 0;
        for (int l = 0; l < network.layers().size(); l++) {
            Layer layer = network.layers().get(l);
            Dense dense = (Dense) layer;
            Matrix w0 = before.get(k++);
            before.get(k++); // b₀
            if (l == network.layers().size() - 1) {
                break; // the output layer's units differ by design: each class has its own target
            }
            Matrix w = dense.weights();
            Matrix b = dense.biases();
            for (int col = 0; col < w.cols(); col++) {
                maxDifference = Math.max(maxDifference, spread(w, col));
            }
            double bMin = Double.POSITIVE_INFINITY;
            double bMax = Double.NEGATIVE_INFINITY;
            for (int u = 0; u < b.size(); u++) {
                bMin = Math.min(bMin, b.get(u));
                bMax = Math.max(bMax, b.get(u));
            }
            maxDifference = Math.max(maxDifference, bMax - bMin);
            for (int i = 0; i < w.size(); i++) {
                double d = w.get(i) - w0.get(i);
                moved += d * d;
            }
        }
        return new Symmetry(label, maxDifference, Math.sqrt(moved));
    }

    // max − min over the units (rows) of input column col: how different two units' weights from that input are
    private static double spread(Matrix w, int col) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < w.rows(); u++) {
            lo = Math.min(lo, w.get(u, col));
            hi = Math.max(hi, w.get(u, col));
        }
        return hi - lo;
    }

    static double std(Matrix a) {
        double mean = a.sum() / a.size();
        double ss = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.get(i) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / a.size());
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** A ratio for a table: 0/0 (zeros) is not a number JSON can hold, so it is written as text. */
    private static Object cell(double v) {
        return Double.isFinite(v) ? (Object) v : "0/0";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
