package dev.plumb.train;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.Matrix;

/**
 * Early stopping: watch a dev metric every epoch, stop once {@code patience} epochs in a row have passed without an
 * improvement of more than {@code minDelta} (patience 5, best at epoch 10: the last epoch is 15, as in Keras), and
 * <em>always</em> put back the weights of the best epoch at the end — whether training stopped early or ran out of
 * epochs — so the trained network is the one the dev set liked best. Lower is better for costs and errors, higher
 * for accuracy.
 *
 * <p>{@link Monitor#DEV_ERROR} breaks ties with the dev cost: an epoch whose dev error is within {@code minDelta} of
 * the best one's counts as an improvement when its dev cost is lower by more than {@code minDelta}, so a plateau of
 * the error on a small dev set does not stop a network that is still getting better.
 *
 * <p>Its {@link #report()} (best epoch, stopped epoch, epochs after the best, why) goes into the run record.
 */
public final class EarlyStopping implements Callback {

    /** The metric to watch, and whether lower or higher is better. */
    public enum Monitor {
        DEV_COST(true), DEV_ERROR(true), DEV_ACCURACY(false);

        private final boolean lowerIsBetter;

        Monitor(boolean lowerIsBetter) {
            this.lowerIsBetter = lowerIsBetter;
        }

        public boolean lowerIsBetter() {
            return lowerIsBetter;
        }

