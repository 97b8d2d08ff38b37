package dev.plumb.diagnose.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.plumb.diagnose.gradcheck.Diagnosis.Finding;

/**
 * Reading a failed check: when the check fails, look at which components fail — which tensors fail and
 * which pass points at the code to look at (db[l] failing while dW[l] passes: the bias gradient of layer l). The rules are tried in the order of {@link Finding}; the first that matches
 * gives the line.
 */
final class GradientDiagnosis {

    /** How a penalized tensor's error (backprop − numerical) compares with the penalty's own gradient. */
    enum PenaltyMatch {
        /** a − n = +∇penalty: J lacks the penalty that the gradient has. */
        LEFT_OUT_OF_J,
        /** a − n = −∇penalty: the gradient lacks the penalty that J has. */
        LEFT_OUT_OF_GRADIENT,
        /** Neither. */
        NONE
    }

    /** What the network rules need to know about its layers. */
    record Layers(List<String> descriptions, Map<Integer, Integer> positionOfNumber,
                  Map<Integer, String> userActivations, String userLoss, Map<String, String> userPenalties) {
        /**
         * Only built-in parts: {@code userActivations} maps a layer's position to the id of the user activation
         * its Dense uses, {@code userLoss} is the id of a user loss (null for a built-in one), {@code
         * userPenalties} maps a penalized tensor to the id of the user Regularizer on it.
         */
        Layers(List<String> descriptions, Map<Integer, Integer> positionOfNumber) {
            this(descriptions, positionOfNumber, Map.of(), null, Map.of());
        }

        String label(int position, int number) {
            return LayerCheck.label(position, number, descriptions.get(position));
        }
    }

    private GradientDiagnosis() {
    }

    /** The line for a single-layer check (tensors: the layer's parameters, then X). */
    static Diagnosis forLayer(List<TensorCheck> tensors, String layer, Set<String> accumulating, int m) {
        return forLayer(tensors, layer, null, accumulating, m);
    }

    /** As above; {@code userActivation} is the id of the user activation the layer's Dense uses, or null. */
    static Diagnosis forLayer(List<TensorCheck> tensors, String layer, String userActivation, Set<String> accumulating,
                              int m) {
        Diagnosis accumulates = accumulation(tensors, accumulating, t -> layer, -1);
        if (accumulates != null) {
            return accumulates;
        }
        List<TensorCheck> failing = failing(tensors);
        Diagnosis common = common(tensors, failing, m);
        if (common != null) {
            return common;
        }
        List<TensorCheck> passing = passing(tensors);
        if (failing.size() == 1 && failing.get(0).kind() == TensorCheck.Kind.INPUT) {
            return new Diagnosis(Finding.INPUT_GRADIENT, prefix(failing) + "X fails"
                    + (passing.isEmpty() ? "" : " while " + names(passing) + " pass") + ": the input gradient dX that "
                    + layer + "'s backward returns is wrong (for a dense layer dX = dZ·W)" + factor(failing.get(0), m)
                    + "; in a network it corrupts the gradients of every earlier layer", -1);
        }
        if (passing.isEmpty()) {
            return new Diagnosis(Finding.LAYER_BACKWARD, prefix(failing) + (userActivation == null ? ""
                    : "the derivative of activation " + userActivation + " (in " + layer + ") is wrong: ")
                    + names(failing) + " all fail: the factor they"
                    + " share is wrong — for a dense layer dZ = g'(Z) ⊙ dA, the activation's derivative", -1);
        }
        if (failing.size() == 1) {
            return oneTensor(failing.get(0), passing, layer, m, -1);
        }
        return new Diagnosis(Finding.SCATTERED, prefix(failing) + names(failing) + " fail while " + names(passing)
                + " pass: look at " + layer + "'s backward for those gradients", -1);
    }

