package dev.plumb.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.diagnose.biasvariance.BiasVarianceThresholds;
import dev.plumb.workflow.Curves;
import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.RunSpec;

/**
 * The note's bias/variance diagnosis: its four (train, dev) examples and its optimal-error example judged by
 * {@link BiasVariance}'s own rule, then four real networks on the data (the bundled digits by default), each meant
 * for one quadrant — too small (high bias), big on little data without regularization (high variance), small on
 * little data (both), and a right-sized one on all of it (neither) — each with its learning curve ({@link Curves}).
 */
public final class BiasVarianceExperiment implements Experiment {

    /** One of the note's examples: its numbers and the verdict the note gives them. */
    record NoteExample(double train, double dev, double optimal, BiasVariance.Verdict noteSays, String noteWords) {
    }

    /** The note's examples, as the note states them (train and dev error, the optimal error, what it calls them). */
    static final List<NoteExample> NOTE_EXAMPLES = List.of(
            new NoteExample(0.01, 0.11, 0, BiasVariance.Verdict.HIGH_VARIANCE, "高方差 (high variance)"),
            new NoteExample(0.15, 0.16, 0, BiasVariance.Verdict.HIGH_BIAS, "高偏差 (high bias)"),
            new NoteExample(0.15, 0.30, 0, BiasVariance.Verdict.HIGH_BIAS_AND_VARIANCE, "高偏差且高方差 (high bias and high variance)"),
            new NoteExample(0.005, 0.01, 0, BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE, "低偏差低方差 (low bias, low variance)"),
            new NoteExample(0.15, 0.16, 0.15, BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE,
                    "最优误差 15 %: 合理 (reasonable against a 15 % optimal error)"));

    /** A real run aimed at a quadrant: its network, its epochs, and the share of the training part it trains on. */
    record Case(String label, BiasVariance.Verdict intended, String layers, int epochs, double fraction) {
    }

    static final List<Case> CASES = List.of(
            new Case("too small: 1 hidden unit, all the data", BiasVariance.Verdict.HIGH_BIAS, "1", 30, 1.0),
            new Case("big, no regularization, 5 % of the data", BiasVariance.Verdict.HIGH_VARIANCE, "128", 60, 0.05),
            new Case("small on little data: 4 hidden units, 5 % of the data", BiasVariance.Verdict.HIGH_BIAS_AND_VARIANCE,
                    "4", 100, 0.05),
            new Case("right-sized: 64 hidden units, all the data", BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE, "64", 30, 1.0));

    static final List<Double> FRACTIONS = List.of(0.05, 0.1, 0.25, 0.5, 1.0);
    static final String LR = "0.003";
    static final String ACTIVATION = "relu";

    @Override
    public String name() {
        return "bias-variance";
    }

    @Override
    public String claim() {
        return "Train error against the optimal error measures bias and dev error against train error measures variance: "
                + "a too-small network has high bias, a big unregularized one on little data high variance.";
    }

    static RunSpec spec(LabSettings settings, Case c) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", settings.data().orElse("digits"));
        options.put("seed", Long.toString(settings.seed()));
        options.put("layers", c.layers());
        options.put("activation", ACTIVATION);
        options.put("optimizer", "adam");
        options.put("lr", LR);
        options.put("epochs", Integer.toString(c.epochs()));
        options.put("early-stopping", "off");
        options.put("l2", "0");
        options.put("keep-prob", "1.0");
        return RunSpec.parse(options);
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", settings.data().orElse("digits") + " (split 0.6/0.2/0.2, stratified; the dev part fixed; "
                + "subsets of the training part drawn with the seed)");
        setup.put("seed", Long.toString(settings.seed()));
        setup.put("thresholds", String.format(Locale.ROOT, "BiasVarianceThresholds.DEFAULT: avoidable bias > %s, "
                        + "variance (dev − train) > %s", BiasVarianceThresholds.DEFAULT.bias(),
                BiasVarianceThresholds.DEFAULT.variance()));
        setup.put("optimal error", "0 for the real runs");
        setup.put("common settings", "activation " + ACTIVATION + ", optimizer adam, lr " + LR + ", batch 32, "
                + "early stopping off, l2 0, keep-prob 1, normalize auto, float32");
        setup.put("training-set fractions", FRACTIONS.toString());
        for (Case c : CASES) {
            setup.put("run: " + c.label(), "layers " + c.layers() + ", epochs " + c.epochs() + ", judged at fraction "
                    + c.fraction());
        }