        double value(EpochLogs logs) {
            if (!logs.hasDev()) {
                throw new IllegalArgumentException("Invalid early stopping: it monitors " + id()
                        + " but training has no dev set. Split off a dev set (e.g. 60/20/20) to early-stop on.");
            }
            return switch (this) {
                case DEV_COST -> logs.devCost();
                case DEV_ERROR -> logs.devError();
                case DEV_ACCURACY -> 1 - logs.devError();
            };
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Monitor parse(String value) {
            String s = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Monitor m : values()) {
                if (m.id().equals(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("Invalid early-stopping monitor: '" + value
                    + "'. Expected one of: dev_cost, dev_error, dev_accuracy.");
        }
    }

    /**
     * What early stopping did.
     *
     * @param monitor         the metric watched
     * @param patience        epochs without improvement after which it stops
     * @param minDelta        smallest change that counts as an improvement
     * @param bestEpoch       epoch whose weights the network has now (0 if no epoch ran)
     * @param bestValue       the metric at the best epoch
     * @param stoppedEpoch    the last epoch that ran
     * @param stoppedEarly    true if it ended training before the last configured epoch
     * @param epochsAfterBest epochs that ran after the best one, whose weights were set aside: stoppedEpoch − bestEpoch
     *                        (0 when no epoch ran). Derived, and written into the record so that it says so; a record
     *                        written before it was kept reads as the difference too
     */
    public record Report(String monitor, int patience, double minDelta, int bestEpoch, double bestValue,
                         int stoppedEpoch, boolean stoppedEarly, int epochsAfterBest) {

        public Report {
            epochsAfterBest = bestEpoch > 0 ? stoppedEpoch - bestEpoch : 0;
        }

        public Report(String monitor, int patience, double minDelta, int bestEpoch, double bestValue, int stoppedEpoch,
                      boolean stoppedEarly) {
            this(monitor, patience, minDelta, bestEpoch, bestValue, stoppedEpoch, stoppedEarly, 0);
        }
    }

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final Map<Parameter, Matrix> best = new IdentityHashMap<>();
    private Network network;
    private double bestValue;
    private double bestTieBreak; // the dev cost at the best epoch, for DEV_ERROR's ties
    private int bestEpoch;
    private int lastEpoch;
    private int waited;
    private boolean stoppedEarly;

    /**
     * @param monitor  the dev metric to watch
     * @param patience epochs without improvement after which it stops (0: stop at the first epoch that does not improve)
     * @param minDelta an improvement must exceed this, ≥ 0
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.patience = Checks.nonNegative("patience", patience);
        this.minDelta = Checks.nonNegative("minDelta", minDelta);
    }

    @Override
    public void onTrainBegin(Network net, TrainConfig config, int batchesPerEpoch) {
        this.network = net;
        best.clear();
        for (Parameter p : net.parameters().values()) {
            best.put(p, p.value().copy());
        }
        bestValue = Double.NaN;
        bestTieBreak = Double.NaN;
        bestEpoch = 0;
        lastEpoch = 0;
        waited = 0;
        stoppedEarly = false;
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        double value = monitor.value(logs);
        lastEpoch = logs.epoch();
        if (improved(value, logs.devCost())) {
            bestValue = value;
            bestTieBreak = logs.devCost();
            bestEpoch = logs.epoch();
            waited = 0;
            for (Map.Entry<Parameter, Matrix> e : best.entrySet()) {
                e.getValue().copyFrom(e.getKey().value());
            }
            return Decision.proceed();
        }
        waited++;
        if (waited >= patience) {
            stoppedEarly = true;
            return Decision.stop(String.format(Locale.ROOT,
                    "early stopping: %s did not improve by more than %s for %d epochs after its best (%.6g) at epoch %d",
                    monitor.id(), minDelta, waited, bestValue, bestEpoch));
        }
        return Decision.proceed();
    }

    private boolean improved(double value, double devCost) {
        if (Double.isNaN(bestValue)) {
            return true;
        }
        if (monitor.lowerIsBetter() ? value < bestValue - minDelta : value > bestValue + minDelta) {
            return true;
        }
        // a tie in the error (within minDelta), broken by a lower dev cost
        return monitor == Monitor.DEV_ERROR && Math.abs(value - bestValue) <= minDelta && devCost < bestTieBreak - minDelta;
    }

    /** Restores the best epoch's weights, always. */
    @Override
    public void onTrainEnd(Network net) {
        if (bestEpoch > 0) {
            for (Map.Entry<Parameter, Matrix> e : best.entrySet()) {
                e.getKey().value().copyFrom(e.getValue());
            }
        }
    }

    /** Its best weights and counters, so that a resumed run stops where this one would have. */
    @Override
    public CallbackState saveState(Map<String, Parameter> parameters) {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        parameters.forEach((name, p) -> tensors.put(name, best.get(p)));
        String json = String.format(Locale.ROOT, "{\"bestValue\":\"%s\",\"bestTieBreak\":\"%s\",\"bestEpoch\":%d,"
                + "\"lastEpoch\":%d,\"waited\":%d,\"stoppedEarly\":%b}", Double.toString(bestValue),
                Double.toString(bestTieBreak), bestEpoch, lastEpoch, waited, stoppedEarly);
        return new CallbackState(tensors, json);
    }

    @Override
    public void restoreState(CallbackState state, Map<String, Parameter> parameters) {
        Map<String, Object> values = Json.map(state.json());
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Matrix saved = state.tensors().get(e.getKey());
            if (saved == null || !saved.sameShape(best.get(e.getValue()))) {
                throw new IllegalArgumentException("Invalid early-stopping state: no best value of " + e.getKey()
                        + " of the right shape; the checkpoint was written by another run");
            }
            best.get(e.getValue()).copyFrom(saved);
        }
        bestValue = Double.parseDouble(String.valueOf(values.get("bestValue")));
        // checkpoints written before the tie-break have none: no tie is broken until the next improvement sets it
        bestTieBreak = values.containsKey("bestTieBreak")
                ? Double.parseDouble(String.valueOf(values.get("bestTieBreak"))) : Double.NaN;
        bestEpoch = ((Number) values.get("bestEpoch")).intValue();
        lastEpoch = ((Number) values.get("lastEpoch")).intValue();
        waited = ((Number) values.get("waited")).intValue();
        stoppedEarly = (Boolean) values.get("stoppedEarly");
    }

    public Report report() {
        return new Report(monitor.id(), patience, minDelta, bestEpoch, bestValue, lastEpoch, stoppedEarly);
    }

    /** The network this callback is attached to (after training began), for tests and tools. */
    Network network() {
        return network;
    }
}
