package dev.plumb.diagnose.biasvariance;

import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.number;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.percent;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.points;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;

/**
 * The note's basic recipe as next steps, first to try first: high bias → a bigger network, training
 * longer or a better optimizer, another architecture; high variance → more data (or augmentation),
 * regularization, early stopping; both → the bias first, since regularizing an underfit model only
 * underfits it more; neither → evaluate the test set once. With a run record each step quotes the
 * run's own numbers (widths, λ, keepProb, epochs, the cost and dev-error curves).
 */
final class BiasVarianceRecipe {

    // the train cost "is still falling" if it fell by more than this fraction over the last epochs
    private static final double STILL_FALLING = 0.01;
    private static final int TREND_EPOCHS = 5;

    private BiasVarianceRecipe() {
    }

    static List<String> steps(BiasVariance.Verdict verdict, double trainError, double devError, double optimalError,
                              RunRecord record) {
        List<String> steps = new ArrayList<>();
        switch (verdict) {
            case HIGH_BIAS -> biasSteps(steps, record, true);
            case HIGH_VARIANCE -> varianceSteps(steps, trainError, devError, record);
            case HIGH_BIAS_AND_VARIANCE -> {
                steps.add("Fix the bias first (train error " + percent(trainError) + " against an optimal "
                        + percent(optimalError) + "), then the variance: regularizing a model that underfits makes it"
                        + " underfit more. Re-check after each change.");
                biasSteps(steps, record, false);
                varianceSteps(steps, trainError, devError, record);
            }
            case LOW_BIAS_AND_VARIANCE -> doneSteps(steps, devError, record);
        }
        return steps;
    }

    // anotherArchitecture: false when the variance steps follow, which end with the same advice
    private static void biasSteps(List<String> steps, RunRecord record, boolean anotherArchitecture) {
        NetworkSpec spec = record == null ? null : record.setup().network();
        if (spec == null) {
            steps.add("Use a bigger network: more hidden units per layer, or more hidden layers.");
        } else {
            List<Integer> hidden = hiddenWidths(spec);
            if (hidden.isEmpty()) {
                steps.add("Use a bigger network: this one has no hidden layer (a linear model of " + spec.inputs()
                        + " inputs); add one, e.g. 64 ReLU units.");
            } else {
                steps.add("Use a bigger network: the hidden layers have " + widths(hidden) + " units ("
                        + String.format(Locale.ROOT, "%,d", record.setup().parameterCount()) + " parameters); try "
                        + widths(hidden.stream().map(u -> 2 * u).toList()) + " units, or one more hidden layer.");
            }
        }
        steps.add(trainLonger(record));
        if (spec != null && regularized(spec)) {
            steps.add("Weaken the regularization, which adds bias: " + regularization(spec)
                    + "; try a smaller λ or a keepProb closer to 1, choosing on the dev set.");
        }
        if (anotherArchitecture) {
            steps.add("If a bigger network trained longer still underfits, try another architecture (a different"
                    + " depth and width, activation or input features).");
        }
    }

    private static String trainLonger(RunRecord record) {
        List<EpochLogs> history = record == null ? List.of() : record.history();
        if (history.isEmpty()) {
            return "Train longer (more epochs), or use a better optimizer (momentum or Adam) or learning rate.";
        }
        int n = history.size();
        if (n == 1) {
            return "Train longer: this run trained a single epoch.";
        }
        int k = Math.min(TREND_EPOCHS, n - 1);
        double before = history.get(n - 1 - k).trainCost();
        double now = history.get(n - 1).trainCost();
        String curve = number(before, 3) + " → " + number(now, 3) + " over the last " + k + (k == 1 ? " epoch" : " epochs");
        boolean stoppedEarly = n < record.setup().config().epochs();
        if (now < before * (1 - STILL_FALLING)) {
            return "Train longer: training ran " + n + " epochs and the train cost was still falling (" + curve + ")"
                    + (stoppedEarly ? "; it stopped before its " + record.setup().config().epochs() + " epochs (\""
                    + record.training().stopReason() + "\"), so relax that stopping rule" : "")
                    + "; try " + 2 * n + " epochs.";
        }
        String optimizer = record.setup().optimizer() == null ? "" : record.setup().optimizer().toLowerCase(Locale.ROOT);
        return "The train cost had levelled off after " + n + " epochs (" + curve + "): more epochs alone will not help;"
                + (optimizer.startsWith("sgd") ? " use momentum or Adam instead of plain gradient descent, or" : " try")
                + " a different learning rate (this run used α = " + number(record.setup().config().learningRate()) + ").";
    }

