package dev.plumb.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.data.Dataset;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Blas;

/**
 * Mini-batch training, in phases: allocate the batch buffers; then per epoch run it (shuffle with a
 * generator derived from (seed, epoch), gather each mini-batch, augment it, step the optimizer), measure
 * train and dev cost and error in eval mode, and ask the callbacks whether to go on; finally evaluate the
 * returned network and complete the run record.
 *
 * <p>With an {@link Augmenter}, each training mini-batch is augmented after it is gathered and before
 * the step; evaluation (train and dev figures) always sees the data as it is.
 *
 * <p>A NaN or infinite cost ends training with outcome {@link TrainingOutcome#DIVERGED}: the weights
 * are put back to those after the last finished epoch, copied at the end of each epoch.
 *
 * <p>The hot loop allocates nothing once warm: batches are gathered into two reused buffers (full and
 * last partial batch, {@link BatchBuffers}), layers reuse their own buffers, and the end-of-epoch copy
 * of the weights goes into buffers allocated once.
 */
public final class Trainer {

    private final TrainConfig config;
    private final Optimizer optimizer;
    private final List<Callback> callbacks;
    private final Augmenter augmenter;
    private final Oversubscription.Machine machine;

    /**
     * @param augmenter augments training mini-batches (never dev, test or evaluation passes); null for none
     */
    public Trainer(TrainConfig config, Optimizer optimizer, List<Callback> callbacks, Augmenter augmenter) {
        this(config, optimizer, callbacks, augmenter, Oversubscription.Machine.local());
    }

