package dev.plumb.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.gradcheck.Diagnosis;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.gradcheck.TensorCheck;
import dev.plumb.diagnose.gradcheck.Verdict;
import dev.plumb.diagnose.gradcheck.VerdictThresholds;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The note's gradient check on two networks with the same weights: a correct one, and one whose second layer has a
 * planted bug in its backward (db = Σ dA: the activation's derivative g′(Z) left out of the bias gradient, as a
 * hand-written layer might). Plumb's {@link GradientCheck} with its defaults measures the relative error of every
 * parameter tensor, gives each the note's band (its {@link VerdictThresholds#NOTE}) and names the tensor at fault.
 */
public final class GradientCheckExperiment implements Experiment {

    static final int BATCH = 32;
    static final int[] HIDDEN = {16, 8};
    /** The layer (0-based position) whose backward gets the bug. */
    static final int BUGGY_LAYER = 1;

    private final boolean plantBug;

    public GradientCheckExperiment() {
        this(true);
    }

    /** {@code plantBug = false} checks the correct network twice (tests show the verdict then fails). */
    GradientCheckExperiment(boolean plantBug) {
        this.plantBug = plantBug;
    }

    @Override
    public String name() {
        return "gradient-check";
    }

    @Override
    public String claim() {
        return "A gradient check puts a correct backprop's relative error in the 'correct' band and a buggy one's above"
                + " 1e-3, and names the tensor whose gradient is wrong.";
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        LabBatch batch = LabBatch.load(settings, BATCH);
        Matrix x = batch.data().features();
        Matrix y = batch.data().targets();
        List<LayerSpec> layers = new ArrayList<>();
        for (int units : HIDDEN) {
            layers.add(LayerSpec.dense(units, Activation.tanh()));
        }
        layers.add(LayerSpec.dense(batch.outputs(), Activation.identity()));
        NetworkSpec spec = new NetworkSpec(batch.data().featureCount(), layers, batch.loss(), 0, 0);
        Network correct = spec.build(DType.FLOAT64, settings.seed());
        List<Layer> copies = new ArrayList<>();
        for (int i = 0; i < correct.layers().size(); i++) {
            Layer copy = correct.layers().get(i).copy(DType.FLOAT64);
            copies.add(plantBug && i == BUGGY_LAYER ? new BiasWithoutDerivative((Dense) copy) : copy);
        }
        Network buggy = Network.of(correct.inputs(), copies, correct.loss());

        GradientCheckConfig config = GradientCheckConfig.defaults();
        GradientCheck check = new GradientCheck(config);
        GradientCheckReport good = check.check(correct, x, y);
        GradientCheckReport bad = check.check(buggy, x, y);
        VerdictThresholds bands = good.thresholds();

        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", batch.description());
        setup.put("network", spec.inputs() + " → " + HIDDEN[0] + " tanh → " + HIDDEN[1] + " tanh → " + batch.outputs()
                + " identity, loss " + batch.loss().id() + ", LeCun weights (seed " + settings.seed() + ")");
        setup.put("planted bug", plantBug ? "layer " + (BUGGY_LAYER + 1) + " (" + correct.layers().get(BUGGY_LAYER).describe()
                + ") computes db = Σ_rows dA instead of Σ_rows dZ (g′(Z) left out); its forward, dW and dX are Dense's"
                : "none (the second network is a copy of the first)");
        setup.put("check", "dev.plumb.diagnose.gradcheck.GradientCheck with its defaults: float64, two-sided differences,"
                + " ε = " + config.epsilon() + ", " + (config.sampleSize() == 0 ? "every coordinate" : config.sampleSize()
                + " coordinates per tensor") + ", mode " + config.mode() + ", at the initial weights");
        setup.put("bands", bands.describe());

        List<String> names = good.tensors().stream().map(TensorCheck::name).toList();
        double[] index = new double[names.size()];
        double[] goodErrors = new double[names.size()];
        double[] badErrors = new double[names.size()];
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            TensorCheck g = good.tensors().get(k);
            TensorCheck b = bad.tensor(g.name()).orElseThrow();
            index[k] = k + 1;
            goodErrors[k] = g.relativeError();
            badErrors[k] = b.relativeError();
            rows.add(List.of(k + 1, g.name(), g.layer(), g.coverage(), g.relativeError(), band(g.verdict()),
                    b.relativeError(), band(b.verdict())));
        }
        double[] ends = {1, names.size()};
        List<LabResult.Series> series = new ArrayList<>(List.of(
                new LabResult.Series("correct network", index, goodErrors),
                new LabResult.Series(plantBug ? "planted bug in db" + (BUGGY_LAYER + 1) : "second copy", index, badErrors)));
        series.add(new LabResult.Series("'correct' below " + fmt(bands.correct()), ends, new double[] {bands.correct(), bands.correct()}));
        series.add(new LabResult.Series("'fine' below " + fmt(bands.fine()), ends, new double[] {bands.fine(), bands.fine()}));
        series.add(new LabResult.Series("'wrong' from " + fmt(bands.suspicious()), ends,
                new double[] {bands.suspicious(), bands.suspicious()}));
        LabResult.Figure figure = LabResult.Figure.lines("Relative error per parameter tensor (x: "
                + String.join(", ", numbered(names)) + ")", "tensor", "relative error", false, true, series);