    /** The line for a network check; {@code layerChecks} is empty unless the check failed. */
    static Diagnosis forNetwork(List<TensorCheck> tensors, Layers layers, List<LayerCheck> layerChecks,
                                Map<String, PenaltyMatch> penalties, Set<String> accumulating, int m) {
        Diagnosis accumulates = accumulation(tensors, accumulating,
                t -> layers.label(t.layerPosition(), t.layerNumber()), 0);
        if (accumulates != null) {
            return accumulates;
        }
        List<TensorCheck> failing = failing(tensors);
        Diagnosis common = userLoss(common(tensors, failing, m), layers);
        if (common != null) {
            List<LayerCheck> own = layerChecks.stream().filter(c -> !c.passed()).toList();
            if (common.finding() == Finding.ALL_PASS || own.isEmpty()) {
                return common;
            }
            return new Diagnosis(common.finding(), common.message() + "; failing its own check: " + ownFailures(own),
                    own.size() == 1 ? own.get(0).position() : -1);
        }
        Diagnosis penalty = penalty(tensors, failing, penalties);
        if (penalty != null) {
            List<String> ids = failing.stream().map(t -> layers.userPenalties().get(t.name())).distinct().toList();
            if (ids.size() == 1 && ids.get(0) != null) { // every failing tensor under the same user penalty
                return new Diagnosis(penalty.finding(), "the gradient of penalty " + ids.get(0) + " is wrong: "
                        + penalty.message(), penalty.suspectPosition());
            }
            return penalty;
        }
        int position = failing.get(0).layerPosition();
        boolean oneLayer = failing.stream().allMatch(t -> t.layerPosition() == position);
        List<TensorCheck> sameLayer = tensors.stream().filter(t -> t.layerPosition() == position).toList();
        if (oneLayer && failing.size() < sameLayer.size()) {
            String where = layers.label(position, failing.get(0).layerNumber());
            return failing.size() == 1 ? oneTensor(failing.get(0), passing(sameLayer), where, m, position)
                    : new Diagnosis(Finding.SCATTERED, prefix(failing) + names(failing) + " fail while "
                    + names(passing(sameLayer)) + " pass: look at the backward of " + where, position);
        }
        int last = failing.stream().mapToInt(TensorCheck::layerNumber).max().orElseThrow();
        boolean prefixFails = tensors.stream().allMatch(t -> t.passed() == (t.layerNumber() > last));
        if (prefixFails) {
            return userActivation(userLoss(upstream(tensors, failing, last, layers, layerChecks), layers), layers, last);
        }
        StringBuilder line = new StringBuilder(prefix(failing) + names(failing) + " fail while the other tensors pass:"
                + " look at the backward of " + failing.stream().map(t -> layers.label(t.layerPosition(), t.layerNumber()))
                .distinct().collect(Collectors.joining(" and ")));
        List<LayerCheck> own = layerChecks.stream().filter(c -> !c.passed()).toList();
        if (!own.isEmpty()) {
            line.append("; failing their own check: ").append(ownFailures(own));
        }
        return new Diagnosis(Finding.SCATTERED, line.toString(), own.size() == 1 ? own.get(0).position() : -1);
    }

    /** Names a user loss whose gradient every tensor shares when the finding points at the loss. */
    private static Diagnosis userLoss(Diagnosis d, Layers layers) {
        if (d == null || layers.userLoss() == null
                || (d.finding() != Finding.SAME_FACTOR && d.finding() != Finding.LOSS_GRADIENT)) {
            return d;
        }
        return new Diagnosis(d.finding(), "the gradient of loss " + layers.userLoss() + " is wrong: " + d.message(),
                d.suspectPosition());
    }

    /** Names the user activation of the layer the finding points at: its derivative is the suspect. */
    private static Diagnosis userActivation(Diagnosis d, Layers layers, int number) {
        String id = d.finding() == Finding.LAYER_BACKWARD && d.suspectPosition() >= 0
                ? layers.userActivations().get(d.suspectPosition()) : null;
        if (id == null) {
            return d;
        }
        return new Diagnosis(d.finding(), "the derivative of activation " + id + " (in layer " + number + ") is wrong: "
                + d.message(), d.suspectPosition());
    }

