package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import dev.plumb.nn.Dense;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/** What the network check and the single-layer check share: preconditions, notes and the overall figures. */
final class CheckSupport {

    private CheckSupport() {
    }

    /**
     * Refuses a check in {@link Mode#TRAIN} when a dropout layer is active: its random masks make J a
     * different function at every evaluation, so gradient checking is done with dropout off.
     */
    static void refuseActiveDropout(List<Layer> layers, Mode mode) {
        if (mode != Mode.TRAIN) {
            return;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout d && d.keepProb() < 1) {
                throw new IllegalArgumentException("Invalid value for argument mode: TRAIN, with dropout active in "
                        + d.describe() + " at position " + (i + 1) + ". Random masks make J a different function at"
                        + " every evaluation, so (J(θ+ε) − J(θ−ε)) / 2ε would measure the masks, not the gradient."
                        + " Check in Mode.EVAL (the default), which turns dropout off, as the note asks.");
            }
        }
    }

    /** The note that dropout was turned off, or null when there is no active dropout. */
    static String dropoutNote(List<Layer> layers, Mode mode) {
        List<String> active = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout d && d.keepProb() < 1) {
                active.add(d.describe() + " at position " + (i + 1));
            }
        }
        if (active.isEmpty() || mode != Mode.EVAL) {
            return null;
        }
        return "dropout layers " + String.join(", ", active) + " were turned off for the check (mode EVAL, keep_prob"
                + " = 1): random masks would make J non-deterministic; dropout stays on for training";
    }

    /** Two evaluations of J at the same θ must agree, or finite differences are meaningless. */
    static void requireDeterministic(DoubleSupplier cost, Mode mode, String subject) {
        double a = cost.getAsDouble();
        double b = cost.getAsDouble();
        boolean bothNaN = Double.isNaN(a) && Double.isNaN(b); // reported as a non-finite gradient instead
        if (!bothNaN && !(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)))) {
            throw new IllegalArgumentException("Invalid check: J of " + subject + " is not deterministic in mode " + mode
                    + ": two evaluations at the same weights gave " + a + " and " + b + ". Something random (dropout,"
                    + " noise) makes (J(θ+ε) − J(θ−ε)) / 2ε meaningless; check in Mode.EVAL, or make the layer"
                    + " deterministic in this mode.");
        }
    }

    /**
     * The tensors whose gradient from a second backward pass differs from the first beyond round-off: each
     * pass must overwrite grad, so in a deterministic mode the two are equal.
     */
    static Set<String> changedOnSecondPass(Map<String, double[]> first, Map<String, double[]> second) {
        Set<String> changed = new LinkedHashSet<>();
        first.forEach((name, a) -> {
            double[] b = second.get(name);
            double scale = 0;
            double difference = 0;
            for (int i = 0; i < a.length; i++) {
                scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
                difference = Math.max(difference, Math.abs(a[i] - b[i]));
            }
            if (difference > 1e-12 * scale) {
                changed.add(name);
            }
        });
        return changed;
    }

    /**
     * A float64 copy that the check may perturb without touching the caller's matrix. Sparse features stay sparse
     * (read-only, so the caller's matrix is safe all the same): a network's check then runs the sparse products a
     * first Dense layer makes on text.
     */
    static Matrix float64Copy(Matrix m) {
        if (m instanceof SparseMatrix sparse) {
            return sparse.to(DType.FLOAT64);
        }
        Matrix out = Matrix.zeros(DType.FLOAT64, m.rows(), m.cols());
        out.copyFrom(m);
        return out;
    }

    static TensorCheck.Kind kindOf(String localName) {
        return switch (localName) {
            case Dense.WEIGHT -> TensorCheck.Kind.WEIGHT;
            case Dense.BIAS -> TensorCheck.Kind.BIAS;
            default -> TensorCheck.Kind.PARAMETER;
        };
    }

    /** The note on ε per coordinate: how many used the wider step, with the round-off and truncation errors. */
    static void addStepNote(List<String> notes, List<TensorCheck> tensors, List<TensorMeasurement.Steps> steps) {
        long widened = steps.stream().mapToLong(TensorMeasurement.Steps::widened).sum();
        if (widened == 0) {
            return;
        }
        long checked = tensors.stream().mapToLong(TensorCheck::checked).sum();
        TensorMeasurement.Steps first = steps.get(0);
        double roundoff = steps.stream().mapToDouble(TensorMeasurement.Steps::roundoff).max().orElse(0);
        double truncation = steps.stream().mapToDouble(TensorMeasurement.Steps::truncation).max().orElse(0);
        String each = java.util.stream.IntStream.range(0, steps.size()).filter(i -> steps.get(i).widened() > 0)
                .mapToObj(i -> tensors.get(i).name() + " " + steps.get(i).widened()).collect(Collectors.joining(", "));
        notes.add(String.format(Locale.ROOT, "ε per coordinate: %d of %d coordinates (%s) used ε = %.0e instead of"
                + " %.0e, where the two differences agreed to within the smaller step's round-off: round-off ≈ %.1e"
                + " at ε = %.0e, ≈ %.1e at %.0e; truncation at %.0e ≤ %.1e (the largest difference accepted)",
                widened, checked, each, first.wideEpsilon(), first.epsilon(), roundoff, first.epsilon(),
                roundoff / (first.wideEpsilon() / first.epsilon()), first.wideEpsilon(), first.wideEpsilon(), truncation));
    }

    /** Notes on non-differentiable coordinates, on sampling and on a step outside the usual range. */
    static void addRunNotes(List<String> notes, List<TensorCheck> tensors, GradientCheckConfig config) {
        long kinks = tensors.stream().mapToLong(TensorCheck::nonDifferentiable).sum();
        if (kinks > 0) {
            String each = tensors.stream().filter(t -> t.nonDifferentiable() > 0)
                    .map(t -> t.name() + " " + t.nonDifferentiable()).collect(Collectors.joining(", "));
            notes.add(kinks + " coordinate" + (kinks == 1 ? " is" : "s are") + " non-differentiable at this point (" + each
                    + "): J's left and right differences disagree beyond round-off — a kink such as a ReLU"
                    + " pre-activation exactly at 0 — and backprop gave one of the one-sided slopes or a value between"
                    + " them; left out of the verdict. Zero biases put every example whose earlier ReLU units are all"
                    + " dead exactly on a kink.");
        }
        if (tensors.stream().anyMatch(TensorCheck::sampled)) {
            long checked = tensors.stream().mapToLong(TensorCheck::checked).sum();
            long total = tensors.stream().mapToLong(TensorCheck::total).sum();
            String each = tensors.stream().filter(TensorCheck::sampled)
                    .map(t -> t.name() + " checked " + t.coverage()).collect(Collectors.joining(", "));
            notes.add(String.format(Locale.ROOT, "sampled check, at most %d random coordinates per tensor (seed %d):"
                    + " %s; %d of %d coordinates in all", config.sampleSize(), config.seed(), each, checked, total));
        }
        if (config.epsilon() > 1e-4) {
            notes.add("ε = " + config.epsilon() + " is large: the O(ε²) error of the two-sided difference can show up"
                    + " as disagreement; 1e-7 is the usual step in float64");
        } else if (config.epsilon() < 1e-9) {
            notes.add("ε = " + config.epsilon() + " is small: round-off, about 1e-16·|J|/ε per coordinate, can show up"
                    + " as disagreement; 1e-7 is the usual step in float64");
        }
    }

    /** Puts the report together: the overall error over every checked coordinate, and the verdicts. */
    static GradientCheckReport report(String subject, String stage, int steps, double shift, int examples,
                                      GradientCheckConfig config, List<TensorCheck> tensors, Diagnosis diagnosis,
                                      List<String> notes, List<LayerCheck> layerChecks) {
        double aa = 0;
        double nn = 0;
        double dd = 0;
        long checked = 0;
        long total = 0;
        long nonDifferentiable = 0;
        Verdict worst = Verdict.CORRECT;
        for (TensorCheck t : tensors) {
            aa += t.analyticNorm() * t.analyticNorm();
            nn += t.numericNorm() * t.numericNorm();
            dd += t.differenceNorm() * t.differenceNorm();
            checked += t.checked();
            total += t.total();
            nonDifferentiable += t.nonDifferentiable();
            worst = worst.worse(t.verdict());
        }
        double overall = TensorMeasurement.relativeError(Math.sqrt(dd), Math.sqrt(aa), Math.sqrt(nn),
                config.absoluteFloor());
        Verdict overallVerdict = config.thresholds().judge(overall);
        return new GradientCheckReport(subject, stage, steps, shift, examples, config.epsilon(), DType.FLOAT64,
                config.mode(), tensors, checked, total, overall, overallVerdict, overallVerdict.worse(worst), diagnosis,
                notes, layerChecks, config.thresholds(), nonDifferentiable);
    }
}
