package dev.plumb.data;

/**
 * What part a data set plays. A splitter marks its parts, and whatever learns from data (a
 * normalizer's {@code fit}, a text vectorizer) refuses DEV and TEST sets: μ, σ or a vocabulary fitted
 * on them would leak the held-out data into training.
 */
public enum Role {
    /** Not split (yet): a whole data set, or one a caller assembled. */
    UNSPLIT,
    TRAIN,
    DEV,
    TEST;

    /** Throws unless a statistic may be fitted on a data set of this role. */
    void requireFittable(String what, String datasetName) {
        if (this == DEV || this == TEST) {
            throw new IllegalArgumentException("Invalid argument training: " + datasetName + " is the " + name()
                    + " split. Fit the " + what + " on the training split only (parts.train()) and apply it unchanged to "
                    + "dev and test; statistics of held-out data must not reach training.");
        }
    }
}
