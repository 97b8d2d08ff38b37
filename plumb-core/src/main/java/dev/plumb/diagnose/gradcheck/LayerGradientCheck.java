package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Layer;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * The check of one layer on its own. A layer has no cost, so it gets the scalar J = Σ r ⊙ layer(X) with
 * a fixed random r: then ∂J/∂output = r, and {@code backward(r)} must return ∂J/∂X and fill ∂J/∂p for each
 * parameter p. Both are compared with two-sided differences of J — the input gradient dX too, since a
 * layer of one's own most often gets that one wrong, and in a network a wrong dX makes every earlier
 * layer look wrong.
 */
final class LayerGradientCheck {

    /** The name of the input's row in the report. */
    static final String INPUT = "X";

    private LayerGradientCheck() {
    }

    static GradientCheckReport check(Layer original, Matrix x, GradientCheckConfig config) {
        Objects.requireNonNull(original, "layer");
        Objects.requireNonNull(x, "x");
        if (x.rows() == 0) {
            throw new IllegalArgumentException("Invalid argument x: no examples. Expected a batch of at least one row.");
        }
        Checks.allFinite("x", x);
        Mode mode = config.mode();
        CheckSupport.refuseActiveDropout(List.of(original), mode);
        String description = original.describe();
        original.outputSize(x.cols()); // throws, naming the layer, when it cannot take this input
        Layer layer = original.copy(DType.FLOAT64);
        for (Parameter p : layer.parameters()) {
            if (p.value().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("Invalid layer " + description + ": copy(FLOAT64) gave parameter "
                        + p.name() + " in " + p.value().dtype() + ". A gradient check needs float64: float32 cannot"
                        + " reach relative errors of 1e-7.");
            }
        }
        // the input is perturbed to check dX, so a sparse input is checked in its dense form
        Matrix x64 = CheckSupport.float64Copy(x instanceof SparseMatrix sparse ? sparse.toDense() : x);
        Matrix first = layer.forward(x64, mode);
        Matrix r = weighting(first.rows(), first.cols(), config.seed());
        DoubleSupplier cost = () -> weightedSum(r, layer.forward(x64, mode));
        CheckSupport.requireDeterministic(cost, mode, "layer " + description);

        // backward gets its own copy of r: a layer may overwrite gradOutput (dZ in place), and J still needs r.
        // Twice in a row: a layer that adds into grad (+=) would pass on fresh gradients; the second pass,
        // what training sees, is the one checked.
        Map<String, double[]> firstPass = new LinkedHashMap<>();
        Matrix dX = null;
        Map<String, double[]> second = new LinkedHashMap<>();
        for (Map<String, double[]> pass : List.of(firstPass, second)) {
            layer.forward(x64, mode);
            dX = layer.backward(r.copy());
            if (!dX.sameShape(x64)) {
                throw new IllegalArgumentException("Invalid layer " + description + ": backward returned a gradient of"
                        + " shape " + dX.shapeString() + " for an input of shape " + x64.shapeString() + "; dX must have"
                        + " the input's shape");
            }
            for (Parameter p : layer.parameters()) {
                pass.put(p.name(), p.grad().toDoubleArray()); // copied before any further forward pass
            }
        }
        double[] inputGradient = dX.toDoubleArray();
        Set<String> accumulating = CheckSupport.changedOnSecondPass(firstPass, second);
        List<double[]> parameterGradients = new ArrayList<>(second.values());

        List<TensorCheck> tensors = new ArrayList<>();
        List<TensorMeasurement.Steps> steps = new ArrayList<>();
        List<Parameter> parameters = layer.parameters();
        for (int k = 0; k < parameters.size(); k++) {
            Parameter p = parameters.get(k);
            TensorMeasurement.Subject subject = new TensorMeasurement.Subject(p.name(), CheckSupport.kindOf(p.name()),
                    -1, 0, description, p.regularized());
            TensorMeasurement.Measured measured = TensorMeasurement.measure(subject, p.value(), parameterGradients.get(k),
                    cost, config);
            tensors.add(measured.check());
            steps.add(measured.steps());
        }
        TensorMeasurement.Subject input = new TensorMeasurement.Subject(INPUT, TensorCheck.Kind.INPUT, -1, 0,
                description, false);
        TensorMeasurement.Measured measuredInput = TensorMeasurement.measure(input, x64, inputGradient, cost, config);
        tensors.add(measuredInput.check());
        steps.add(measuredInput.steps());

        List<String> notes = new ArrayList<>();
        notes.add("J = Σ r ⊙ layer(X) with a fixed random r ~ N(0, 1) (seed " + config.seed() + "): ∂J/∂output = r,"
                + " so backward(r) gives dX and the parameter gradients");
        String dropout = CheckSupport.dropoutNote(List.of(original), mode);
        if (dropout != null) {
            notes.add(dropout);
        }
        if (config.afterSteps() > 0) {
            notes.add("afterSteps applies to network checks: a single layer has no cost to train on, so it was checked"
                    + " at its given weights");
        }
        String kink = KinkProbe.note(layer, description, x64, config.epsilon());
        if (kink != null) {
            notes.add(kink);
        }
        CheckSupport.addStepNote(notes, tensors, steps);
        CheckSupport.addRunNotes(notes, tensors, config);
        Diagnosis diagnosis = GradientDiagnosis.forLayer(tensors, description,
                layer instanceof Dense d && !Activation.isBuiltIn(d.activation()) ? d.activation().id() : null,
                accumulating, x.rows());
        return CheckSupport.report("layer " + description, "at the given weights", 0, 0, x.rows(), config, tensors,
                diagnosis, notes, List.of());
    }

    private static Matrix weighting(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix r = Matrix.zeros(DType.FLOAT64, rows, cols);
        for (int i = 0; i < r.size(); i++) {
            r.set(i, rng.nextGaussian());
        }
        return r;
    }

    private static double weightedSum(Matrix r, Matrix output) {
        double sum = 0;
        for (int i = 0, n = r.size(); i < n; i++) {
            sum += r.get(i) * output.get(i);
        }
        return sum;
    }
}
