package dev.plumb.tune;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.Checks;
import dev.plumb.workflow.RunSpec;

/**
 * A study: the space to search, how to search it, and when to stop. Typed and validated; {@link #definition()} is
 * what study.json keeps so that {@code plumb tune --resume} runs the same study.
 *
 * @param space      the options searched and the options fixed
 * @param strategy   how trials are chosen
 * @param budget     the number of trials, ≥ 1 (pruned trials count)
 * @param minutes    a time limit in minutes after which no new trial starts (0: none); a study stopped by it depends
 *                   on the machine's speed, so its trials may differ from run to run
 * @param prune      successive halving on epochs for random and grid studies: trials are compared at a third and
 *                   a ninth of their epochs and only the best third goes on
 * @param target     the recipe stops when dev error is within this of the optimal error, ≥ 0
 * @param gridPoints points per range in a grid, ≥ 2
 * @param learningCurve after the search, a learning curve of the chosen trial (train and dev error against training
 *                   set size, at {@link #CURVE_SIZES}): whether more data would help it
 */
public record StudySpec(SearchSpace space, Strategy strategy, int budget, double minutes, boolean prune, double target,
                        int gridPoints, boolean learningCurve) {

    /** The fractions of the training part the chosen trial's learning curve trains on. */
    public static final java.util.List<Double> CURVE_SIZES = java.util.List.of(0.1, 0.25, 0.5, 0.75, 1.0);

    /** The default budget: 20 trials. */
    public static final int DEFAULT_BUDGET = 20;

    public StudySpec {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(strategy, "strategy");
        Checks.positive("budget", budget);
        Checks.nonNegative("minutes", minutes);
        Checks.nonNegative("target", target);
        if (gridPoints < 2) {
            throw new IllegalArgumentException("Invalid value for option --grid-points: " + gridPoints + ". Expected 2 or more");
        }
        if (strategy == Strategy.GRID && space.gridSize(gridPoints) > budget) {
            throw new IllegalArgumentException("The grid has " + space.gridSize(gridPoints) + " points and the budget is "
                    + budget + " trials; raise it (--budget " + space.gridSize(gridPoints) + "), give fewer choices or "
                    + "--grid-points, or use --strategy random");
        }
        if (strategy != Strategy.RECIPE && space.dimensions().isEmpty()) {
            throw new IllegalArgumentException("A " + strategy.id() + " search needs at least one option given as a range "
                    + "or choices, e.g. --lr 1e-4..1e-1:log or --layers 64|128,64; or use --strategy recipe, which "
                    + "chooses its own moves");
        }
    }

    /** The default target of the recipe: dev error within 0.01 of the optimal error. */
    public static final double DEFAULT_TARGET = 0.01;

    /**
     * A study of {@code space} with every default: the strategy {@link #defaultStrategy} picks, {@link #DEFAULT_BUDGET}
     * trials, no time limit, successive halving, the recipe's target {@link #DEFAULT_TARGET}, 3 grid points per range,
     * and the chosen trial's learning curve.
     */
    public static StudySpec of(SearchSpace space) {
        return new StudySpec(space, defaultStrategy(space, DEFAULT_BUDGET, 3), DEFAULT_BUDGET, 0, true, DEFAULT_TARGET, 3,
                true);
    }

    public StudySpec withStrategy(Strategy value) {
        return new StudySpec(space, value, budget, minutes, prune, target, gridPoints, learningCurve);
    }

    public StudySpec withBudget(int value) {
        return new StudySpec(space, strategy, value, minutes, prune, target, gridPoints, learningCurve);
    }

    /**
     * The strategy a study uses when none is given: the recipe when no option is searched, a grid when it fits the
     * budget, random points otherwise.
     */
    public static Strategy defaultStrategy(SearchSpace space, int budget, int gridPoints) {
        if (space.dimensions().isEmpty()) {
            return Strategy.RECIPE;
        }
        return space.gridSize(gridPoints) <= budget ? Strategy.GRID : Strategy.RANDOM;
    }

    /** The run all trials start from: the fixed options, every dimension at its default. */
    public RunSpec base() {
        return space.spec(Map.of());
    }

    /** What study.json keeps. */
    public Definition definition() {
        return new Definition(new LinkedHashMap<>(space.toOptions()), strategy.id(), budget, minutes, prune, target,
                gridPoints, learningCurve);
    }

    /**
     * A study's definition as text and numbers: the options (fixed values and dimensions, as given) and the settings.
     */
    public record Definition(Map<String, String> options, String strategy, int budget, double minutes, boolean prune,
                             double target, int gridPoints, boolean learningCurve) {

        /** The study this defines, validated again. */
        public StudySpec spec() {
            return new StudySpec(SearchSpace.parse(options), Strategy.parse(strategy), budget, minutes, prune, target,
                    gridPoints, learningCurve);
        }
    }
}
