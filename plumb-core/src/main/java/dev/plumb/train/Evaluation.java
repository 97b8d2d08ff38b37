package dev.plumb.train;

/**
 * A network's cost and error on one data set, measured in eval mode.
 *
 * @param split    "train", "dev", "test" or a data set name
 * @param examples number of examples
 * @param cost     mean loss + weight penalty
 * @param error    misclassification rate, or MSE for regression
 */
public record Evaluation(String split, int examples, double cost, double error) {

    /** 1 − error for classification. */
    public double accuracy() {
        return 1 - error;
    }
}