    private static void varianceSteps(List<String> steps, double trainError, double devError, RunRecord record) {
        String trainSize = record == null ? "" : record.evaluation("train")
                .map(e -> String.format(Locale.ROOT, " (this run trained on %,d examples)", e.examples())).orElse("");
        steps.add("Get more training data: the dev error is " + points(devError - trainError)
                + " above the train error" + trainSize + ".");
        String augmentation = record == null ? null : record.setup().augmentation();
        if (augmentation == null || augmentation.isBlank()) {
            steps.add("For images, augment the training data: flips (where a flipped image keeps its label), shifts,"
                    + " small rotations and distortions.");
        } else if ("none".equals(augmentation)) {
            steps.add("For images, augment the training data: augmentation is off in this run; try e.g."
                    + " Augmentation.parse(\"shift=1,rotate=10\") (add flip only where a flipped image keeps its label).");
        } else {
            steps.add("For images, augment more: this run used " + augmentation + "; try stronger or additional transforms.");
        }
        NetworkSpec spec = record == null ? null : record.setup().network();
        if (spec == null) {
            steps.add("Regularize: L2 (λ > 0) or dropout (keepProb < 1) after the hidden layers, choosing the"
                    + " strength on the dev set.");
        } else {
            double l2 = maxL2(spec);
            steps.add(l2 == 0
                    ? "L2 is off (λ = 0" + (maxL1(spec) > 0 ? "; L1 λ = " + number(maxL1(spec)) + " is on" : "")
                    + "): try λ = 0.1, then 1 and 10, choosing on the dev set."
                    : "L2 is on (λ = " + number(l2) + "): try a larger λ, e.g. " + number(3 * l2) + ", choosing on the dev set.");
            List<Double> keep = keepProbs(spec);
            if (!hiddenWidths(spec).isEmpty()) {
                steps.add(keep.isEmpty()
                        ? "Dropout is off: add dropout after the hidden layers with keepProb 0.8 (0.5 for the largest)."
                        : "Dropout keeps " + keep.stream().map(BiasVarianceReport::number).collect(Collectors.joining(", "))
                        + " of the units: try a lower keepProb on the largest layers, e.g. "
                        + number(Math.max(0.5, keep.stream().mapToDouble(Double::doubleValue).min().orElse(1) - 0.2)) + ".");
            }
        }
        steps.add(earlyStopping(record));
        steps.add("If none of this closes the gap, try another architecture: a smaller or differently shaped"
                + " network can generalize better.");
    }

    private static String earlyStopping(RunRecord record) {
        List<EpochLogs> history = record == null ? List.of() : record.history();
        if (history.isEmpty() || !history.get(history.size() - 1).hasDev()) {
            return "Stop early: measure the dev error each epoch, stop when it has not improved for a few epochs"
                    + " and keep the weights of the best epoch.";
        }
        EpochLogs best = history.get(0);
        for (EpochLogs logs : history) {
            if (logs.hasDev() && (!best.hasDev() || logs.devError() < best.devError())) {
                best = logs;
            }
        }
        EpochLogs last = history.get(history.size() - 1);
        if (best.epoch() < last.epoch() && last.devError() > best.devError()) {
            return "Stop early: the dev error was lowest at epoch " + best.epoch() + " (" + percent(best.devError())
                    + ") and ended at " + percent(last.devError()) + " after epoch " + last.epoch()
                    + "; stop when it has not improved for a few epochs and keep the best epoch's weights.";
        }
        return "Early stopping would not have shortened this run (the dev error was lowest at its last epoch, "
                + percent(last.devError()) + "); keep it as a guard when training longer or bigger.";
    }

    private static void doneSteps(List<String> steps, double devError, RunRecord record) {
        var test = record == null ? null : record.evaluation("test").orElse(null);
        if (test == null) {
            steps.add("Done: evaluate once on the test set and report that number; tune nothing on it afterwards.");
        } else {
            steps.add(String.format(Locale.ROOT, "Done: the test set was evaluated (error %s on %,d examples); report"
                    + " it as it is, since tuning on it now would leak it into the model.", percent(test.error()),
                    test.examples()));
        }
        steps.add("If a dev error of " + percent(devError) + " is still too high for the application, give a better"
                + " optimal-error estimate or tighter thresholds and re-check.");
    }

    private static List<Integer> hiddenWidths(NetworkSpec spec) {
        List<LayerSpec> layers = spec.layers();
        return layers.subList(0, layers.size() - 1).stream().filter(LayerSpec::isDense)
                .map(LayerSpec::units).toList();
    }

    private static String widths(List<Integer> units) {
        return units.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static List<Double> keepProbs(NetworkSpec spec) {
        return spec.layers().stream().filter(l -> !l.isDense() && l.keepProb() < 1)
                .map(LayerSpec::keepProb).toList();
    }

    // the largest λ any dense layer trains with: its own, or the network's
    private static double maxL2(NetworkSpec spec) {
        return IntStream.range(0, spec.layers().size()).mapToDouble(spec::l2Of).max().orElse(spec.l2());
    }

    private static double maxL1(NetworkSpec spec) {
        return IntStream.range(0, spec.layers().size()).mapToDouble(spec::l1Of).max().orElse(spec.l1());
    }

    private static boolean regularized(NetworkSpec spec) {
        return maxL2(spec) > 0 || maxL1(spec) > 0 || !keepProbs(spec).isEmpty();
    }

    private static String regularization(NetworkSpec spec) {
        List<String> parts = new ArrayList<>();
        if (maxL2(spec) > 0) {
            parts.add("L2 λ = " + number(maxL2(spec)));
        }
        if (maxL1(spec) > 0) {
            parts.add("L1 λ = " + number(maxL1(spec)));
        }
        List<Double> keep = keepProbs(spec);
        if (!keep.isEmpty()) {
            parts.add("dropout keepProb " + keep.stream().map(BiasVarianceReport::number).collect(Collectors.joining(", ")));
        }
        return String.join(" and ", parts) + (parts.size() == 1 ? " is on" : " are on");
    }
}
