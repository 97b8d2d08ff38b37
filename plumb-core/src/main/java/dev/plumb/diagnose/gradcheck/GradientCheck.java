package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

import dev.plumb.data.Dataset;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.ElasticNet;
import dev.plumb.nn.L1;
import dev.plumb.nn.L2;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.nn.Regularizer;
import dev.plumb.optim.Optimizer;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Gradient checking: compares backprop's gradient dθ with the two-sided numerical
 * gradient dθ_approx, coordinate by coordinate, and reports ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂)
 * overall and per tensor (W1, b1, …) with the worst coordinates, verdicts and a diagnosis.
 *
 * <p>As the note asks: it runs in float64, on a float64 copy made by {@link Network#copy} (the very same
 * layer code; the caller's network is never changed); J includes the regularization term; dropout is
 * off ({@link Mode#EVAL}); it runs at the weights given (initialization) and, with
 * {@link GradientCheckConfig#afterSteps()}, after some training. For a large network it checks a seeded
 * random sample of coordinates per tensor: the cost is four forward passes per checked coordinate (two-sided
 * differences at ε and, against round-off, at 100ε; two when 100ε would exceed 1e-4). It is a
 * debugging tool, never part of training.
 *
 * <p>It works on any {@link Layer}, yours included: {@link #check(Layer, Matrix)} checks one layer on its
 * own, parameters and input gradient dX; a failing network check does the same for each layer to find
 * the one whose backward is wrong.
 *
 * <p>Backprop runs twice in a row and the second pass is checked: a layer that adds into its gradients
 * instead of overwriting them is named ({@link Diagnosis.Finding#ACCUMULATES}). A coordinate at which J has
 * no derivative within ±ε (a ReLU pre-activation exactly at 0) is counted as non-differentiable and left out
 * of the verdict when backprop gives one of its one-sided slopes.
 */
public final class GradientCheck {

    /** How closely backprop − numerical must match ± the penalty's gradient to name a missing penalty term. */
    private static final double PENALTY_MATCH = 1e-2;

    private final GradientCheckConfig config;
    private final Optimizer optimizer;

    /** The note's defaults: ε = 1e-7, every coordinate, at the given weights. */
    public GradientCheck() {
        this(GradientCheckConfig.defaults());
    }

    /** Training steps before the check (if any) use plain gradient descent. */
    public GradientCheck(GradientCheckConfig config) {
        this(config, new Sgd());
    }

    /** Training steps before the check (if any) use a fresh copy of {@code optimizer}. */
    public GradientCheck(GradientCheckConfig config, Optimizer optimizer) {
        this.config = Objects.requireNonNull(config, "config");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    public GradientCheckConfig config() {
        return config;
    }

    /** Checks {@code network} on the examples of {@code data}. */
    public GradientCheckReport check(Network network, Dataset data) {
        return check(network, data.features(), data.targets());
    }

    /** Checks {@code network} on the batch (x, y) against its own cost J = loss + penalty. */
    public GradientCheckReport check(Network network, Matrix x, Matrix y) {
        return check(network, x, y, Objective.networkCost());
    }

    /**
     * The check at the weights given and, when the configuration asks for training steps, again after them:
     * the note's "at initialization, and again after some training". One report, or two.
     */
    public List<GradientCheckReport> checkBeforeAndAfterTraining(Network network, Matrix x, Matrix y) {
        GradientCheckReport before = new GradientCheck(config.withAfterSteps(0), optimizer).check(network, x, y);
        return config.afterSteps() == 0 ? List.of(before) : List.of(before, check(network, x, y));
    }

    /** Checks one layer on its own, on input batch {@code x}: its parameters and its input gradient dX. */
    public GradientCheckReport check(Layer layer, Matrix x) {
        return LayerGradientCheck.check(layer, x, config);
    }

    /**
     * Checks {@code network} on the batch (x, y) with J computed by {@code objective}. The gradient is always
     * {@code computeGradients(x, y, mode, x.rows())}; an objective that is not its function (one that leaves
     * out the penalty, say) makes the check fail, which is how the note's warning can be seen.
     */
    public GradientCheckReport check(Network network, Matrix x, Matrix y, Objective objective) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(objective, "objective");
        requireBatch(network, x, y);
        Mode mode = config.mode();
        CheckSupport.refuseActiveDropout(network.layers(), mode);
        Network copy = network.copy(DType.FLOAT64);
        if (copy.dtype() != DType.FLOAT64 && !copy.parameters().isEmpty()) {
            throw new IllegalArgumentException("Invalid network: its layers' copy(FLOAT64) gave " + copy.dtype()
                    + " parameters. A gradient check needs float64: float32 cannot reach relative errors of 1e-7.");
        }
        Matrix x64 = CheckSupport.float64Copy(x);
        Matrix y64 = CheckSupport.float64Copy(y);
        int m = x.rows();
        List<String> notes = new ArrayList<>();
        String stage = "at the given weights";
        double shift = 0;
        if (config.afterSteps() > 0) {
            shift = train(copy, x64, y64);
            int batch = config.batchSize() == 0 ? m : Math.min(config.batchSize(), m);
            stage = "after " + config.afterSteps() + " " + optimizer.id() + " steps (α = " + config.learningRate()
                    + ", batch " + batch + ")";
            notes.add(String.format(Locale.ROOT, "trained %d steps on the check batch in mode TRAIN before checking:"
                    + " θ moved %.3g%% from the given weights (the caller's network is unchanged)",
                    config.afterSteps(), 100 * shift));
        }

        DoubleSupplier cost = () -> objective.cost(copy, x64, y64, mode);
        CheckSupport.requireDeterministic(cost, mode, "the network");
        double objectiveJ = cost.getAsDouble();
        double backpropJ = copy.computeGradients(x64, y64, mode, m);
        Map<String, double[]> first = new LinkedHashMap<>();
        copy.parameters().forEach((name, p) -> first.put(name, p.grad().toDoubleArray()));
        // twice in a row: a layer that adds into grad (+=) passes on fresh gradients but is wrong from the
        // second training step on; the second pass is what training sees, so it is the one checked
        copy.computeGradients(x64, y64, mode, m);
        Map<String, double[]> analytic = new LinkedHashMap<>();
        copy.parameters().forEach((name, p) -> analytic.put(name, p.grad().toDoubleArray()));
        Set<String> accumulating = CheckSupport.changedOnSecondPass(first, analytic);
        if (!(Math.abs(objectiveJ - backpropJ) <= 1e-12 * Math.max(1, Math.abs(backpropJ)))) {
            notes.add(mismatchNote(objectiveJ, backpropJ, copy.regularizationCost(m)));
        }

        List<TensorCheck> tensors = new ArrayList<>();
        Map<String, GradientDiagnosis.PenaltyMatch> penalties = new HashMap<>();
        List<TensorMeasurement.Steps> steps = new ArrayList<>();
        GradientDiagnosis.Layers layers = measureParameters(copy, analytic, cost, m, tensors, penalties, steps);
        CheckSupport.addStepNote(notes, tensors, steps);
        kinkNotes(copy, x64, notes);
        boolean failed = tensors.stream().anyMatch(t -> !t.passed());
        List<LayerCheck> layerChecks = failed ? eachLayerOnItsOwn(copy, x64) : List.of();
        String dropout = CheckSupport.dropoutNote(copy.layers(), mode);
        if (dropout != null) {
            notes.add(0, dropout);
        }
        CheckSupport.addRunNotes(notes, tensors, config);
        Diagnosis diagnosis = GradientDiagnosis.forNetwork(tensors, layers, layerChecks, penalties, accumulating, m);
        return CheckSupport.report(subject(copy), stage, config.afterSteps(), shift, m, config, tensors, diagnosis,
                notes, layerChecks);
    }

    /**
     * Measures every parameter tensor, in network order, into {@code tensors}, and how each penalized one's
     * error compares with its penalty's gradient into {@code penalties}; returns the layers' names for the
     * diagnosis.
     */
    private GradientDiagnosis.Layers measureParameters(Network copy, Map<String, double[]> analytic,
                                                       DoubleSupplier cost, int m, List<TensorCheck> tensors,
                                                       Map<String, GradientDiagnosis.PenaltyMatch> penalties,
                                                       List<TensorMeasurement.Steps> steps) {
        List<String> descriptions = new ArrayList<>();
        Map<Integer, Integer> positionOfNumber = new HashMap<>();
        Map<Integer, String> userActivations = new HashMap<>();
        Map<String, String> userPenalties = new HashMap<>();
        int number = 0;
        for (int position = 0; position < copy.layers().size(); position++) {
            Layer layer = copy.layers().get(position);
            descriptions.add(layer.describe());
            if (layer instanceof Dense d && !Activation.isBuiltIn(d.activation())) {
                userActivations.put(position, d.activation().id());
            }
            if (layer.parameters().isEmpty()) {
                continue;
            }
            positionOfNumber.put(++number, position);
            for (Parameter p : layer.parameters()) {
                String name = Network.parameterName(p.name(), number);
                TensorMeasurement.Subject subject = new TensorMeasurement.Subject(name, CheckSupport.kindOf(p.name()),
                        position, number, layer.describe(), p.regularized());
                TensorMeasurement.Measured measured = TensorMeasurement.measure(subject, p.value(), analytic.get(name),
                        cost, config);
                tensors.add(measured.check());
                steps.add(measured.steps());
                if (p.regularized()) {
                    Regularizer penalty = copy.regularizer(position);
                    if (!(penalty instanceof L2 || penalty instanceof L1 || penalty instanceof ElasticNet)) {
                        userPenalties.put(name, penalty.id());
                    }
                    penaltyMatch(copy.regularizer(position), p.value(), measured, m, penalties);
                }
            }
        }
        String userLoss = Loss.isBuiltIn(copy.loss()) ? null : copy.loss().id();
        return new GradientDiagnosis.Layers(descriptions, positionOfNumber, userActivations, userLoss, userPenalties);
    }

    private static void requireBatch(Network network, Matrix x, Matrix y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rows() == 0) {
            throw new IllegalArgumentException("Invalid argument x: no examples. Expected a batch of at least one row.");
        }
        if (x.cols() != network.inputs()) {
            throw new IllegalArgumentException("Invalid argument x: " + x.cols() + " features per example, but the"
                    + " network takes " + network.inputs());
        }
        if (y.rows() != x.rows() || y.cols() != network.outputs()) {
            throw new IllegalArgumentException("Invalid argument y: shape " + y.shapeString() + ", expected "
                    + x.rows() + "x" + network.outputs() + " (one row per example of x, one column per network output)");
        }
        Checks.allFinite("x", x);
        Checks.allFinite("y", y);
    }

    /** Trains the copy; returns ‖θ_k − θ_0‖ / ‖θ_0‖. */
    private double train(Network copy, Matrix x, Matrix y) {
        List<Matrix> before = copy.parameters().values().stream().map(p -> p.value().copy()).toList();
        TrainingSteps.run(copy, x, y, config, optimizer.copy());
        double moved = 0;
        double size = 0;
        int k = 0;
        for (Parameter p : copy.parameters().values()) {
            Matrix b = before.get(k++);
            for (int i = 0; i < b.size(); i++) {
                double d = p.value().get(i) - b.get(i);
                moved += d * d;
                size += b.get(i) * b.get(i);
            }
        }
        return size == 0 ? (moved == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(moved / size);
    }

    // backprop − numerical compared with ± the penalty's own gradient, on the checked coordinates
    private static void penaltyMatch(Regularizer regularizer, Matrix value, TensorMeasurement.Measured measured, int m,
                                     Map<String, GradientDiagnosis.PenaltyMatch> out) {
        Matrix full = value.zerosLike();
        regularizer.addGradient(value, full, m);
        int[] indices = measured.indices();
        double pp = 0;
        double minus = 0;
        double plus = 0;
        double dd = 0;
        for (int k = 0; k < indices.length; k++) {
            double p = full.get(indices[k]);
            double d = measured.analytic()[k] - measured.numeric()[k];
            pp += p * p;
            dd += d * d;
            minus += (d - p) * (d - p);
            plus += (d + p) * (d + p);
        }
        if (pp == 0) {
            return; // no penalty on this tensor
        }
        double scale = Math.sqrt(pp) + Math.sqrt(dd);
        GradientDiagnosis.PenaltyMatch match = Math.sqrt(minus) < PENALTY_MATCH * scale
                ? GradientDiagnosis.PenaltyMatch.LEFT_OUT_OF_J
                : Math.sqrt(plus) < PENALTY_MATCH * scale ? GradientDiagnosis.PenaltyMatch.LEFT_OUT_OF_GRADIENT
                : GradientDiagnosis.PenaltyMatch.NONE;
        out.put(measured.check().name(), match);
    }

    private static String mismatchNote(double objectiveJ, double backpropJ, double penalty) {
        String what = penalty != 0 && Math.abs((backpropJ - objectiveJ) - penalty) <= 1e-9 * Math.max(1, penalty)
                ? ", exactly the regularization term" : "";
        return String.format(Locale.ROOT, "the objective's J = %.10g differs from the J backprop differentiates,"
                + " %.10g (loss + penalty; difference %.4g%s): they are not the same function, so the check measures"
                + " the mismatch", objectiveJ, backpropJ, backpropJ - objectiveJ, what);
    }

    // Each layer checked alone on the input it gets in the network: localizes a failing network check.
    private List<LayerCheck> eachLayerOnItsOwn(Network copy, Matrix x) {
        List<LayerCheck> checks = new ArrayList<>();
        Matrix input = x;
        int number = 0;
        for (int position = 0; position < copy.layers().size(); position++) {
            Layer layer = copy.layers().get(position);
            boolean hasParameters = !layer.parameters().isEmpty();
            number += hasParameters ? 1 : 0;
            GradientCheckReport own = LayerGradientCheck.check(layer, input, config.withAfterSteps(0));
            checks.add(new LayerCheck(position, hasParameters ? number : 0, layer.describe(), own));
            input = CheckSupport.float64Copy(layer.forward(input, config.mode()));
        }
        return checks;
    }

    private void kinkNotes(Network copy, Matrix x, List<String> notes) {
        Matrix input = x;
        int number = 0;
        for (int position = 0; position < copy.layers().size(); position++) {
            Layer layer = copy.layers().get(position);
            boolean hasParameters = !layer.parameters().isEmpty();
            number += hasParameters ? 1 : 0;
            String note = KinkProbe.note(layer, LayerCheck.label(position, hasParameters ? number : 0,
                    layer.describe()), input, config.epsilon());
            if (note != null) {
                notes.add(note);
            }
            input = layer.forward(input, config.mode());
        }
    }

    private static String subject(Network network) {
        StringBuilder s = new StringBuilder("network ");
        for (int i = 0; i < network.layers().size(); i++) {
            s.append(i == 0 ? "" : " → ").append(network.layers().get(i).describe());
        }
        s.append("; loss ").append(network.loss().id()).append("; penalty ").append(network.regularizer().id());
        for (int i = 0; i < network.layers().size(); i++) {
            if (network.regularizer(i) != network.regularizer()) {
                s.append(", layer position ").append(i + 1).append(": ").append(network.regularizer(i).id());
            }
        }
        return s.toString();
    }
}
