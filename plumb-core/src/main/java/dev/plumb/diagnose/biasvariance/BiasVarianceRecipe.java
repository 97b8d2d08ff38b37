package dev.plumb.diagnose.biasvariance;

import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.number;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.percent;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.points;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.InputProfile;
import dev.plumb.train.RunRecord;

/**
 * The note's basic recipe as next steps, first to try first: high bias → a bigger network, training
 * longer or a better optimizer, another architecture; high variance → more data (or augmentation, for images),
 * regularization, early stopping; both → the bias first, since regularizing an underfit model only
 * underfits it more; neither → evaluate the test set once. With a run record each step quotes the
 * run's own numbers (widths, λ, keep probability, epochs, the cost and dev-error curves) and names the settings in the
 * caller's {@link Phrasing}; a run that trained on raw inputs of widely different scales hears that first.
 *
 * <p>Every statement about the history is checked against it: the train cost is said to have levelled off only when
 * it changed by less than {@value #STILL_FALLING_PERCENT} % over the last epochs (rising is said as rising), and
 * stopping early is advised only to a run that did not already stop early and keep its best epoch.
 */
final class BiasVarianceRecipe {

    // the train cost "is still falling" (or "rose") if it changed by more than this fraction over the last epochs
    private static final double STILL_FALLING = 0.01;
    private static final int STILL_FALLING_PERCENT = 1;
    private static final int TREND_EPOCHS = 5;
    // what the recipe proposes when a setting is off
    private static final String AUGMENTATION = "shift=1,rotate=10";
    private static final int PATIENCE = 5;

    private BiasVarianceRecipe() {
    }

    static List<String> steps(BiasVariance.Verdict verdict, double trainError, double devError, double optimalError,
                              RunRecord record, Phrasing phrasing) {
        List<String> steps = new ArrayList<>();
        if (verdict != BiasVariance.Verdict.LOW_BIAS_AND_VARIANCE) {
            standardizeFirst(record, phrasing).ifPresent(steps::add);
        }
        switch (verdict) {
            case HIGH_BIAS -> biasSteps(steps, record, phrasing, true);
            case HIGH_VARIANCE -> varianceSteps(steps, trainError, devError, record, phrasing);
            case HIGH_BIAS_AND_VARIANCE -> {
                steps.add("Fix the bias first (train error " + percent(trainError) + " against an optimal "
                        + percent(optimalError) + "), then the variance: regularizing a model that underfits makes it"
                        + " underfit more. Re-check after each change.");
                biasSteps(steps, record, phrasing, false);
                varianceSteps(steps, trainError, devError, record, phrasing);
            }
            case LOW_BIAS_AND_VARIANCE -> doneSteps(steps, devError, record);
        }
        return steps;
    }

    // Raw inputs whose scales are far apart make the cost surface an elongated valley; no network size fixes that.
    private static Optional<String> standardizeFirst(RunRecord record, Phrasing phrasing) {
        InputProfile inputs = record == null ? null : record.setup().inputs();
        if (inputs == null || !inputs.unnormalizedWideScales()) {
            return Optional.empty();
        }
        return Optional.of("Standardize the inputs first (" + phrasing.standardize() + "): this run trained on raw"
                + " features (normalize: none) whose scales are " + times(inputs.scaleRatio()) + " apart (standard"
                + " deviation " + number(inputs.largestStd(), 3) + " for " + inputs.largestFeature() + " against "
                + number(inputs.smallestStd(), 3) + " for " + inputs.smallestFeature() + "); one learning rate cannot"
                + " suit both, and a bigger network or more epochs will not fix that. Re-check the verdict after it.");
    }

    // anotherArchitecture: false when the variance steps follow, which end with the same advice
    private static void biasSteps(List<String> steps, RunRecord record, Phrasing phrasing, boolean anotherArchitecture) {
        NetworkSpec spec = record == null ? null : record.setup().network();
        if (spec == null) {
            steps.add("Use a bigger network: more hidden units per layer, or more hidden layers.");
        } else {
            List<Integer> hidden = hiddenWidths(spec);
            if (hidden.isEmpty()) {
                steps.add("Use a bigger network: this one has no hidden layer (a linear model of " + spec.inputs()
                        + " inputs); add one, e.g. " + phrasing.layers(List.of(64)) + " (ReLU units).");
            } else {
                steps.add("Use a bigger network: the hidden layers have " + widths(hidden) + " units ("
                        + String.format(Locale.ROOT, "%,d", record.setup().parameterCount()) + " parameters); try "
                        + phrasing.layers(hidden.stream().map(u -> 2 * u).toList()) + ", or one more hidden layer.");
            }
        }
        steps.add(trainLonger(record, phrasing));
        if (spec != null && regularized(spec)) {
            steps.add("Weaken the regularization, which adds bias: " + regularization(spec) + "; try "
                    + weaker(spec, phrasing) + ", choosing on the dev set.");
        }
        if (anotherArchitecture) {
            steps.add("If a bigger network trained longer still underfits, try another architecture (a different"
                    + " depth and width, activation or input features).");
        }
    }

