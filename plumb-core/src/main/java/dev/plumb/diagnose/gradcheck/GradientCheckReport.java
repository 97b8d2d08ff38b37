package dev.plumb.diagnose.gradcheck;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.nn.Mode;
import dev.plumb.tensor.DType;

/**
 * The result of a gradient check: one row per tensor, the note's overall relative error, verdicts, notes
 * and a diagnosis. {@link #format()} renders it as a text table; everything it shows is in the fields.
 *
 * @param subject        what was checked: "network …" or "layer …"
 * @param stage          when: "at the given weights" or "after 10 sgd steps (α = 0.1, batch 16)"
 * @param stepsTrained   training steps taken on the float64 copy before the check (0 = the weights as given)
 * @param parameterShift how far those steps moved θ: ‖θ − θ_given‖₂ / ‖θ_given‖₂ (0 without steps)
 * @param examples       rows of the batch J is computed on
 * @param epsilon        ε of the two-sided differences
 * @param dtype          the precision the check ran in (float64)
 * @param mode           the mode J and the gradient were computed in
 * @param tensors        one row per tensor, in network order (W1, b1, W2, …; then X in a single-layer check)
 * @param checked        coordinates compared, over all tensors
 * @param total          coordinates in all tensors
 * @param overallError   ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂) over all checked coordinates (floored)
 * @param overallVerdict the verdict on {@code overallError} alone
 * @param verdict        the check's verdict: the worst of {@code overallVerdict} and every tensor's verdict — a
 *                       wrong 3-element bias can hide in the overall error of a 10,000-element θ
 * @param diagnosis      what the pattern of failures points at
 * @param notes          how the check was run and what to keep in mind (dropout turned off, sampling, …)
 * @param layerChecks    when the network check fails, each layer checked on its own (else empty)
 * @param thresholds     the thresholds the verdicts used
 * @param nonDifferentiable coordinates, over all tensors, at which J has no derivative within ±ε (see
 *                       {@link TensorCheck#nonDifferentiable()}): left out of {@code checked} and the verdicts
 */
public record GradientCheckReport(String subject, String stage, int stepsTrained, double parameterShift,
                                  int examples, double epsilon,
                                  DType dtype, Mode mode, List<TensorCheck> tensors, long checked, long total,
                                  double overallError, Verdict overallVerdict, Verdict verdict, Diagnosis diagnosis,
                                  List<String> notes, List<LayerCheck> layerChecks, VerdictThresholds thresholds,
                                  long nonDifferentiable) {

    public GradientCheckReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(diagnosis, "diagnosis");
        tensors = List.copyOf(tensors);
        notes = List.copyOf(notes);
        layerChecks = List.copyOf(layerChecks);
    }

    /** A report in which every coordinate was differentiable. */
    public GradientCheckReport(String subject, String stage, int stepsTrained, double parameterShift,
                               int examples, double epsilon,
                               DType dtype, Mode mode, List<TensorCheck> tensors, long checked, long total,
                               double overallError, Verdict overallVerdict, Verdict verdict, Diagnosis diagnosis,
                               List<String> notes, List<LayerCheck> layerChecks, VerdictThresholds thresholds) {
        this(subject, stage, stepsTrained, parameterShift, examples, epsilon, dtype, mode, tensors, checked, total,
                overallError, overallVerdict, verdict, diagnosis, notes, layerChecks, thresholds, 0);
    }

    /** True when the verdict is CORRECT or FINE. */
    public boolean passed() {
        return verdict.passed();
    }

    /** The row of tensor {@code name} ("W1", "b2", "X"). */
    public Optional<TensorCheck> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The tensors whose verdict is SUSPICIOUS or WRONG. */
    public List<TensorCheck> failing() {
        return tensors.stream().filter(t -> !t.passed()).toList();
    }

    /** A readable text table of this report, for the command line. */
    public String format() {
        return GradientCheckFormat.format(this);
    }
}