    /**
     * "layer 2 (…) accumulates into W2's gradient instead of overwriting it", or null when every gradient was
     * the same on a second backward pass. {@code positionFloor} 0 reports the layer's position, -1 none.
     */
    private static Diagnosis accumulation(List<TensorCheck> tensors, Set<String> accumulating,
                                          Function<TensorCheck, String> where, int positionFloor) {
        List<TensorCheck> changed = tensors.stream().filter(t -> accumulating.contains(t.name())).toList();
        if (changed.isEmpty()) {
            return null;
        }
        Map<String, List<TensorCheck>> byLayer = changed.stream()
                .collect(Collectors.groupingBy(where, LinkedHashMap::new, Collectors.toList()));
        String line = byLayer.entrySet().stream().map(e -> e.getKey() + " accumulates into "
                        + e.getValue().stream().map(t -> t.name() + "'s").collect(Collectors.joining(" and "))
                        + (e.getValue().size() == 1 ? " gradient" : " gradients") + " instead of overwriting it")
                .collect(Collectors.joining("; "));
        int position = changed.stream().mapToInt(TensorCheck::layerPosition).distinct().count() == 1 && positionFloor == 0
                ? changed.get(0).layerPosition() : -1;
        return new Diagnosis(Finding.ACCUMULATES, line + ": a second backward pass gave a different gradient than the"
                + " first, so every training step after the first uses a wrong one — backward must overwrite grad (=),"
                + " not add to it (+=); the check compares the second pass", position);
    }

    // Rules shared by both kinds of check: nothing fails, something is not finite, one constant factor.
    private static Diagnosis common(List<TensorCheck> tensors, List<TensorCheck> failing, int m) {
        if (failing.isEmpty()) {
            TensorCheck worst = tensors.stream().max((a, b) -> Double.compare(a.relativeError(), b.relativeError()))
                    .orElse(null);
            return new Diagnosis(Finding.ALL_PASS, worst == null ? "nothing to check: no parameters"
                    : "all " + tensors.size() + " tensors agree with the numerical gradient (worst: " + worst.name()
                    + " at " + sci(worst.relativeError()) + "): backprop is right", -1);
        }
        for (int k = failing.size() - 1; k >= 0; k--) { // the last one is nearest to where a NaN starts
            TensorCheck t = failing.get(k);
            if (Double.isNaN(t.relativeError())) {
                return new Diagnosis(Finding.NOT_FINITE, "the gradient of " + t.name() + " is not finite (NaN or ∞):"
                        + " J or backward overflows at these weights; check the inputs, the loss's stability and the"
                        + " training steps before the check", t.layerPosition());
            }
        }
        if (failing.size() == tensors.size() && tensors.size() > 1 && tensors.stream().allMatch(TensorCheck::hasScale)) {
            double s = tensors.get(0).scale();
            if (tensors.stream().allMatch(t -> Math.abs(t.scale() - s) <= 1e-3 * Math.abs(s))) {
                return new Diagnosis(Finding.SAME_FACTOR, "everything fails by the same factor: backprop = "
                        + String.format(Locale.ROOT, "%.4g", s) + " × numerical" + factorMeaning(s, m)
                        + " — check the 1/m of the mean cost, the loss gradient, or the regularization term", -1);
            }
        }
        return null;
    }

