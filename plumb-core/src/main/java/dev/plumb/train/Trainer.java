package dev.plumb.train;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Mode;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Blas;
import dev.plumb.tensor.Matrix;

/**
 * Mini-batch training: each epoch shuffles the training set with a generator derived from
 * (seed, epoch), steps the optimizer once per batch, then measures train and dev cost and error in
 * eval mode and asks the callbacks whether to go on.
 *
 * <p>With an {@link Augmenter}, each training mini-batch is augmented after it is gathered and before
 * the step; evaluation (train and dev figures) always sees the data as it is.
 *
 * <p>The hot loop allocates nothing once warm: batches are gathered into two reused buffers (full and
 * last partial batch), and layers reuse their own buffers.
 */
public final class Trainer {

    private final TrainConfig config;
    private final Optimizer optimizer;
    private final List<Callback> callbacks;
    private final Augmenter augmenter;

    /**
     * @param augmenter augments training mini-batches (never dev, test or evaluation passes); null for none
     */
    public Trainer(TrainConfig config, Optimizer optimizer, List<Callback> callbacks, Augmenter augmenter) {
        this.config = Objects.requireNonNull(config, "config");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.callbacks = List.copyOf(callbacks);
        this.augmenter = augmenter;
    }

    public Trainer(TrainConfig config, Optimizer optimizer, List<Callback> callbacks) {
        this(config, optimizer, callbacks, null);
    }

    public Trainer(TrainConfig config, Optimizer optimizer) {
        this(config, optimizer, List.of());
    }

    /**
     * Trains {@code network} in place on {@code train}, measuring {@code dev} (may be null or empty)
     * each epoch. Returns the run record; its final evaluations are of the network as returned (after
     * callbacks such as early stopping restored their weights).
     */
    public RunRecord fit(Network network, Dataset train, Dataset dev) {
        requireCompatible("train", network, train);
        boolean hasDev = dev != null && dev.size() > 0;
        if (hasDev) {
            requireCompatible("dev", network, dev);
        }
        Dataset trainData = train.to(network.dtype());
        Dataset devData = hasDev ? dev.to(network.dtype()) : null;
        long start = System.nanoTime();

        int m = trainData.size();
        int batch = Math.min(config.batchSize(), m);
        int batches = (m + batch - 1) / batch;
        Matrix xFull = Matrix.zeros(network.dtype(), batch, trainData.featureCount());
        Matrix yFull = Matrix.zeros(network.dtype(), batch, trainData.targets().cols());
        int rest = m % batch;
        Matrix xRest = rest == 0 ? null : Matrix.zeros(network.dtype(), rest, trainData.featureCount());
        Matrix yRest = rest == 0 ? null : Matrix.zeros(network.dtype(), rest, trainData.targets().cols());
        List<Parameter> parameters = List.copyOf(network.parameters().values());
        int[] order = new int[m];
        Evaluator evaluator = new Evaluator(Math.max(batch, 256));

        for (Callback c : callbacks) {
            c.onTrainBegin(network, config, batches);
        }
        List<EpochLogs> history = new ArrayList<>();
        String stopReason = "completed " + config.epochs() + " epochs";
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double learningRate = config.learningRate(epoch);
            shuffleInto(order, epoch);
            if (augmenter != null) {
                augmenter.beginEpoch(epoch);
            }
            double costSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batch;
                boolean partial = from + batch > m;
                Matrix x = partial ? xRest : xFull;
                Matrix y = partial ? yRest : yFull;
                x.gatherRows(trainData.features(), order, from);
                y.gatherRows(trainData.targets(), order, from);
                if (augmenter != null) {
                    augmenter.augment(x);
                }
                double cost = network.computeGradients(x, y, Mode.TRAIN, m);
                if (!Double.isFinite(cost)) {
                    throw new TrainingDivergedException(epoch, b + 1, cost, learningRate);
                }
                optimizer.step(parameters, learningRate);
                costSum += cost * x.rows();
                for (int c = 0; c < callbacks.size(); c++) {
                    callbacks.get(c).onBatchEnd(epoch, b + 1, cost);
                }
            }
            Evaluation tr = evaluator.evaluate("train", network, trainData, m);
            Evaluation dv = hasDev ? evaluator.evaluate("dev", network, devData, m) : null;
            EpochLogs logs = new EpochLogs(epoch, tr.cost(), tr.error(), dv == null ? null : dv.cost(),
                    dv == null ? null : dv.error(), costSum / m, learningRate,
                    (System.nanoTime() - epochStart) / 1e9);
            history.add(logs);
            Decision decision = Decision.proceed();
            for (Callback c : callbacks) {
                Decision d = c.onEpochEnd(logs);
                if (d.stop() && !decision.stop()) {
                    decision = d;
                }
            }
            if (decision.stop()) {
                stopReason = decision.reason();
                break;
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(network);
        }
        List<Evaluation> finals = new ArrayList<>();
        finals.add(evaluator.evaluate("train", network, trainData, m));
        if (hasDev) {
            finals.add(evaluator.evaluate("dev", network, devData, m));
        }
        return new RunRecord(RunRecord.FORMAT_VERSION, RunRecord.PLUMB_VERSION, Instant.now().toString(),
                train.name(), network.spec(), network.summary(), network.parameterCount(), network.dtype().name(),
                config, optimizer.id(), Blas.defaultBlas().name(), history, stopReason, finals,
                (System.nanoTime() - start) / 1e9, null, null, augmenter == null ? "none" : augmenter.id(),
                earlyStoppingReport(), WeightStats.of(network));
    }

    private EarlyStopping.Report earlyStoppingReport() {
        for (Callback c : callbacks) {
            if (c instanceof EarlyStopping es) {
                return es.report();
            }
        }
        return null;
    }

    /** Eval-mode cost and error of {@code network} on {@code data} (e.g. the test set, once, at the end). */
    public static Evaluation evaluate(String split, Network network, Dataset data, int trainingExamples) {
        requireCompatible(split, network, data);
        return new Evaluator(256).evaluate(split, network, data.to(network.dtype()), trainingExamples);
    }

    // The epoch's permutation depends only on (seed, epoch): resuming at epoch k reproduces it.
    private void shuffleInto(int[] order, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (!config.shuffle()) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void requireCompatible(String split, Network network, Dataset data) {
        if (data.featureCount() != network.inputs()) {
            throw new IllegalArgumentException("Invalid " + split + " data " + data.name() + ": " + data.featureCount()
                    + " features, but the network takes " + network.inputs());
        }
        if (data.targets().cols() != network.outputs()) {
            throw new IllegalArgumentException("Invalid " + split + " data " + data.name() + ": " + data.targets().cols()
                    + " target columns (classes), but the network has " + network.outputs() + " outputs");
        }
        if (data.size() == 0 && "train".equals(split)) {
            throw new IllegalArgumentException("Invalid train data " + data.name() + ": no examples");
        }
    }
}