    private static String trainLonger(RunRecord record, Phrasing phrasing) {
        List<EpochLogs> history = record == null ? List.of() : record.history();
        if (history.isEmpty()) {
            return "Train longer (more epochs), or use a better optimizer (momentum or Adam) or learning rate.";
        }
        int n = history.size();
        if (n == 1) {
            return "Train longer: this run trained a single epoch; try " + phrasing.epochs(20) + ".";
        }
        int k = Math.min(TREND_EPOCHS, n - 1);
        double before = history.get(n - 1 - k).trainCost();
        double now = history.get(n - 1).trainCost();
        String curve = number(before, 3) + " → " + number(now, 3) + " over the last " + k + (k == 1 ? " epoch" : " epochs");
        int configured = record.setup().config().epochs();
        double alpha = record.setup().config().learningRate();
        if (now < before * (1 - STILL_FALLING)) {
            EarlyStopping.Report stopping = record.training().earlyStopping();
            boolean stoppedEarly = n < configured && stopping != null && stopping.stoppedEarly();
            return "Train longer: training ran " + n + " epochs and the train cost was still falling (" + curve + ")"
                    + (stoppedEarly ? "; early stopping ended it before its " + configured + " epochs (\""
                    + record.training().stopReason() + "\"), so give it more patience, e.g. "
                    + phrasing.earlyStopping(2 * Math.max(1, stopping.patience())) : "")
                    + "; try " + phrasing.epochs(2 * n) + ".";
        }
        if (now > before * (1 + STILL_FALLING)) {
            return "The train cost rose over the last epochs (" + curve + "): the steps are too large or too noisy for"
                    + " the optimizer to settle; lower the learning rate (this run used α = " + number(alpha) + "), e.g. "
                    + phrasing.learningRate(alpha / 3) + ", or use larger batches, before training longer.";
        }
        String optimizer = record.setup().optimizer() == null ? "" : record.setup().optimizer().toLowerCase(Locale.ROOT);
        return "The train cost had levelled off after " + n + " epochs (" + curve + "): more epochs alone will not help;"
                + (optimizer.startsWith("sgd") ? " use momentum or Adam instead of plain gradient descent ("
                + phrasing.optimizer("adam") + "), or" : " try") + " a different learning rate (this run used α = "
                + number(alpha) + ", e.g. " + phrasing.learningRate(alpha * 3) + " or " + phrasing.learningRate(alpha / 3)
                + ").";
    }

    private static void varianceSteps(List<String> steps, double trainError, double devError, RunRecord record,
                                      Phrasing phrasing) {
        String trainSize = record == null ? "" : record.evaluation("train")
                .map(e -> String.format(Locale.ROOT, " (this run trained on %,d examples)", e.examples())).orElse("");
        steps.add("Get more training data: the dev error is " + points(devError - trainError)
                + " above the train error" + trainSize + ".");
        augmentation(record, phrasing).ifPresent(steps::add);
        NetworkSpec spec = record == null ? null : record.setup().network();
        if (spec == null) {
            steps.add("Regularize: L2 (" + phrasing.l2(0.1) + " or more) or dropout after the hidden layers ("
                    + phrasing.keepProb(0.8) + "), choosing the strength on the dev set.");
        } else {
            double l2 = maxL2(spec);
            steps.add(l2 == 0
                    ? "L2 is off (λ = 0" + (maxL1(spec) > 0 ? "; L1 λ = " + number(maxL1(spec)) + " is on" : "")
                    + "): try " + phrasing.l2(0.1) + ", then 1 and 10, choosing on the dev set."
                    : "L2 is on (λ = " + number(l2) + "): try a larger λ, e.g. " + phrasing.l2(3 * l2)
                    + ", choosing on the dev set.");
            List<Double> keep = keepProbs(spec);
            if (!hiddenWidths(spec).isEmpty()) {
                steps.add(keep.isEmpty()
                        ? "Dropout is off: add dropout after the hidden layers, e.g. " + phrasing.keepProb(0.8)
                        + " (0.5 for the largest)."
                        : "Dropout keeps " + keep.stream().map(BiasVarianceReport::number).collect(Collectors.joining(", "))
                        + " of the units: try a lower keep probability on the largest layers, e.g. "
                        + phrasing.keepProb(Math.max(0.5, keep.stream().mapToDouble(Double::doubleValue).min().orElse(1)
                        - 0.2)) + ".");
            }
        }
        steps.add(earlyStopping(record, phrasing));
        steps.add("If none of this closes the gap, try another architecture: a smaller or differently shaped"
                + " network can generalize better.");
    }