    private static Diagnosis penalty(List<TensorCheck> tensors, List<TensorCheck> failing,
                                     Map<String, PenaltyMatch> penalties) {
        boolean onlyPenalized = failing.stream().allMatch(TensorCheck::regularized);
        boolean biasesPass = tensors.stream().filter(t -> !t.regularized()).allMatch(TensorCheck::passed);
        boolean hasBiases = tensors.stream().anyMatch(t -> !t.regularized());
        if (!onlyPenalized || !biasesPass || !hasBiases) {
            return null;
        }
        // J missing the penalty (or backprop missing its gradient) shifts every penalized tensor, not only some
        List<TensorCheck> penalizedTensors = tensors.stream().filter(t -> penalties.containsKey(t.name())).toList();
        for (PenaltyMatch match : List.of(PenaltyMatch.LEFT_OUT_OF_J, PenaltyMatch.LEFT_OUT_OF_GRADIENT)) {
            if (!penalizedTensors.isEmpty() && penalizedTensors.stream().allMatch(t -> penalties.get(t.name()) == match)
                    && failing.stream().allMatch(t -> penalties.get(t.name()) == match)) {
                return match == PenaltyMatch.LEFT_OUT_OF_J
                        ? new Diagnosis(Finding.PENALTY_LEFT_OUT_OF_J, names(failing) + fail(failing) + " and the biases pass,"
                        + " each off by exactly the penalty's gradient: J leaves out the regularization term that the"
                        + " gradient includes; use J = loss + penalty (Objective.networkCost())", -1)
                        : new Diagnosis(Finding.PENALTY_LEFT_OUT_OF_GRADIENT, names(failing) + fail(failing) + " and the biases"
                        + " pass, each off by minus the penalty's gradient: J includes the regularization term but"
                        + " backprop leaves out its gradient ((λ/m)·W for L2)", -1);
            }
        }
        if (failing.stream().allMatch(t -> penalties.get(t.name()) == PenaltyMatch.LEFT_OUT_OF_J)) {
            int position = failing.get(0).layerPosition();
            boolean oneLayer = failing.stream().allMatch(t -> t.layerPosition() == position);
            List<TensorCheck> right = penalizedTensors.stream().filter(TensorCheck::passed).toList();
            return new Diagnosis(Finding.PENALTY_ADDED_BY_LAYER, names(failing) + fail(failing) + ", each off by exactly"
                    + " the penalty's gradient, while " + names(right) + (right.size() == 1 ? " is" : " are")
                    + " right: J has the penalty, so the backward of " + failing.stream()
                    .map(t -> "layer " + t.layerNumber() + " (" + t.layer() + ")").distinct()
                    .collect(Collectors.joining(" and ")) + " adds the penalty's gradient itself, on top of the one the"
                    + " network adds — a layer computes only its own gradients", oneLayer ? position : -1);
        }
        long penalized = tensors.stream().filter(TensorCheck::regularized).count();
        if (failing.size() >= 2 && failing.size() == penalized && !penalties.isEmpty()) {
            return new Diagnosis(Finding.PENALTY_TERM, "only the penalized weights fail (" + names(failing)
                    + ") and the biases pass: check the regularization term in J and its gradient ((λ/m)·W for L2,"
                    + " (λ/m)·sign(W) for L1)", -1);
        }
        return null;
    }

    private static Diagnosis oneTensor(TensorCheck t, List<TensorCheck> passing, String where, int m, int position) {
        Finding finding = switch (t.kind()) {
            case BIAS -> Finding.BIAS_GRADIENT;
            case WEIGHT -> Finding.WEIGHT_GRADIENT;
            case INPUT -> Finding.INPUT_GRADIENT;
            case PARAMETER -> Finding.PARAMETER_GRADIENT;
        };
        String formula = switch (t.kind()) {
            case BIAS -> " (for a dense layer db = Σ_rows dZ)";
            case WEIGHT -> " (for a dense layer dW = dZᵀ·X)";
            default -> "";
        };
        return new Diagnosis(finding, prefix(List.of(t)) + t.name() + " fails while " + names(passing) + " pass"
                + (passing.size() == 1 ? "es" : "") + ": the " + t.kind().gradient() + " of " + where + " is wrong"
                + formula + factor(t, m) + outliers(t), position);
    }

    /** "; coordinate W2[1, 2] stands far above the round-off of the others (backprop … vs numerical …)". */
    private static String outliers(TensorCheck t) {
        if (t.outliers().isEmpty()) {
            return "";
        }
        WorstCoordinate w = t.outliers().get(0);
        String more = t.outliers().size() == 1 ? "" : " (and " + (t.outliers().size() - 1) + " more)";
        return String.format(Locale.ROOT, "; coordinate %s[%d, %d]%s stands far above the round-off of the others:"
                + " backprop %.10g vs numerical %.10g, relative %.1e — a single wrong coordinate the tensor's norm"
                + " dilutes", t.name(), w.row(), w.col(), more, w.analytic(), w.numeric(), w.relativeError());
    }

