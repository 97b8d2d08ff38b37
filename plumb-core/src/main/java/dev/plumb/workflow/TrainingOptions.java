package dev.plumb.workflow;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.data.augment.AugmentationSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.Checks;
import dev.plumb.train.DivergencePolicy;
import dev.plumb.train.EarlyStoppingSpec;
import dev.plumb.train.LearningRateSchedule;
import dev.plumb.train.TrainConfig;

/**
 * How to train: optimizer, learning rate and its schedule, epochs, mini-batch size, early stopping and augmentation
 * of training batches. Typed and validated.
 *
 * @param optimizer     the optimizer (a new one, with fresh state, per run)
 * @param lr            learning rate α, > 0
 * @param epochs        passes over the training set, ≥ 1, or auto: a budget of optimizer steps ({@link DataDrivenDefaults})
 * @param batch         mini-batch size, ≥ 1
 * @param schedule      how α changes from epoch to epoch
 * @param earlyStopping early stopping on a dev metric, or empty for none; auto: on when there is a dev part
 * @param augment       augmentation of training batches (images only)
 * @param onDivergence  stop (keeping the last epoch before the cost exploded) or continue when the cost explodes
 */
public record TrainingOptions(OptimizerSpec optimizer, double lr, AutoOr<Integer> epochs, int batch,
                              LearningRateSchedule schedule, AutoOr<Optional<EarlyStoppingSpec>> earlyStopping,
                              AugmentationSpec augment, DivergencePolicy onDivergence) {

    public TrainingOptions {
        Objects.requireNonNull(optimizer, "optimizer");
        Checks.positive("lr", lr);
        Objects.requireNonNull(epochs, "epochs").given().ifPresent(n -> Checks.positive("epochs", n));
        Checks.positive("batch", batch);
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(earlyStopping, "earlyStopping");
        Objects.requireNonNull(augment, "augment");
        Objects.requireNonNull(onDivergence, "onDivergence");
    }

    /** Exact epochs and early stopping (none of them auto). */
    public TrainingOptions(OptimizerSpec optimizer, double lr, int epochs, int batch, LearningRateSchedule schedule,
                           Optional<EarlyStoppingSpec> earlyStopping, AugmentationSpec augment, DivergencePolicy onDivergence) {
        this(optimizer, lr, AutoOr.of(epochs), batch, schedule, AutoOr.of(earlyStopping), augment, onDivergence);
    }

    /** The trainer's configuration, shuffles seeded with {@code seed}; epochs must be resolved. */
    public TrainConfig trainConfig(long seed) {
        return new TrainConfig(epochs.value(), batch, lr, seed, true, schedule, onDivergence);
    }

    /** These options with epochs and early stopping exactly as given. */
    TrainingOptions withResolved(int epochCount, Optional<EarlyStoppingSpec> stopping) {
        return new TrainingOptions(optimizer, lr, epochCount, batch, schedule, stopping, augment, onDivergence);
    }

    static TrainingOptions parse(Options o) {
        return new TrainingOptions(o.parsed(RunOption.OPTIMIZER, OptimizerSpec::parse), o.number(RunOption.LR),
                o.automatic(RunOption.EPOCHS, o::integer), o.integer(RunOption.BATCH),
                o.parsed(RunOption.SCHEDULE, LearningRateSchedule::parse),
                o.automatic(RunOption.EARLY_STOPPING, option -> Optional.ofNullable(o.parsed(option, EarlyStoppingSpec::parse))),
                o.parsed(RunOption.AUGMENT, AugmentationSpec::parse), o.parsed(RunOption.ON_DIVERGENCE, DivergencePolicy::parse));
    }

    void writeTo(Map<RunOption, String> out) {
        out.put(RunOption.OPTIMIZER, optimizer.id());
        out.put(RunOption.LR, String.valueOf(lr));
        out.put(RunOption.EPOCHS, epochs.text(String::valueOf));
        out.put(RunOption.BATCH, String.valueOf(batch));
        out.put(RunOption.SCHEDULE, schedule.text());
        out.put(RunOption.EARLY_STOPPING, earlyStopping.text(TrainingOptions::earlyStoppingText));
        out.put(RunOption.AUGMENT, augment.id());
        out.put(RunOption.ON_DIVERGENCE, onDivergence.id());
    }

    /** {@code off}, or early stopping's settings as {@link EarlyStoppingSpec#parse} reads them. */
    static String earlyStoppingText(Optional<EarlyStoppingSpec> stopping) {
        return stopping.map(EarlyStoppingSpec::text).orElse("off");
    }
}
