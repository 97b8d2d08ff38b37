package dev.plumb.diagnose.gradcheck;

/**
 * One coordinate of a tensor where backprop and the numerical gradient disagree most.
 *
 * @param index      flat, row-major index in the tensor
 * @param row        its row (the example, for an input gradient)
 * @param col        its column
 * @param analytic   backprop's ∂J/∂θ
 * @param numeric    the two-sided difference (J(θ+ε) − J(θ−ε)) / 2ε
 * @param difference analytic − numeric
 */
public record WorstCoordinate(int index, int row, int col, double analytic, double numeric, double difference) {

    /** |a − n| / (|a| + |n|) for this coordinate alone (0 when both are 0). */
    public double relativeError() {
        double denominator = Math.abs(analytic) + Math.abs(numeric);
        return denominator == 0 ? 0 : Math.abs(difference) / denominator;
    }
}
