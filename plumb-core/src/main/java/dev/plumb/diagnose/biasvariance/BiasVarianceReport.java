package dev.plumb.diagnose.biasvariance;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of a {@link BiasVariance} diagnosis: the three error rates, the two gaps, the verdict
 * and the thresholds it was made with, the next steps in the order to try them, and notes on anything
 * unusual in the inputs. Immutable; validated so that the gaps and the verdict always agree with the
 * errors and thresholds. {@link #format} renders it as text.
 *
 * @param trainError    error rate on the training set, in [0, 1]
 * @param devError      error rate on the dev set, in [0, 1]
 * @param optimalError  Bayes / human-level error rate, in [0, 1]
 * @param avoidableBias trainError − optimalError (negative if the train error is below the optimal one)
 * @param variance      devError − trainError
 * @param verdict       what the gaps say against the thresholds
 * @param thresholds    the thresholds the verdict was made with
 * @param recipe        next steps, first to try first
 * @param notes         remarks on the inputs and on how firm the verdict is (may be empty)
 */
public record BiasVarianceReport(double trainError, double devError, double optimalError, double avoidableBias,
                                 double variance, BiasVariance.Verdict verdict, BiasVarianceThresholds thresholds,
                                 List<String> recipe, List<String> notes) {

    public BiasVarianceReport {
        requireErrorRate("trainError", trainError);
        requireErrorRate("devError", devError);
        requireErrorRate("optimalError", optimalError);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(thresholds, "thresholds");
        recipe = List.copyOf(recipe);
        notes = List.copyOf(notes);
        if (avoidableBias != trainError - optimalError || variance != devError - trainError) {
            throw new IllegalArgumentException("Invalid bias/variance report: avoidableBias " + avoidableBias
                    + " and variance " + variance + ". Expected trainError − optimalError = " + (trainError - optimalError)
                    + " and devError − trainError = " + (devError - trainError) + ".");
        }
        BiasVariance.Verdict expected = BiasVariance.Verdict.of(thresholds.isHighBias(avoidableBias),
                thresholds.isHighVariance(variance));
        if (verdict != expected) {
            throw new IllegalArgumentException("Invalid bias/variance report: verdict " + verdict + ". Expected "
                    + expected + " for these gaps and thresholds.");
        }
    }

    /** The report as plain text: figures, verdict, numbered next steps, notes. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("Bias and variance: ").append(verdict.description()).append('\n');
        row(out, "train error", percent(trainError), "");
        row(out, "dev error", percent(devError), "");
        row(out, "optimal error", percent(optimalError), "");
        row(out, "avoidable bias", points(avoidableBias), gap(verdict.highBias(), thresholds.bias()));
        row(out, "variance", points(variance), gap(verdict.highVariance(), thresholds.variance()));
        out.append("Next steps, in order:\n");
        for (int i = 0; i < recipe.size(); i++) {
            out.append(String.format(Locale.ROOT, "%3d. %s%n", i + 1, recipe.get(i)));
        }
        if (!notes.isEmpty()) {
            out.append("Notes:\n");
            for (String note : notes) {
                out.append("  - ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value, String remark) {
        out.append(String.format(Locale.ROOT, "  %-15s %11s%s%n", label, value, remark));
    }

    private static String gap(boolean high, double threshold) {
        return (high ? "  HIGH" : "  low ") + " (high above " + points(threshold) + ")";
    }

    /** Rejects anything but a finite error rate in [0, 1], naming the argument. */
    static double requireErrorRate(String argument, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid value for argument " + argument + ": " + value
                    + ". Expected an error rate in [0, 1] (0.11 = 11 %).");
        }
        return value;
    }

    /** 0.11 → "11 %", 0.005 → "0.5 %": at most two decimals of a percent. */
    static String percent(double rate) {
        return decimal(rate * 100, 2) + " %";
    }

    /** A gap in error rate as percentage points: 0.1 → "10 points", 0.01 → "1 point". */
    static String points(double gap) {
        String value = decimal(gap * 100, 2);
        return value + ("1".equals(value) ? " point" : " points");
    }

    /** A threshold as an adjective: 0.05 → "5-point". */
    static String pointThreshold(double threshold) {
        return decimal(threshold * 100, 2) + "-point";
    }

    /** {@code value} to two significant digits, without trailing zeros: 0.9000000000000001 → "0.9". */
    static String number(double value) {
        return number(value, 2);
    }

    /** {@code value} to {@code digits} significant digits, without trailing zeros: (0.41234, 3) → "0.412". */
    static String number(double value, int digits) {
        return new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                .toPlainString();
    }

    private static String decimal(double value, int decimals) {
        String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        return text.matches("-0(\\.0*)?") ? "0" : text;
    }
}
