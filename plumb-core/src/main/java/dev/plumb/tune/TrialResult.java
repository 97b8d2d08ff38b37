package dev.plumb.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.plumb.workflow.RunOption;

/**
 * What one trial of a study gave: its values of the searched options, how far it trained, its train and dev error
 * and their verdict. The test set is never part of it.
 *
 * @param id            1-based trial number, in the order the strategy proposed the trials
 * @param values        the trial's options that differ from the study's fixed options (dimensions, recipe moves), as text
 * @param origin        why the trial was run ("random point", "grid point 3 of 12", "recipe: wider 16 → 32")
 * @param state         where the trial stands
 * @param epochs        epochs trained
 * @param trainError    error rate on the training part after those epochs
 * @param devError      error rate on the dev part (what trials are ranked by)
 * @param devCost       cost J on the dev part (ties)
 * @param verdict       the bias/variance verdict of the two errors
 * @param avoidableBias train error − optimal error
 * @param variance      dev error − train error
 * @param seconds       training time so far
 * @param rungs         dev error at each epoch where successive halving compared the trial with others
 * @param note          how training ended, or why the trial was pruned
 */
public record TrialResult(int id, Map<String, String> values, String origin, TrialState state, int epochs, double trainError,
                          double devError, double devCost, String verdict, double avoidableBias, double variance,
                          double seconds, List<Rung> rungs, String note) {

    public TrialResult {
        values = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(values, "values")));
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
        rungs = List.copyOf(rungs);
        Objects.requireNonNull(note, "note");
    }

    /** Where a trial stands. */
    public enum TrialState {
        /** Trained to its last epoch, or stopped early by its own early stopping. */
        COMPLETED,
        /** Stopped by successive halving: worse than the others at a rung. */
        PRUNED,
        /** Paused at a rung, waiting to be compared. */
        PAUSED,
        /** Its cost exploded; its weights are those of the epoch before. */
        DIVERGED,
        /** Stopped by a signal; the study can be resumed. */
        INTERRUPTED
    }

    /**
     * A trial's standing at one rung of successive halving.
     *
     * @param epochs   epochs trained when compared
     * @param devError dev error then
     * @param devCost  dev cost then (ties of dev error)
     * @param promoted whether it went on to the next rung
     */
    public record Rung(int epochs, double devError, double devCost, boolean promoted) {
    }

    public TrialResult withState(TrialState value, String why) {
        return new TrialResult(id, values, origin, value, epochs, trainError, devError, devCost, verdict, avoidableBias,
                variance, seconds, rungs, why);
    }

    public TrialResult withRungs(List<Rung> value) {
        return new TrialResult(id, values, origin, state, epochs, trainError, devError, devCost, verdict, avoidableBias,
                variance, seconds, value, note);
    }

    /** {@link #values} keyed by option. */
    public Map<RunOption, String> valuesByOption() {
        Map<RunOption, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(RunOption.of(k).orElseThrow(), v));
        return out;
    }

    /** Whether the trial can be chosen as the study's model: it finished training (or stopped early by itself). */
    public boolean finished() {
        return state == TrialState.COMPLETED;
    }
}
