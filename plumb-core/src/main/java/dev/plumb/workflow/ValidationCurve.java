package dev.plumb.workflow;

import java.util.List;

/**
 * Train and dev error of the spec's network for each value of one hyperparameter.
 *
 * @param source      the data the curve was measured on
 * @param parameter   the option varied, e.g. {@code l2}
 * @param values      its values, in the order given
 * @param trainErrors eval-mode error on the training part, per value
 * @param devErrors   error on the dev part, per value
 * @param best        the value with the lowest dev error (the first, on a tie)
 * @param uShaped     whether dev error is lowest strictly inside the range and higher at both ends
 * @param verdict     one line saying both
 */
public record ValidationCurve(String source, String parameter, List<String> values, List<Double> trainErrors,
                              List<Double> devErrors, String best, boolean uShaped, String verdict) {

    /** Dev error at an end must exceed the lowest by more than this for the curve to count as U-shaped. */
    static final double MARGIN = 0.005;

    public ValidationCurve {
        values = List.copyOf(values);
        trainErrors = List.copyOf(trainErrors);
        devErrors = List.copyOf(devErrors);
    }

    /** The curve of these measurements, with its best value, shape and verdict computed from the dev errors. */
    public static ValidationCurve of(String source, String parameter, List<String> values, List<Double> trainErrors,
                                     List<Double> devErrors) {
        int best = 0;
        for (int i = 1; i < devErrors.size(); i++) {
            if (devErrors.get(i) < devErrors.get(best)) {
                best = i;
            }
        }
        int last = devErrors.size() - 1;
        double lowest = devErrors.get(best);
        boolean uShaped = best > 0 && best < last && devErrors.get(0) > lowest + MARGIN
                && devErrors.get(last) > lowest + MARGIN;
        String at = parameter + "=" + values.get(best);
        String verdict;
        if (uShaped) {
            verdict = String.format("lowest dev error %.3f at %s; dev error is U-shaped: %s balances bias and variance",
                    lowest, at, at);
        } else if (best == 0 || best == last) {
            verdict = String.format("lowest dev error %.3f at %s, an end of the range: dev error is not U-shaped; try "
                    + "values beyond %s", lowest, at, values.get(best));
        } else {
            verdict = String.format("lowest dev error %.3f at %s; dev error is nearly flat across the range (not "
                    + "U-shaped): %s matters little here", lowest, at, parameter);
        }
        return new ValidationCurve(source, parameter, values, trainErrors, devErrors, values.get(best), uShaped, verdict);
    }
}
