package dev.plumb.tune;

import java.util.List;
import java.util.Objects;

/**
 * One decision of the recipe: what the verdict of the model to improve said, which moves were tried because of it,
 * and what was kept.
 *
 * @param step          1-based
 * @param fromTrial     the trial being improved
 * @param trainError    its train error
 * @param devError      its dev error
 * @param optimalError  the optimal (Bayes) error the gaps are measured from
 * @param avoidableBias train − optimal
 * @param variance      dev − train
 * @param verdict       the verdict in words
 * @param problem       what the step works on, with its reason ("avoidable bias 4.1 % > variance 1.0 %: more capacity")
 * @param moves         the trials of this step
 * @param kept          the trial kept as the new model to improve, or 0 when no move lowered dev error
 * @param decision      what was decided and why
 */
public record RecipeStep(int step, int fromTrial, double trainError, double devError, double optimalError,
                         double avoidableBias, double variance, String verdict, String problem, List<Move> moves, int kept,
                         String decision) {

    public RecipeStep {
        moves = List.copyOf(moves);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(decision, "decision");
    }

    /**
     * One move tried: a trial that changes one option of the model being improved.
     *
     * @param trial       its trial number
     * @param axis        the axis moved along (width, depth, epochs, lr, l2, keep-prob, augment)
     * @param description the change ("layers 16 → 32")
     * @param devError    the dev error it reached
     */
    public record Move(int trial, String axis, String description, double devError) {
    }
}
