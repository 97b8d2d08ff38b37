package dev.plumb.diagnose.biasvariance;

import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.percent;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.pointThreshold;
import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.points;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;

/**
 * The note's bias/variance diagnosis: from the train error, the dev error and the optimal (Bayes,
 * human-level) error,
 * <pre>
 *   avoidable bias = train − optimal      variance = dev − train
 * </pre>
 * each compared with a {@link BiasVarianceThresholds threshold} to give a {@link Verdict}, with the
 * note's recipe for it as concrete next steps. Errors are rates in [0, 1] (0.11 = 11 %).
 *
 * <p>The note's examples, with the default thresholds: 1 %/11 % is high variance; 15 %/16 % high bias;
 * 15 %/30 % both; 0.5 %/1 % neither; and against an optimal error of 15 %, 15 %/16 % is neither.
 */
public final class BiasVariance {

    /** What the two gaps say about the model. */
    public enum Verdict {
        HIGH_BIAS("high bias (underfitting)"),
        HIGH_VARIANCE("high variance (overfitting)"),
        HIGH_BIAS_AND_VARIANCE("high bias and high variance"),
        LOW_BIAS_AND_VARIANCE("low bias and low variance");

        private final String description;

        Verdict(String description) {
            this.description = description;
        }

        /** In words, e.g. "high variance (overfitting)". */
        public String description() {
            return description;
        }

        public boolean highBias() {
            return this == HIGH_BIAS || this == HIGH_BIAS_AND_VARIANCE;
        }

        public boolean highVariance() {
            return this == HIGH_VARIANCE || this == HIGH_BIAS_AND_VARIANCE;
        }

        static Verdict of(boolean highBias, boolean highVariance) {
            if (highBias) {
                return highVariance ? HIGH_BIAS_AND_VARIANCE : HIGH_BIAS;
            }
            return highVariance ? HIGH_VARIANCE : LOW_BIAS_AND_VARIANCE;
        }
    }

    // two-sided 95 % normal quantile, for the sampling noise of an error rate measured on m examples
    private static final double Z95 = 1.96;

    private BiasVariance() {
    }

    /** Diagnosis against an optimal error of 0 and the {@link BiasVarianceThresholds#DEFAULT default} thresholds. */
    public static BiasVarianceReport of(double trainError, double devError) {
        return of(trainError, devError, 0, BiasVarianceThresholds.DEFAULT);
    }

    /** Diagnosis with the {@link BiasVarianceThresholds#DEFAULT default} thresholds. */
    public static BiasVarianceReport of(double trainError, double devError, double optimalError) {
        return of(trainError, devError, optimalError, BiasVarianceThresholds.DEFAULT);
    }

    /**
     * Diagnosis of a train and a dev error rate, both in [0, 1], against {@code optimalError} (the Bayes
     * or human-level error, in [0, 1]; 0 if unknown).
     */
    public static BiasVarianceReport of(double trainError, double devError, double optimalError,
                                        BiasVarianceThresholds thresholds) {
        return of(trainError, devError, optimalError, thresholds, Phrasing.JAVA_API);
    }

    /** As {@link #of(double, double, double, BiasVarianceThresholds)}, naming settings in {@code phrasing}. */
    public static BiasVarianceReport of(double trainError, double devError, double optimalError,
                                        BiasVarianceThresholds thresholds, Phrasing phrasing) {
        return diagnose(trainError, devError, optimalError, thresholds, null, null, null, new ArrayList<>(),
                Objects.requireNonNull(phrasing, "phrasing"));
    }

    /** {@link #from(RunRecord, double, BiasVarianceThresholds, Phrasing)} with the default thresholds, in Java terms. */
    public static BiasVarianceReport from(RunRecord record, double optimalError) {
        return from(record, optimalError, BiasVarianceThresholds.DEFAULT);
    }

    /**
     * Diagnosis of a finished run: its final "train" and "dev" evaluations (the network as returned),
     * or, for a record without them, the last epoch of its history. The recipe then uses what the record
     * knows (architecture, λ, dropout, epochs, cost curves) to make each step concrete.
     *
     * @throws IllegalArgumentException if the record has no dev measurement, or measures regression (MSE,
     *                                  not an error rate)
     */
    public static BiasVarianceReport from(RunRecord record, double optimalError, BiasVarianceThresholds thresholds) {
        return from(record, optimalError, thresholds, Phrasing.JAVA_API);
    }

