package dev.plumb.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.Standardizer;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;
import dev.plumb.train.TrainingOutcome;

/**
 * The note's normalization claim on a linear regression ŷ = w₁x₁ + w₂x₂ + b (MSE, full-batch gradient descent) over two
 * generated features of scales ~1 and ~1000, trained on the raw features and on the same features standardized:
 * the cost surface J(w₁, w₂) is a needle on raw features and a bowl on standardized ones (the condition number of the
 * Hessian of J in (w₁, w₂), measured from J by second differences; for MSE it is exactly 2·XᵀX/m, the independent
 * reference), standardized features reach a target cost in fewer epochs, and tolerate a larger learning rate.
 *
 * <p>The data is generated (the claim is about feature scales, which the generator controls); {@code --data} is not
 * used and the setup says so.
 */
public final class Normalization implements Experiment {

    static final int EXAMPLES = 1000;
    static final double SCALE_1 = 1;
    static final double SCALE_2 = 1000;
    static final double[] TRUE_W = {2.0, 0.003};
    static final double TRUE_B = 1.0;
    static final double NOISE = 0.1;
    static final int EPOCHS = 100;
    static final double COMMON_LR = 0.1;
    static final double SWEEP_FROM = 1e-8;
    static final int SWEEP_MAX_STEPS = 40;
    /** The target: this share of the reducible cost (J at w = 0 minus the least-squares optimum) removed. */
    static final double TARGET_SHARE = 0.99;
    static final double WINDOW = 2.0;
    static final int GRID = 41;

    private final double scale2;

    public Normalization() {
        this(SCALE_2);
    }

    /** With the second feature's scale {@code scale2} (a test's negative case: 1 makes both scales alike). */
    Normalization(double scale2) {
        this.scale2 = scale2;
    }

    @Override
    public String name() {
        return "normalization";
    }

    @Override
    public String claim() {
        return "Normalizing features of very different scales turns an elongated cost surface into a round one, so gradient "
                + "descent tolerates a larger learning rate and reaches a given cost in fewer epochs.";
    }

    /** What was measured for one version of the features (raw or standardized). */
    record Side(String label, Dataset data, double[] optimum, double optimalCost, double initialCost,
                double[][] closedFormHessian, double[][] measuredHessian, double closedFormCondition,
                double measuredCondition, LabResult.Surface surface, RunRecord common, int commonEpochsToTarget,
                List<double[]> sweep, double largestStableLr, RunRecord largestStableRun, double target) {
    }