    // Tensors of layers 1..last fail, later ones pass: the fault is in layer `last`'s backward or in the
    // dX of a layer after it (up to and including the next layer with parameters), which feeds them.
    private static Diagnosis upstream(List<TensorCheck> tensors, List<TensorCheck> failing, int last, Layers layers,
                                      List<LayerCheck> layerChecks) {
        int from = layers.positionOfNumber().get(last);
        Integer next = layers.positionOfNumber().get(last + 1);
        int to = next == null ? layers.descriptions().size() - 1 : next;
        boolean everything = failing.size() == tensors.size();
        String head = prefix(failing) + (everything ? "every tensor fails" : names(failing) + fail(failing) + ", later layers pass");
        for (LayerCheck c : layerChecks) {
            if (c.position() > from && c.position() <= to && c.report().tensor("X").map(x -> !x.passed()).orElse(false)) {
                return new Diagnosis(Finding.WRONG_INPUT_GRADIENT_UPSTREAM, head + ": " + c.label() + " returns a wrong"
                        + " input gradient dX (its own check: " + ownVerdicts(c) + "), and a wrong dX corrupts the"
                        + " gradients of every layer before it — fix that layer's dX", c.position());
            }
        }
        String label = layers.label(from, last);
        for (LayerCheck c : layerChecks) {
            if (c.position() == from && !c.passed()) {
                return new Diagnosis(Finding.LAYER_BACKWARD, head + ": " + label + " fails its own check ("
                        + ownVerdicts(c) + "): look at its backward (for a dense layer dZ = g'(Z) ⊙ dA)", from);
            }
        }
        if (everything && !layerChecks.isEmpty()) {
            return new Diagnosis(Finding.LOSS_GRADIENT, head + " but every layer passes its own check: the loss gradient"
                    + " ∂J/∂output (for the built-in losses (ŷ − y)/m) disagrees with J — is J the function backprop"
                    + " differentiates?", -1);
        }
        boolean hasAfter = from + 1 < layers.descriptions().size();
        String after = !hasAfter ? "" : ", or at the input gradient dX returned by "
                + layers.label(from + 1, next != null && from + 1 == next ? last + 1 : 0) + ", which feeds them";
        return new Diagnosis(Finding.LAYER_BACKWARD, head + ": look at " + label + "'s backward (for a dense layer"
                + " dZ = g'(Z) ⊙ dA)" + after, from);
    }

    private static String ownFailures(List<LayerCheck> own) {
        return own.stream().map(c -> c.label() + " on " + names(c.report().failing())).collect(Collectors.joining(", "));
    }

    private static String ownVerdicts(LayerCheck c) {
        return c.report().tensors().stream().map(t -> t.name() + " " + t.verdict()).collect(Collectors.joining(", "));
    }

    private static List<TensorCheck> failing(List<TensorCheck> tensors) {
        return tensors.stream().filter(t -> !t.passed()).toList();
    }

    private static List<TensorCheck> passing(List<TensorCheck> tensors) {
        return tensors.stream().filter(TensorCheck::passed).toList();
    }

    /** "W1", "W1 and b1", "W1, b1 and W2". */
    static String names(List<TensorCheck> tensors) {
        List<String> names = new ArrayList<>(tensors.stream().map(TensorCheck::name).toList());
        if (names.isEmpty()) {
            return "nothing else";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        String lastName = names.remove(names.size() - 1);
        return String.join(", ", names) + " and " + lastName;
    }

    private static String fail(List<TensorCheck> failing) {
        return failing.size() == 1 ? " fails" : " fail";
    }

    /** Certainty: a failure that is only SUSPICIOUS is worth a look, not yet a bug. */
    private static String prefix(List<TensorCheck> failing) {
        return failing.stream().anyMatch(t -> t.verdict() == Verdict.WRONG) ? ""
                : "suspicious, not certain (a ReLU kink within ε of 0 or a large ε can do this): ";
    }

    private static String factor(TensorCheck t, int m) {
        return t.hasScale() ? " — backprop = " + String.format(Locale.ROOT, "%.4g", t.scale()) + " × numerical"
                + factorMeaning(t.scale(), m) : "";
    }

    private static String factorMeaning(double s, int m) {
        if (close(s, m) && m > 1) {
            return " (= m, the batch size: a 1/m is missing)";
        }
        if (close(s, 1.0 / m) && m > 1) {
            return " (= 1/m: the 1/m is applied twice)";
        }
        if (close(s, 2)) {
            return " (a factor 2 too many)";
        }
        if (close(s, 0.5)) {
            return " (a factor 2 missing)";
        }
        if (close(s, -1)) {
            return " (the sign is flipped)";
        }
        if (Math.abs(s) < 1e-12) {
            return " (backprop gives zero)";
        }
        return "";
    }

    private static boolean close(double s, double target) {
        return Math.abs(s - target) <= 1e-3 * Math.abs(target);
    }

    private static String sci(double x) {
        return String.format(Locale.ROOT, "%.1e", x);
    }
}