    /**
     * As {@link #from(RunRecord, double, BiasVarianceThresholds)}, the recipe naming each setting in {@code phrasing}:
     * {@link Phrasing#COMMAND_LINE} for a run made by {@code plumb train} (its flags), {@link Phrasing#JAVA_API} for
     * one made in Java.
     */
    public static BiasVarianceReport from(RunRecord record, double optimalError, BiasVarianceThresholds thresholds,
                                          Phrasing phrasing) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(phrasing, "phrasing");
        if (record.setup().network() != null && !record.setup().network().loss().isClassification()) {
            throw new IllegalArgumentException("Invalid run record for " + record.setup().dataset()
                    + ": its loss is " + record.setup().network().loss().id() + ", so its errors are mean squared errors, not error rates in [0, 1]."
                    + " The bias/variance verdict needs a classifier's error rates.");
        }
        List<String> notes = new ArrayList<>();
        EpochLogs last = record.history().isEmpty() ? null : record.history().get(record.history().size() - 1);
        Optional<Evaluation> train = measured(record, "train");
        Optional<Evaluation> dev = measured(record, "dev");
        if (dev.isEmpty() && (last == null || !last.hasDev())) {
            throw new IllegalArgumentException("Invalid run record for " + record.setup().dataset()
                    + ": it has no dev measurements (no \"dev\" evaluation and no dev error in its "
                    + record.history().size() + " epochs). A bias/variance verdict compares train and dev error:"
                    + " train with a dev set, e.g. a 60/20/20 split.");
        }
        if (train.isEmpty() && last == null) {
            throw new IllegalArgumentException("Invalid run record for " + record.setup().dataset()
                    + ": it has no train measurements (no \"train\" evaluation and an empty history).");
        }
        double trainError = train.map(Evaluation::error).orElseGet(() -> last.trainError());
        double devError = dev.map(Evaluation::error).orElseGet(() -> last.devError());
        if (train.isEmpty() || dev.isEmpty()) {
            notes.add("The record has no final " + (train.isEmpty() && dev.isEmpty() ? "train and dev evaluations"
                    : train.isEmpty() ? "train evaluation" : "dev evaluation")
                    + ": the figures are those of its last epoch (" + last.epoch() + ").");
        }
        return diagnose(trainError, devError, optimalError, thresholds, record,
                train.map(Evaluation::examples).orElse(null), dev.map(Evaluation::examples).orElse(null), notes, phrasing);
    }

    private static Optional<Evaluation> measured(RunRecord record, String split) {
        return record.evaluation(split).filter(e -> e.examples() > 0 && !Double.isNaN(e.error()));
    }

    private static BiasVarianceReport diagnose(double trainError, double devError, double optimalError,
                                               BiasVarianceThresholds thresholds, RunRecord record,
                                               Integer trainExamples, Integer devExamples, List<String> notes,
                                               Phrasing phrasing) {
        BiasVarianceReport.requireErrorRate("trainError", trainError);
        BiasVarianceReport.requireErrorRate("devError", devError);
        BiasVarianceReport.requireErrorRate("optimalError", optimalError);
        Objects.requireNonNull(thresholds, "thresholds");
        double avoidableBias = trainError - optimalError;
        double variance = devError - trainError;
        Verdict verdict = Verdict.of(thresholds.isHighBias(avoidableBias), thresholds.isHighVariance(variance));

        if (trainError < optimalError) {
            notes.add("The train error (" + percent(trainError) + ") is below the optimal error (" + percent(optimalError)
                    + "). No model beats the Bayes error on average, so either the optimal-error estimate is too high"
                    + " or the model has memorized the training set; the avoidable bias is reported as negative.");
        }
        if (devError < trainError) {
            notes.add("The dev error (" + percent(devError) + ") is below the train error (" + percent(trainError)
                    + "): the dev set is small, easier, or not from the same distribution as the training set;"
                    + " check the split before trusting the variance figure.");
        }
        if (verdict.highBias() && optimalError == 0) {
            notes.add("The avoidable bias is measured against an optimal error of 0 %. If the task has irreducible"
                    + " error (noisy labels, ambiguous inputs), pass a human-level estimate as the optimal error:"
                    + " against 15 % optimal, 15 % train error is no bias at all.");
        }
        if (trainExamples != null) {
            double noise = Z95 * Math.sqrt(trainError * (1 - trainError) / trainExamples);
            if (Math.abs(avoidableBias - thresholds.bias()) <= noise) {
                notes.add(String.format(Locale.ROOT, "The avoidable bias (%s) is within sampling noise (±%s at 95 %%,"
                                + " %,d train examples) of the %s threshold: the bias verdict is not firm.",
                        points(avoidableBias), points(noise), trainExamples, pointThreshold(thresholds.bias())));
            }
        }
        if (trainExamples != null && devExamples != null) {
            double noise = Z95 * Math.sqrt(trainError * (1 - trainError) / trainExamples
                    + devError * (1 - devError) / devExamples);
            if (Math.abs(variance - thresholds.variance()) <= noise) {
                notes.add(String.format(Locale.ROOT, "The variance (%s) is within sampling noise (±%s at 95 %%,"
                                + " %,d dev and %,d train examples) of the %s threshold: the variance verdict is"
                                + " not firm; a larger dev set would settle it.",
                        points(variance), points(noise), devExamples, trainExamples, pointThreshold(thresholds.variance())));
            }
        }
        List<String> recipe = BiasVarianceRecipe.steps(verdict, trainError, devError, optimalError, record, phrasing);
        return new BiasVarianceReport(trainError, devError, optimalError, avoidableBias, variance, verdict, thresholds,
                recipe, notes);
    }
}
