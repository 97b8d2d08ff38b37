package dev.plumb.diagnose.gradcheck;

import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Matrix;

/**
 * The few training steps a gradient check may take before checking, so that it also sees weights that
 * have moved away from their initialization (the note: check at initialization, and again after some
 * training). Mini-batches of the check batch, in a seeded order reshuffled at each pass; training mode
 * (dropout on, as in real training); the penalty scaled by the whole batch, as the check's J is.
 */
final class TrainingSteps {

    private TrainingSteps() {
    }

    /** Takes {@code config.afterSteps()} steps on {@code network} (changed in place). */
    static void run(Network network, Matrix x, Matrix y, GradientCheckConfig config, Optimizer optimizer) {
        int m = x.rows();
        int batch = config.batchSize() == 0 ? m : Math.min(config.batchSize(), m);
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        Matrix xb = batch == m ? x : Matrix.zeros(x.dtype(), batch, x.cols());
        Matrix yb = batch == m ? y : Matrix.zeros(y.dtype(), batch, y.cols());
        int[] order = new int[m];
        SplittableRandom rng = new SplittableRandom(config.seed());
        int next = m; // position in the current pass; m forces a shuffle before the first batch
        for (int step = 1; step <= config.afterSteps(); step++) {
            if (batch < m) {
                if (next + batch > m) {
                    shuffle(order, rng);
                    next = 0;
                }
                xb.gatherRows(x, order, next);
                yb.gatherRows(y, order, next);
                next += batch;
            }
            double cost = network.computeGradients(xb, yb, Mode.TRAIN, m);
            if (!Double.isFinite(cost)) {
                // the learning rate and the step count are the caller's input: a user error, not a bug
                throw new IllegalArgumentException("Training before the gradient check diverged at step " + step + " of "
                        + config.afterSteps() + ": J = " + cost + " with learning rate " + config.learningRate()
                        + ". Use a smaller learningRate or fewer afterSteps.");
            }
            optimizer.step(parameters, config.learningRate());
        }
    }

    private static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
