package dev.plumb.train;

import dev.plumb.data.Dataset;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.tensor.Matrix;
import dev.plumb.tensor.SparseMatrix;

/**
 * Measures cost and error of a network on a whole data set in eval mode, a batch at a time, reusing
 * the same batch buffers so that evaluation, like training, allocates nothing per batch.
 */
final class Evaluator {

    private final int batchSize;
    private final Matrix[] xBuffers = new Matrix[2];
    private final Matrix[] yBuffers = new Matrix[2];
    private int[] identity = new int[0];

    Evaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * Eval-mode cost and error of {@code network} on {@code data}; the weight penalty is scaled by
     * {@code penaltyExamples} (the training set size), so train and dev costs carry the same penalty.
     */
    Evaluation evaluate(String split, Network network, Dataset data, int penaltyExamples) {
        int m = data.size();
        if (m == 0) {
            return new Evaluation(split, 0, Double.NaN, Double.NaN);
        }
        if (identity.length < m) {
            identity = new int[m];
            for (int i = 0; i < m; i++) {
                identity[i] = i;
            }
        }
        double lossSum = 0;
        double errorSum = 0;
        for (int from = 0; from < m; from += batchSize) {
            int rows = Math.min(batchSize, m - from);
            Matrix x;
            if (data.features() instanceof SparseMatrix sparse) {
                x = sparse.selectRows(identity, from, rows);
            } else {
                x = buffer(xBuffers, network, rows, data.featureCount());
                x.gatherRows(data.features(), identity, from);
            }
            Matrix y = buffer(yBuffers, network, rows, data.targets().cols());
            y.gatherRows(data.targets(), identity, from);
            Matrix out = network.forward(x, Mode.EVAL);
            lossSum += network.loss().cost(out, y) * rows;
            errorSum += network.loss().error(out, y) * rows;
        }
        double cost = lossSum / m + network.regularizationCost(penaltyExamples);
        return new Evaluation(split, m, cost, errorSum / m);
    }

    // slot 0 holds full batches, slot 1 the partial last batch (whose size differs between data sets)
    private Matrix buffer(Matrix[] slots, Network network, int rows, int cols) {
        int slot = rows == batchSize ? 0 : 1;
        Matrix b = slots[slot];
        if (b == null || b.rows() != rows || b.cols() != cols || b.dtype() != network.dtype()) {
            b = Matrix.zeros(network.dtype(), rows, cols);
            slots[slot] = b;
        }
        return b;
    }
}