        List<LabResult.Check> checks = new ArrayList<>();
        List<List<Object>> noteRows = new ArrayList<>();
        for (NoteExample e : NOTE_EXAMPLES) {
            BiasVarianceReport report = BiasVariance.of(e.train(), e.dev(), e.optimal());
            noteRows.add(List.of(e.train(), e.dev(), e.optimal(), e.noteWords(), report.verdict().name(),
                    report.verdict() == e.noteSays() ? "agrees" : "disagrees"));
            checks.add(new LabResult.Check(String.format(Locale.ROOT, "the note's example train %s / dev %s%s is %s",
                    pct(e.train()), pct(e.dev()), e.optimal() > 0 ? " (optimal " + pct(e.optimal()) + ")" : "",
                    e.noteSays().description()), report.verdict() == e.noteSays(),
                    "BiasVariance says " + report.verdict().description() + String.format(Locale.ROOT,
                            " (avoidable bias %.3f, variance %.3f)", report.avoidableBias(), report.variance())));
        }

        List<LabResult.Figure> figures = new ArrayList<>();
        List<List<Object>> runRows = new ArrayList<>();
        List<LabResult.Point> quadrant = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            LearningCurve curve = Curves.learning(spec(settings, c), FRACTIONS);
            int at = FRACTIONS.indexOf(c.fraction());
            double train = curve.trainErrors().get(at);
            double dev = curve.devErrors().get(at);
            BiasVarianceReport report = BiasVariance.of(train, dev);
            double[] x = curve.examples().stream().mapToDouble(Integer::doubleValue).toArray();
            figures.add(new LabResult.Figure("Learning curve: " + c.label(), "training examples", "error", true, false,
                    List.of(new LabResult.Series("train", x, curve.trainErrors().stream().mapToDouble(Double::doubleValue).toArray()),
                            new LabResult.Series("dev", x, curve.devErrors().stream().mapToDouble(Double::doubleValue).toArray())),
                    null, List.of(), List.of(new LabResult.Marker(curve.examples().get(at), "judged here"))));
            runRows.add(List.of(c.label(), c.layers(), c.epochs(), curve.examples().get(at), train, dev,
                    report.avoidableBias(), report.variance(), report.verdict().name(), c.intended().name(),
                    curve.verdict()));
            quadrant.add(new LabResult.Point(train, dev - train, i));
            checks.add(new LabResult.Check("the " + c.label() + " run lands in " + c.intended().description(),
                    report.verdict() == c.intended(), String.format(Locale.ROOT,
                    "train %s, dev %s on %d examples: %s", pct(train), pct(dev), curve.examples().get(at),
                    report.verdict().description())));
        }
        figures.add(0, new LabResult.Figure("Where each real run lands (x: train error = avoidable bias, y: dev − train = "
                + "variance; thresholds at " + BiasVarianceThresholds.DEFAULT.bias() + " and "
                + BiasVarianceThresholds.DEFAULT.variance() + ")", "train error", "dev − train error", false, false, List.of(), null,
                quadrant, List.of(new LabResult.Marker(BiasVarianceThresholds.DEFAULT.bias(), "bias threshold"))));

        List<LabResult.Table> tables = List.of(
                new LabResult.Table("The note's examples, judged by BiasVariance", List.of("train error", "dev error",
                        "optimal error", "the note says", "BiasVariance says", "agreement"), noteRows),
                new LabResult.Table("Real runs", List.of("run", "layers", "epochs", "training examples", "train error",
                        "dev error", "avoidable bias", "variance", "verdict", "intended", "learning-curve reading"), runRows));
        return new LabResult(name(), claim(), setup, figures, tables, LabResult.Verdict.of(checks), null);
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.3g %%", 100 * rate);
    }
}
