package dev.plumb.workflow;

import java.util.List;

/**
 * Train and dev error of one network trained on growing subsets of the training part (dev fixed).
 *
 * @param source      the data the curve was measured on
 * @param fractions   each size as a fraction of the training part, increasing
 * @param examples    each size in examples
 * @param trainErrors eval-mode error on the subset trained on, per size
 * @param devErrors   error on the (whole, fixed) dev part, per size
 * @param bayesError  the optimal error the verdict compares against (the spec's {@code bayes-error})
 * @param verdict     what the curves say, from {@link #verdict(List, List, double)}
 */
public record LearningCurve(String source, List<Double> fractions, List<Integer> examples, List<Double> trainErrors,
                            List<Double> devErrors, double bayesError, String verdict) {

    /** A dev–train gap or an avoidable bias above this (in error, 0..1) is "large". */
    static final double LARGE = 0.02;
    /** Errors that move by at most this between the last two sizes have "flattened". */
    static final double FLAT = 0.01;

    public LearningCurve {
        fractions = List.copyOf(fractions);
        examples = List.copyOf(examples);
        trainErrors = List.copyOf(trainErrors);
        devErrors = List.copyOf(devErrors);
    }

    /**
     * The rule, applied to the smallest and largest sizes (gap = dev − train):
     * <ol>
     * <li>the gap shrinks by at least max(0.01, a quarter of the first gap) and is still above {@link #LARGE}:
     * more data will help;</li>
     * <li>else, both errors moved by at most {@link #FLAT} over the last step and train error is more than
     * {@link #LARGE} above the optimal error: more data will not help, reduce bias;</li>
     * <li>else a gap above {@link #LARGE} that does not close: high variance, regularize;</li>
     * <li>else train error more than {@link #LARGE} above the optimal error: high bias, reduce it;</li>
     * <li>else both errors are near the optimal error.</li>
     * </ol>
     */
    public static String verdict(List<Double> trainErrors, List<Double> devErrors, double bayesError) {
        int last = trainErrors.size() - 1;
        if (last < 1 || devErrors.size() != trainErrors.size()) {
            throw new IllegalArgumentException("A learning curve needs train and dev errors at two or more sizes; received "
                    + trainErrors.size() + " train and " + devErrors.size() + " dev errors");
        }
        double firstGap = devErrors.get(0) - trainErrors.get(0);
        double lastGap = devErrors.get(last) - trainErrors.get(last);
        double train = trainErrors.get(last);
        double dev = devErrors.get(last);
        boolean closing = lastGap <= firstGap - Math.max(0.01, 0.25 * firstGap);
        if (closing && lastGap > LARGE) {
            return String.format("the gap closes with more data: more data will help (dev−train gap %.3f → %.3f)",
                    firstGap, lastGap);
        }
        boolean flat = Math.abs(train - trainErrors.get(last - 1)) <= FLAT
                && Math.abs(dev - devErrors.get(last - 1)) <= FLAT;
        if (flat && train - bayesError > LARGE) {
            return String.format("both curves plateau (train %.3f, dev %.3f) above the optimal error %.3f: more data will "
                    + "not help; reduce bias (a bigger network, longer training, less regularization)", train, dev, bayesError);
        }
        if (lastGap > LARGE) {
            return String.format("the dev−train gap stays at %.3f and does not close with more data: high variance; "
                    + "regularize (--l2, --keep-prob) or simplify the network", lastGap);
        }
        if (train - bayesError > LARGE) {
            return String.format("train error %.3f is %.3f above the optimal error with a small gap: high bias; reduce bias "
                    + "(a bigger network, longer training)", train, train - bayesError);
        }
        return String.format("train %.3f and dev %.3f are both near the optimal error %.3f: neither more data nor a "
                + "bigger model is called for", train, dev, bayesError);
    }
}