        List<LabResult.Table> tables = List.of(
                new LabResult.Table("Relative error per tensor", List.of("#", "tensor", "layer", "coordinates",
                        "correct network", "band", "planted bug", "band"), rows),
                new LabResult.Table("The bands (GradientCheck's thresholds, the note's)", List.of("band", "relative error",
                        "reading"), List.of(
                        List.of("correct", "< " + bands.correct(), Verdict.CORRECT.meaning()),
                        List.of("fine", bands.correct() + " … " + bands.fine(), Verdict.FINE.meaning()),
                        List.of("suspicious", bands.fine() + " … " + bands.suspicious(), Verdict.SUSPICIOUS.meaning()),
                        List.of("wrong", "≥ " + bands.suspicious(), Verdict.WRONG.meaning()))),
                new LabResult.Table("The checks' verdicts", List.of("network", "overall relative error", "verdict",
                        "diagnosis"), List.of(
                        List.of("correct", good.overallError(), band(good.verdict()), good.diagnosis().message()),
                        List.of(plantBug ? "planted bug" : "second copy", bad.overallError(), band(bad.verdict()),
                                bad.diagnosis().message()))));
        return new LabResult(name(), claim(), setup, List.of(figure), tables,
                LabResult.Verdict.of(checks(good, bad, "b" + (BUGGY_LAYER + 1), BUGGY_LAYER)), null);
    }

    static List<LabResult.Check> checks(GradientCheckReport good, GradientCheckReport bad, String buggyTensor,
                                        int buggyLayer) {
        List<LabResult.Check> checks = new ArrayList<>();
        StringBuilder goodEvidence = new StringBuilder();
        boolean allCorrect = true;
        for (TensorCheck t : good.tensors()) {
            allCorrect &= t.verdict() == Verdict.CORRECT;
            goodEvidence.append(goodEvidence.length() == 0 ? "" : ", ").append(t.name()).append(" ")
                    .append(fmt(t.relativeError()));
        }
        checks.add(new LabResult.Check("every tensor of the correct network is in the 'correct' band (< "
                + fmt(good.thresholds().correct()) + ")", allCorrect && good.passed(), goodEvidence + "; overall "
                + fmt(good.overallError())));
        TensorCheck wrong = bad.tensor(buggyTensor).orElseThrow();
        checks.add(new LabResult.Check("the planted bug's tensor " + buggyTensor + " is in the 'wrong' band (≥ "
                + fmt(bad.thresholds().suspicious()) + ")", wrong.verdict() == Verdict.WRONG && !bad.passed(),
                buggyTensor + " " + fmt(wrong.relativeError()) + " (" + band(wrong.verdict()) + "); the check's verdict: "
                        + band(bad.verdict())));
        List<String> failing = bad.failing().stream().map(TensorCheck::name).toList();
        Diagnosis diagnosis = bad.diagnosis();
        checks.add(new LabResult.Check("the check localizes the bug: " + buggyTensor + " is the only failing tensor and"
                + " the diagnosis names the bias gradient of that layer", failing.equals(List.of(buggyTensor))
                && diagnosis.finding() == Diagnosis.Finding.BIAS_GRADIENT && diagnosis.suspectPosition() == buggyLayer,
                "failing: " + failing + "; diagnosis " + diagnosis.finding() + " at position " + diagnosis.suspectPosition()
                        + ": " + diagnosis.message()));
        boolean same = true;
        StringBuilder others = new StringBuilder();
        for (TensorCheck g : good.tensors()) {
            if (g.name().equals(buggyTensor)) {
                continue;
            }
            double b = bad.tensor(g.name()).orElseThrow().relativeError();
            same &= Math.abs(b - g.relativeError()) <= 1e-9 * g.relativeError() + 1e-300;
            others.append(others.length() == 0 ? "" : ", ").append(g.name()).append(" ").append(fmt(g.relativeError()))
                    .append(" / ").append(fmt(b));
        }
        checks.add(new LabResult.Check("the bug moves no other tensor's error: the rest measure as in the correct"
                + " network (to 9 digits)", same, "correct / buggy: " + others));
        return checks;
    }

    private static List<String> numbered(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            out.add((k + 1) + " = " + names.get(k));
        }
        return out;
    }

    private static String band(Verdict verdict) {
        return verdict.name().toLowerCase(Locale.ROOT);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * The planted bug: a dense layer whose backward writes db = Σ_rows dA, the gradient with respect to its output,
     * instead of Σ_rows dZ with dZ = g′(Z) ⊙ dA. Forward, dW and dX are the wrapped {@link Dense}'s own.
     */
    static final class BiasWithoutDerivative implements Layer {

        private final Dense inner;

        BiasWithoutDerivative(Dense inner) {
            this.inner = inner;
        }

        @Override
        public Matrix forward(Matrix input, Mode mode) {
            return inner.forward(input, mode);
        }

        @Override
        public Matrix backward(Matrix gradOutput) {
            Matrix wrong = gradOutput.zerosLike(1, gradOutput.cols());
            gradOutput.columnSumsInto(wrong); // read dA before Dense may overwrite it
            Matrix dX = inner.backward(gradOutput);
            bias().grad().copyFrom(wrong);
            return dX;
        }

        @Override
        public void backwardParametersOnly(Matrix gradOutput) {
            backward(gradOutput);
        }

        private Parameter bias() {
            return inner.parameters().get(1);
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public int outputSize(int inputSize) {
            return inner.outputSize(inputSize);
        }

        @Override
        public Layer copy(DType dtype) {
            return new BiasWithoutDerivative(inner.copy(dtype));
        }

        @Override
        public String describe() {
            return inner.describe() + " with db = Σ dA";
        }
    }
}