    /**
     * @param augmenter augments training mini-batches (never dev, test or evaluation passes); null for none
     * @param machine   times the epochs and reports the load, for {@link Oversubscription} (a test gives its own)
     */
    public Trainer(TrainConfig config, Optimizer optimizer, List<Callback> callbacks, Augmenter augmenter,
                   Oversubscription.Machine machine) {
        this.config = Objects.requireNonNull(config, "config");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.callbacks = List.copyOf(callbacks);
        this.augmenter = augmenter;
        this.machine = Objects.requireNonNull(machine, "machine");
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
     *
     * <p>A cost that becomes NaN or infinite does not throw: training stops, the network gets back the
     * weights of the last finished epoch (the initial weights if none finished), and the record's outcome
     * is {@link TrainingOutcome#DIVERGED} with a stop reason that says where it happened and what to do.
     */
    public RunRecord fit(Network network, Dataset train, Dataset dev) {
        return fit(network, train, dev, Checkpoints.NONE);
    }

    /**
     * As {@link #fit(Network, Dataset, Dataset)}, keeping a checkpoint in {@code checkpoints} after every finished
     * epoch (for very short epochs, after enough of them that writing takes at most a tenth of the time: see
     * {@link CheckpointPace}; always after the last), and — when they already hold one — resuming from it: the
     * network, the optimizer and the stateful callbacks take back their state, and training goes on from the next epoch. Shuffles, dropout masks and
     * augmentation of epoch k derive from (seed, k), so the resumed run ends with the very same weights and history
     * as one that never stopped.
     *
     * <p>A callback's {@link Callback#interruption} stops training at the next mini-batch (or before the next epoch
     * begins, when it is asked there): the network goes back to the weights of the last finished epoch (those of the
     * last checkpoint, or a later epoch's), and the outcome is
     * {@link TrainingOutcome#INTERRUPTED}.
     */
    public RunRecord fit(Network network, Dataset train, Dataset dev, Checkpoints checkpoints) {
        requireCompatible("train", network, train);
        boolean hasDev = dev != null && dev.size() > 0;
        if (hasDev) {
            requireCompatible("dev", network, dev);
        }
        LocalTrainingSet trainSet = new LocalTrainingSet(train.to(network.dtype()), network.dtype(), config.batchSize(),
                config.shuffle(), config.seed(), augmenter);
        return fit(network, trainSet, hasDev ? trainSet.evaluationSet(dev) : null, checkpoints);
    }

    /**
     * As {@link #fit(Network, Dataset, Dataset, Checkpoints)}, on examples held anywhere: the training set takes each
     * step (in this JVM, or on a cluster's executors) and this trainer does the rest — epochs, learning rate, callbacks,
     * early stopping, checkpoints, divergence and the record — as for data in memory. A {@link TrainingSet} augments
     * (or not) by itself: the augmenter given to this trainer is for {@link #fit(Network, Dataset, Dataset, Checkpoints)}.
     *
     * @param dev measured after every epoch; null for none
     */
    public RunRecord fit(Network network, TrainingSet train, ExampleSet dev, Checkpoints checkpoints) {
        requireCompatible("train", network, train);
        boolean hasDev = dev != null && dev.size() > 0;
        if (hasDev) {
            requireCompatible("dev", network, dev);
        }
        ExampleSet devData = hasDev ? dev : null;
        long start = System.nanoTime();
        RunRecord.Builder record = RunRecord.builder().setup(setup(network, train));
        List<Parameter> parameters = List.copyOf(network.parameters().values());

        for (Callback c : callbacks) {
            c.onTrainBegin(network, config, train.steps());
        }
        // J at initialization, before a resumed run takes its checkpoint's weights: what an exploding cost is judged by
        double initialCost = train.evaluate("train", network, train.size()).cost();
        List<EpochLogs> history = new ArrayList<>();
        Ending ending = new Ending(TrainingOutcome.COMPLETED, "completed " + config.epochs() + " epochs");
        Optional<TrainingState> resumed = RunState.latest(checkpoints);
        if (resumed.isPresent()) {
            RunState.restore(resumed.get(), config, network, optimizer, callbacks);
            history.addAll(resumed.get().history());
            if (resumed.get().stopped()) {
                ending = new Ending(resumed.get().stoppedOutcome(), resumed.get().stoppedReason());
            }
        }
        WeightSnapshot lastFinished = new WeightSnapshot(parameters); // the initial weights until epoch 1 finishes
        CheckpointPace pace = new CheckpointPace(System::nanoTime);
        Oversubscription oversubscription = new Oversubscription(machine);
        Divergence divergence = null;
        for (int epoch = history.size() + 1; epoch <= config.epochs() && !resumedStop(resumed); epoch++) {
            long epochStart = machine.nanoTime();
            double learningRate = config.learningRate(epoch);
            String before = interruption(); // asked between epochs: the last checkpoint is exactly where training stands
            EpochPass pass = before != null ? new EpochPass(Double.NaN, null, before)
                    : runEpoch(network, parameters, train, epoch, learningRate);
            if (pass.interruption() != null) {
                lastFinished.restore();
                ending = new Ending(TrainingOutcome.INTERRUPTED, pass.interruption() + (before != null ? " before epoch "
                        : " during epoch ") + epoch
                        + "; the weights are those after epoch " + (epoch - 1) + ", the last that finished");
                break;
            }
            divergence = pass.divergence();
            EpochLogs logs = null;
            if (divergence == null) {
                logs = measure(network, train, devData, epoch, pass.meanBatchCost(), learningRate, epochStart,
                        oversubscription);
                if (!Double.isFinite(logs.trainCost())) { // the epoch's last step overflowed
                    divergence = new Divergence(epoch, 0, train.steps(), logs.trainCost(), learningRate);
                } else if (exploded(logs.trainCost(), initialCost) && config.onDivergence() == DivergencePolicy.STOP) {
                    divergence = new Divergence(epoch, -1, train.steps(), logs.trainCost(), learningRate);
                }
            }
            if (divergence != null) {
                lastFinished.restore();
                break;
            }
            history.add(logs);
            lastFinished.save();
            Ending stop = askCallbacks(logs);
            // after a finished epoch, with the stop if one was asked for; always after the last one
            // a pending interruption (a signal, a pause of successive halving) is checkpointed here, so no epoch is redone
            if (checkpoints != Checkpoints.NONE && (stop != null || epoch == config.epochs() || pace.due()
                    || interruption() != null)) {
                pace.begin();
                save(checkpoints, RunState.capture(network, optimizer, callbacks, history,
                        stop == null ? null : stop.outcome(), stop == null ? null : stop.reason()));
                pace.end();
            }
            if (stop != null) {
                ending = stop;
                break;
            }
        }
        return finish(record, network, train, devData, history, ending, divergence, start, initialCost);
    }

    // The first callback's reason to stop at once, or null.
    private String interruption() {
        for (Callback callback : callbacks) {
            Optional<String> reason = callback.interruption();
            if (reason.isPresent()) {
                return reason.get();
            }
        }
        return null;
    }

    private static boolean exploded(double cost, double initialCost) {
        return cost > DivergencePolicy.EXPLOSION_FACTOR * initialCost;
    }

    private static boolean resumedStop(Optional<TrainingState> resumed) {
        return resumed.isPresent() && resumed.get().stopped();
    }

    private static void save(Checkpoints checkpoints, TrainingState state) {
        try {
            checkpoints.save(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How training ended, for the record. */
    private record Ending(TrainingOutcome outcome, String reason) {
    }

    /**
     * Where the cost stopped being finite.
     *
     * @param batch 1-based mini-batch of {@code batches}, or 0 for the cost measured after the epoch
     */
    private record Divergence(int epoch, int batch, int batches, double cost, double learningRate) {
    }

    /**
     * One epoch's steps: the mean mini-batch cost, or where it diverged (null if it did not), or why it was
     * interrupted (null if it was not).
     */
    private record EpochPass(double meanBatchCost, Divergence divergence, String interruption) {
    }

    private RunRecord.Setup setup(Network network, TrainingSet train) {
        return new RunRecord.Setup(train.name(), network.spec(), network.summary(), network.parameterCount(),
                network.dtype().name(), config, optimizer.id(), Blas.defaultBlas().name(), null, null,
                train.augmentation(), List.of(), null, train.engine());
    }

    // One step per mini-batch (the training set gathers, augments and steps; in this JVM that allocates nothing).
    // Stops at the first non-finite cost, before that batch's step.
    private EpochPass runEpoch(Network network, List<Parameter> parameters, TrainingSet train, int epoch,
                               double learningRate) {
        train.beginEpoch(network, epoch);
        double costSum = 0;
        long examples = 0;
        int steps = train.steps();
        for (int b = 0; b < steps; b++) {
            double cost = train.step(network, parameters, optimizer, epoch, b, learningRate);
            if (!Double.isFinite(cost)) {
                return new EpochPass(Double.NaN, new Divergence(epoch, b + 1, steps, cost, learningRate), null);
            }
            int rows = train.stepExamples(b);
            costSum += cost * rows;
            examples += rows;
            for (int c = 0; c < callbacks.size(); c++) {
                Callback callback = callbacks.get(c);
                callback.onBatchEnd(epoch, b + 1, cost);
                Optional<String> interruption = callback.interruption();
                if (interruption.isPresent()) {
                    return new EpochPass(Double.NaN, null, interruption.get());
                }
            }
        }
        return new EpochPass(costSum / examples, null, null);
    }

    // Train and dev figures after the epoch, in eval mode over the whole sets, so that they are comparable.
    // The epoch's time decides whether the machine slowed it down (see Oversubscription).
    private EpochLogs measure(Network network, TrainingSet train, ExampleSet dev, int epoch, double meanBatchCost,
                              double learningRate, long epochStart, Oversubscription oversubscription) {
        int m = train.size();
        Evaluation tr = train.evaluate("train", network, m);
        Evaluation dv = dev == null ? null : dev.evaluate("dev", network, m);
        double seconds = (machine.nanoTime() - epochStart) / 1e9;
        return new EpochLogs(epoch, tr.cost(), tr.error(), dv == null ? null : dv.cost(), dv == null ? null : dv.error(),
                meanBatchCost, learningRate, seconds, oversubscription.observe(epoch, seconds).orElse(null));
    }

    // Every callback hears about every epoch; the first that asks to stop gives the reason.
    private Ending askCallbacks(EpochLogs logs) {
        Ending stop = null;
        for (Callback c : callbacks) {
            Decision d = c.onEpochEnd(logs);
            if (d.stop() && stop == null) {
                stop = new Ending(c instanceof EarlyStopping ? TrainingOutcome.STOPPED_EARLY
                        : TrainingOutcome.STOPPED_BY_CALLBACK, d.reason());
            }
        }
        return stop;
    }

    // Callbacks' last word (early stopping restores its best weights), final evaluations, the record.
    private RunRecord finish(RunRecord.Builder record, Network network, TrainingSet trainData, ExampleSet devData,
                             List<EpochLogs> history, Ending ending, Divergence divergence,
                             long start, double initialCost) {
        for (Callback c : callbacks) {
            c.onTrainEnd(network);
        }
        EarlyStopping.Report stopping = earlyStoppingReport();
        if (divergence != null) {
            int kept = stopping != null && stopping.bestEpoch() > 0 ? stopping.bestEpoch() : history.size();
            ending = new Ending(TrainingOutcome.DIVERGED, divergedReason(divergence, kept, initialCost));
        } else {
            for (EpochLogs e : history) { // --on-divergence continue: say so, the run went on
                if (exploded(e.trainCost(), initialCost)) {
                    ending = new Ending(ending.outcome(), ending.reason() + String.format(Locale.ROOT, "; the training cost "
                            + "exploded at epoch %d (%.3g, over %.0f times its initial %.3g) and training went on, as "
                            + "--on-divergence continue asks: lower the learning rate", e.epoch(), e.trainCost(),
                            DivergencePolicy.EXPLOSION_FACTOR, initialCost));
                    break;
                }
            }
        }
        int m = trainData.size();
        List<Evaluation> finals = new ArrayList<>();
        finals.add(trainData.evaluate("train", network, m));
        if (devData != null) {
            finals.add(devData.evaluate("dev", network, m));
        }
        return record.result(new RunRecord.Result(finals, WeightStats.of(network)))
                .training(new RunRecord.Training(ending.outcome(), ending.reason(), history, stopping,
                        (System.nanoTime() - start) / 1e9, initialCost))
                .createdAt(Instant.now().toString())
                .build();
    }

    /** What happened, which weights the network has ({@code keptEpoch}, 0 = initial), and what to do. */
    private String divergedReason(Divergence d, int keptEpoch, double initialCost) {
        String where = d.batch() == 0 ? "the training cost measured after epoch " + d.epoch()
                : "the cost of mini-batch " + d.batch() + " of " + d.batches() + " in epoch " + d.epoch();
        if (d.batch() < 0) { // exploded, still finite
            where = String.format(Locale.ROOT, "the training cost exploded after epoch %d: it", d.epoch());
            String kept = keptEpoch == 0 ? "the network has its initial weights"
                    : "the network has the weights of epoch " + keptEpoch;
            return String.format(Locale.ROOT, "training diverged: %s became %.3g, over %.0f times its initial %.3g, at "
                    + "learning rate %s; %s. Lower the learning rate, e.g. 10x to %s, or normalize the inputs "
                    + "(--on-divergence continue trains on regardless)", where, d.cost(), DivergencePolicy.EXPLOSION_FACTOR,
                    initialCost, number(d.learningRate()), kept, number(config.learningRate() / 10));
        }
        String kept = keptEpoch == 0 ? "the network has its initial weights, as no epoch finished"
                : "the network has the weights of epoch " + keptEpoch
                + (keptEpoch == d.epoch() - 1 ? ", the last that finished" : "");
        return "training diverged: " + where + " became " + d.cost() + " at learning rate " + number(d.learningRate())
                + "; " + kept + ". Lower the learning rate, e.g. 10x to " + number(config.learningRate() / 10)
                + "; if it still diverges, normalize the inputs or look for extreme values in the data";
    }

    // Three significant digits, without the float noise of α / 10 (0.003 / 10 = 3.0000000000000003E-4).
    private static String number(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        BigDecimal d = new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros();
        return d.scale() > 8 || d.precision() - d.scale() > 9 ? d.toString() : d.toPlainString();
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

    private static void requireCompatible(String split, Network network, ExampleSet data) {
        requireCompatible(split, network, data.name(), data.featureCount(), data.targetColumns(), data.size());
    }

    private static void requireCompatible(String split, Network network, Dataset data) {
        requireCompatible(split, network, data.name(), data.featureCount(), data.targets().cols(), data.size());
    }

    private static void requireCompatible(String split, Network network, String name, int features, int targets,
                                          int size) {
        if (features != network.inputs()) {
            throw new IllegalArgumentException("Invalid " + split + " data " + name + ": " + features
                    + " features, but the network takes " + network.inputs());
        }
        if (targets != network.outputs()) {
            throw new IllegalArgumentException("Invalid " + split + " data " + name + ": " + targets
                    + " target columns (classes), but the network has " + network.outputs() + " outputs");
        }
        if (size == 0 && "train".equals(split)) {
            throw new IllegalArgumentException("Invalid train data " + name + ": no examples");
        }
    }
}