    @Override
    public LabResult run(LabSettings settings) {
        Dataset raw = generate(settings.seed(), scale2);
        Dataset standardized = Standardizer.fit(raw).transform(raw).withName("generated, standardized");
        Side r = measure("raw", raw);
        Side s = measure("standardized", standardized);

        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", String.format(Locale.ROOT, "generated (--data is not used): %d examples, x1 ~ N(0,1)·%s, "
                        + "x2 ~ N(0,1)·%s, y = %s·x1 + %s·x2 + %s + N(0,1)·%s", EXAMPLES, num(SCALE_1), num(scale2),
                num(TRUE_W[0]), num(TRUE_W[1] * SCALE_2 / scale2), num(TRUE_B), num(NOISE)));
        setup.put("seed", Long.toString(settings.seed()));
        setup.put("normalization", "Standardizer fitted on the generated set (mean 0, std 1 per feature)");
        setup.put("network", "2 → 1 identity unit (linear regression), loss mse, initializer zeros, float64");
        setup.put("optimizer", "sgd, full batch (batch = " + EXAMPLES + ": gradient descent), no shuffling");
        setup.put("epochs", Integer.toString(EPOCHS));
        setup.put("common lr", num(COMMON_LR));
        setup.put("lr sweep", "from " + num(SWEEP_FROM) + ", doubling until the trainer reports DIVERGED (at most "
                + SWEEP_MAX_STEPS + " steps)");
        setup.put("target cost", String.format(Locale.ROOT, "optimum + %s of the reducible cost (J at w = 0 minus the "
                + "least-squares J): %s", num(1 - TARGET_SHARE), num(r.target())));
        setup.put("cost slice", "J(w1, w2) with b at its least-squares value, on a " + GRID + "×" + GRID
                + " grid of ±" + num(WINDOW) + " around the least-squares (w1, w2)");
        setup.put("hessian", "measured: central second differences of the network's cost at the optimum; closed form: "
                + "2·XᵀX/m (mse without the ½)");

        List<LabResult.Figure> figures = new ArrayList<>();
        for (Side side : List.of(r, s)) {
            figures.add(new LabResult.Figure("Cost J(w1, w2), " + side.label() + " features (κ = "
                    + String.format(Locale.ROOT, "%.3g", side.measuredCondition()) + ")", "w1", "w2", false, false,
                    List.of(), side.surface(), List.of(new LabResult.Point(side.optimum()[0], side.optimum()[1], 0)),
                    List.of()));
        }
        List<LabResult.Series> perEpoch = new ArrayList<>(List.of(costSeries(r.label() + ", lr " + num(COMMON_LR),
                r.common(), r.initialCost()), costSeries(s.label() + ", lr " + num(COMMON_LR), s.common(), s.initialCost())));
        for (Side side : List.of(r, s)) {
            if (side.largestStableRun() != null) {
                perEpoch.add(costSeries(side.label() + ", its largest stable lr " + String.format(Locale.ROOT, "%.3g",
                        side.largestStableLr()), side.largestStableRun(), side.initialCost()));
            }
        }
        figures.add(LabResult.Figure.lines("Training cost per epoch", "epoch", "cost J", false, true, perEpoch));
        figures.add(new LabResult.Figure("Final training cost against the learning rate", "learning rate",
                "cost J after the run (or when it stopped)", true, true, List.of(sweepSeries(r), sweepSeries(s)), null,
                List.of(), List.of(new LabResult.Marker(r.largestStableLr(), "raw: largest stable lr"),
                        new LabResult.Marker(s.largestStableLr(), "standardized: largest stable lr"))));

        List<LabResult.Table> tables = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Side side : List.of(r, s)) {
            rows.add(List.of(side.label(), side.measuredCondition(), side.closedFormCondition(),
                    side.measuredHessian()[0][0], side.measuredHessian()[1][1], side.measuredHessian()[0][1],
                    side.optimalCost(), side.commonEpochsToTarget() > 0 ? side.commonEpochsToTarget() : "not reached ("
                            + side.common().outcome() + ")", side.largestStableLr()));
        }
        tables.add(new LabResult.Table("Raw against standardized", List.of("features", "κ measured", "κ closed form",
                "∂²J/∂w1²", "∂²J/∂w2²", "∂²J/∂w1∂w2", "optimal J", "epochs to target at lr " + num(COMMON_LR),
                "largest stable lr"), rows));
        List<List<Object>> sweepRows = new ArrayList<>();
        for (Side side : List.of(r, s)) {
            for (double[] point : side.sweep()) {
                sweepRows.add(List.of(side.label(), point[0], point[1] == 1 ? "diverged" : "completed",
                        Double.isFinite(point[2]) ? (Object) point[2] : "none (diverged in epoch 1)",
                        point[3] > 0 ? (Object) (int) point[3] : "not reached"));
            }
        }
        tables.add(new LabResult.Table("Learning-rate sweep (" + EPOCHS + " epochs each)", List.of("features", "lr",
                "outcome", "final cost", "epochs to target"), sweepRows));

        List<LabResult.Check> checks = new ArrayList<>();
        checks.add(new LabResult.Check("the cost surface is elongated on raw features and round on standardized ones "
                + "(condition number of the Hessian in (w1, w2): raw at least 1000× standardized)",
                r.measuredCondition() >= 1000 * s.measuredCondition(),
                String.format(Locale.ROOT, "κ raw %.4g, standardized %.4g", r.measuredCondition(), s.measuredCondition())));
        checks.add(new LabResult.Check("the curvature measured from the cost matches the closed form 2·XᵀX/m (κ within 1 %)",
                agrees(r) && agrees(s), String.format(Locale.ROOT, "raw %.5g vs %.5g; standardized %.5g vs %.5g",
                r.measuredCondition(), r.closedFormCondition(), s.measuredCondition(), s.closedFormCondition())));
        int re = r.commonEpochsToTarget();
        int se = s.commonEpochsToTarget();
        checks.add(new LabResult.Check("at the same learning rate (" + num(COMMON_LR) + ") standardized features reach "
                + "the target cost in fewer epochs", se > 0 && (re <= 0 || se < re),
                "standardized: " + (se > 0 ? se + " epochs" : "not reached") + "; raw: "
                        + (re > 0 ? re + " epochs" : "not reached in " + EPOCHS + " epochs (" + r.common().outcome()
                        + (r.common().outcome() == TrainingOutcome.DIVERGED ? " in epoch " + (r.common().history().size() + 1) : "")
                        + ")")));
        checks.add(new LabResult.Check("the largest learning rate that still converges is larger on standardized features",
                s.largestStableLr() > r.largestStableLr(),
                String.format(Locale.ROOT, "standardized %.4g, raw %.4g (ratio %.3g)", s.largestStableLr(),
                        r.largestStableLr(), s.largestStableLr() / r.largestStableLr())));
        return new LabResult(name(), claim(), setup, figures, tables, LabResult.Verdict.of(checks), null);
    }

    private static boolean agrees(Side side) {
        return Math.abs(side.measuredCondition() / side.closedFormCondition() - 1) < 0.01;
    }

    private static LabResult.Series costSeries(String label, RunRecord run, double initialCost) {
        List<EpochLogs> history = run.history().stream().filter(e -> Double.isFinite(e.trainCost())).toList();
        double[] x = new double[history.size() + 1];
        double[] y = new double[history.size() + 1];
        y[0] = initialCost;
        for (int i = 0; i < history.size(); i++) {
            x[i + 1] = history.get(i).epoch();
            y[i + 1] = history.get(i).trainCost();
        }
        return new LabResult.Series(label + (run.outcome() == TrainingOutcome.DIVERGED ? " (diverged)" : ""), x, y);
    }

    private static LabResult.Series sweepSeries(Side side) {
        List<double[]> finite = side.sweep().stream().filter(p -> Double.isFinite(p[2])).toList();
        double[] x = finite.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = finite.stream().mapToDouble(p -> p[2]).toArray();
        return new LabResult.Series(side.label(), x, y);
    }

    /** x1 ~ N(0,1)·SCALE_1, x2 ~ N(0,1)·SCALE_2, y linear in them plus noise. */
    static Dataset generate(long seed) {
        return generate(seed, SCALE_2);
    }

    /** As {@link #generate(long)} with the second feature's scale {@code scale2} (its weight scaled to keep y). */
    static Dataset generate(long seed, double scale2) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(DType.FLOAT64, EXAMPLES, 2);
        Matrix y = Matrix.zeros(DType.FLOAT64, EXAMPLES, 1);
        for (int i = 0; i < EXAMPLES; i++) {
            double x1 = rng.nextGaussian() * SCALE_1;
            double x2 = rng.nextGaussian() * scale2;
            x.set(i, 0, x1);
            x.set(i, 1, x2);
            y.set(i, 0, TRUE_W[0] * x1 + TRUE_W[1] * SCALE_2 / scale2 * x2 + TRUE_B + NOISE * rng.nextGaussian());
        }
        return Dataset.regression("generated", x, y, List.of("x1", "x2"));
    }

    static NetworkSpec network() {
        return new NetworkSpec(2, List.of(LayerSpec.dense(1, Activation.identity(), Initializer.parse("zeros"))),
                Loss.meanSquaredError(), 0, 0);
    }

    static RunRecord train(Dataset data, double lr, long seed) {
        Network net = network().build(DType.FLOAT64, seed);
        TrainConfig config = new TrainConfig(EPOCHS, EXAMPLES, lr, seed, false);
        return new Trainer(config, new Sgd()).fit(net, data, null);
    }

    /** The first epoch whose training cost is at most {@code target}, or 0. */
    static int epochsTo(RunRecord record, double target) {
        if (record.outcome() == TrainingOutcome.DIVERGED) {
            return 0;
        }
        for (EpochLogs e : record.history()) {
            if (e.trainCost() <= target) {
                return e.epoch();
            }
        }
        return 0;
    }

    private static Side measure(String label, Dataset data) {
        double[][] x = new double[data.size()][];
        double[] y = new double[data.size()];
        for (int i = 0; i < data.size(); i++) {
            x[i] = data.features().row(i);
            y[i] = data.targets().get(i, 0);
        }
        double[] opt = leastSquares(x, y); // w1, w2, b
        Network net = network().build(DType.FLOAT64, 1);
        double optimalCost = costAt(net, data, opt[0], opt[1], opt[2]);
        double initialCost = costAt(net, data, 0, 0, 0);
        double target = optimalCost + (1 - TARGET_SHARE) * (initialCost - optimalCost);

        // closed form: J = (1/m)Σ(w·x + b − y)², so ∂²J/∂wi∂wj = (2/m) Σ xi xj
        double[][] closed = new double[2][2];
        for (double[] row : x) {
            for (int a = 0; a < 2; a++) {
                for (int c = 0; c < 2; c++) {
                    closed[a][c] += 2 * row[a] * row[c] / x.length;
                }
            }
        }
        // measured: central second differences of the network's cost, a step per weight of 1 % of 1/std(feature)
        double[] h = new double[2];
        for (int a = 0; a < 2; a++) {
            h[a] = 0.01 / Math.sqrt(closed[a][a] / 2);
        }
        double[][] measured = new double[2][2];
        double j0 = optimalCost;
        for (int a = 0; a < 2; a++) {
            double[] plus = opt.clone();
            double[] minus = opt.clone();
            plus[a] += h[a];
            minus[a] -= h[a];
            measured[a][a] = (costAt(net, data, plus) - 2 * j0 + costAt(net, data, minus)) / (h[a] * h[a]);
        }
        double[] pp = opt.clone();
        double[] pm = opt.clone();
        double[] mp = opt.clone();
        double[] mm = opt.clone();
        pp[0] += h[0]; pp[1] += h[1];
        pm[0] += h[0]; pm[1] -= h[1];
        mp[0] -= h[0]; mp[1] += h[1];
        mm[0] -= h[0]; mm[1] -= h[1];
        measured[0][1] = measured[1][0] = (costAt(net, data, pp) - costAt(net, data, pm) - costAt(net, data, mp)
                + costAt(net, data, mm)) / (4 * h[0] * h[1]);

        double[] z = new double[GRID * GRID];
        for (int row = 0; row < GRID; row++) {
            for (int col = 0; col < GRID; col++) {
                double w1 = opt[0] - WINDOW + col * 2 * WINDOW / (GRID - 1);
                double w2 = opt[1] - WINDOW + row * 2 * WINDOW / (GRID - 1);
                z[row * GRID + col] = costAt(net, data, w1, w2, opt[2]);
            }
        }
        LabResult.Surface surface = new LabResult.Surface("J, " + label, opt[0] - WINDOW, opt[0] + WINDOW,
                opt[1] - WINDOW, opt[1] + WINDOW, GRID, z);

        RunRecord common = train(data, COMMON_LR, 1);
        List<double[]> sweep = new ArrayList<>();
        double largestStable = 0;
        RunRecord largestStableRun = null;
        double lr = SWEEP_FROM;
        for (int step = 0; step < SWEEP_MAX_STEPS; step++, lr *= 2) {
            RunRecord run = train(data, lr, 1);
            boolean diverged = run.outcome() == TrainingOutcome.DIVERGED;
            List<EpochLogs> history = run.history();
            double last = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).trainCost();
            sweep.add(new double[] {lr, diverged ? 1 : 0, last, epochsTo(run, target)});
            if (diverged) {
                break;
            }
            if (last < initialCost) {
                largestStable = lr;
                largestStableRun = run;
            }
        }
        return new Side(label, data, opt, optimalCost, initialCost, closed, measured, condition(closed),
                condition(measured), surface, common, epochsTo(common, target), sweep, largestStable, largestStableRun,
                target);
    }

    static double costAt(Network net, Dataset data, double... wb) {
        Matrix w = net.parameters().get("W1").value();
        w.set(0, wb[0]);
        w.set(1, wb[1]);
        net.parameters().get("b1").value().set(0, wb[2]);
        return net.cost(data.features(), data.targets(), Mode.EVAL);
    }

    /** κ of a symmetric positive-definite 2×2 matrix: the ratio of its eigenvalues. */
    static double condition(double[][] m) {
        double mean = (m[0][0] + m[1][1]) / 2;
        double d = Math.sqrt(Math.pow((m[0][0] - m[1][1]) / 2, 2) + m[0][1] * m[0][1]);
        return (mean + d) / (mean - d);
    }

    /** Least-squares (w1, w2, b) by the normal equations in float64. */
    static double[] leastSquares(double[][] x, double[] y) {
        double[][] a = new double[3][4];
        for (int i = 0; i < x.length; i++) {
            double[] v = {x[i][0], x[i][1], 1};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    a[r][c] += v[r] * v[c];
                }
                a[r][3] += v[r] * y[i];
            }
        }
        for (int p = 0; p < 3; p++) { // Gauss–Jordan with partial pivoting
            int best = p;
            for (int r = p + 1; r < 3; r++) {
                if (Math.abs(a[r][p]) > Math.abs(a[best][p])) {
                    best = r;
                }
            }
            double[] t = a[p];
            a[p] = a[best];
            a[best] = t;
            for (int r = 0; r < 3; r++) {
                if (r != p) {
                    double f = a[r][p] / a[p][p];
                    for (int c = p; c < 4; c++) {
                        a[r][c] -= f * a[p][c];
                    }
                }
            }
        }
        return new double[] {a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]};
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%s", v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v));
    }
}