    // Augmentation transforms images; it applies only to inputs with an image shape.
    private static Optional<String> augmentation(RunRecord record, Phrasing phrasing) {
        InputProfile inputs = record == null ? null : record.setup().inputs();
        if (inputs != null && inputs.kind() != InputProfile.Kind.IMAGES) {
            return Optional.empty();
        }
        String used = record == null ? null : record.setup().augmentation();
        if (inputs == null) { // not known to be images: say when it applies
            return Optional.of("If the inputs are images, augment the training data: flips (where a flipped image keeps"
                    + " its label), shifts, small rotations and distortions, e.g. " + phrasing.augment(AUGMENTATION) + ".");
        }
        if (used == null || used.isBlank() || "none".equals(used)) {
            return Optional.of("Augment the training images: augmentation is off in this run; try "
                    + phrasing.augment(AUGMENTATION) + " (add flip only where a flipped image keeps its label).");
        }
        return Optional.of("Augment more: this run used " + used + "; try stronger or additional transforms.");
    }

    private static String earlyStopping(RunRecord record, Phrasing phrasing) {
        List<EpochLogs> history = record == null ? List.of() : record.history();
        if (history.isEmpty() || !history.get(history.size() - 1).hasDev()) {
            return "Stop early: measure the dev error each epoch, stop when it has not improved for a few epochs"
                    + " and keep the weights of the best epoch (" + phrasing.earlyStopping(PATIENCE) + ").";
        }
        EarlyStopping.Report stopping = record.training().earlyStopping();
        if (stopping != null && stopping.bestEpoch() > 0) {
            // the weights judged are already the best epoch's: stopping earlier cannot lower this dev error
            EpochLogs best = history.get(stopping.bestEpoch() - 1);
            return "Early stopping was on (" + stopping.monitor() + ", patience " + stopping.patience() + ") and kept"
                    + " the weights of epoch " + stopping.bestEpoch() + " (dev error " + percent(best.devError()) + ")"
                    + (stopping.epochsAfterBest() > 0 ? ", " + stopping.epochsAfterBest() + " epochs before training"
                    + " ended" : ", its last") + ": the dev error above is already the best epoch's, so stopping sooner"
                    + " will not close the gap; regularize instead.";
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
                    + "; " + phrasing.earlyStopping(PATIENCE) + " stops when it has not improved for " + PATIENCE
                    + " epochs and keeps the best epoch's weights.";
        }
        return "Early stopping would not have shortened this run (the dev error was lowest at its last epoch, "
                + percent(last.devError()) + "); keep it as a guard when training longer or bigger ("
                + phrasing.earlyStopping(PATIENCE) + ").";
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

    // the same regularization, weaker: a third of λ, a keep probability 0.1 closer to 1
    private static String weaker(NetworkSpec spec, Phrasing phrasing) {
        List<String> parts = new ArrayList<>();
        if (maxL2(spec) > 0) {
            parts.add("a smaller λ, e.g. " + phrasing.l2(maxL2(spec) / 3));
        }
        if (maxL1(spec) > 0) {
            parts.add("a smaller L1 λ");
        }
        List<Double> keep = keepProbs(spec);
        if (!keep.isEmpty()) {
            parts.add("a keep probability closer to 1, e.g. " + phrasing.keepProb(Math.min(1,
                    keep.stream().mapToDouble(Double::doubleValue).min().orElse(1) + 0.1)));
        }
        return String.join(" or ", parts);
    }

    // 1234.5 → "about 1,200 times"
    private static String times(double ratio) {
        return "about " + String.format(Locale.ROOT, "%,.0f", Double.parseDouble(number(ratio, 2))) + " times";
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
            parts.add("dropout keeping " + keep.stream().map(BiasVarianceReport::number).collect(Collectors.joining(", ")));
        }
        return String.join(" and ", parts) + (parts.size() == 1 ? " is on" : " are on");
    }
}
