package dev.plumb.tune;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.plumb.workflow.LearningCurve;

/**
 * Everything a study did, as study.json holds it: its definition, each trial with its errors and verdict, the
 * recipe's path of decisions, the trial chosen on dev error, and the one evaluation of the test set.
 *
 * @param formatVersion version of this layout
 * @param plumbVersion  the Plumb that ran the study
 * @param createdAt     when the study started (ISO-8601)
 * @param definition    the study (options and settings), enough to resume it
 * @param data          what was loaded, and how it was split
 * @param status        RUNNING, INTERRUPTED or FINISHED
 * @param stopReason    why the search ended (budget, time, target, no move left, interrupted), "" while running
 * @param trials        every trial, in order
 * @param path          the recipe's decisions (empty for random and grid)
 * @param best          the trial chosen on dev error, 0 before there is one
 * @param test          the chosen trial's test evaluation, null until the search has finished
 * @param learningCurve the chosen trial's learning curve (train and dev error against training-set size, test
 *                      untouched), null if not asked for or not yet made
 * @param seconds       wall-clock time of the study so far
 */
public record StudyRecord(int formatVersion, String plumbVersion, String createdAt, StudySpec.Definition definition,
                          String data, Status status, String stopReason, List<TrialResult> trials, List<RecipeStep> path,
                          int best, TestEvaluation test, LearningCurve learningCurve,
                          double seconds) {

    public static final int FORMAT_VERSION = 1;

    /** Where a study stands. */
    public enum Status {
        RUNNING, INTERRUPTED, FINISHED
    }

    public StudyRecord {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
        trials = List.copyOf(trials);
        path = List.copyOf(path);
    }

    /** The trial with {@code id}. */
    public Optional<TrialResult> trial(int id) {
        return trials.stream().filter(t -> t.id() == id).findFirst();
    }

    /** The finished trial with the lowest dev error (at equal error the lowest dev cost, then the first), if any. */
    public static Optional<TrialResult> bestOf(List<TrialResult> trials) {
        return trials.stream().filter(TrialResult::finished).min(Study.ON_DEV);
    }
}
