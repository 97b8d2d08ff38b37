package dev.plumb.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.plumb.workflow.RunOption;
import dev.plumb.workflow.RunSpec;

/**
 * What a study may change and what it keeps: the options given as ranges or choices are its dimensions, every
 * other option given is fixed, and the rest take {@code plumb train}'s defaults. Written with the same keys as
 * {@code plumb train}, on the command line ({@code --lr 1e-4..1e-1:log --layers 64|128,64}) or in a YAML file
 * ({@code lr: 1e-4..1e-1:log}).
 *
 * <p>Only model and training options can vary: the data, its split and its normalization are prepared once, so that
 * every trial is measured on the same dev examples.
 *
 * @param fixed      the options given with one value, by key, as text
 * @param dimensions the options given as ranges or choices, in the order given
 */
public record SearchSpace(Map<String, String> fixed, List<Dimension> dimensions) {

    /** The options a dimension may vary: those of the model and its training. */
    public static final Set<RunOption> VARIABLE = EnumSet.of(RunOption.LAYERS, RunOption.ACTIVATION, RunOption.INIT,
            RunOption.LOSS, RunOption.L2, RunOption.L1, RunOption.KEEP_PROB, RunOption.OPTIMIZER, RunOption.LR,
            RunOption.EPOCHS, RunOption.BATCH, RunOption.SCHEDULE, RunOption.EARLY_STOPPING, RunOption.AUGMENT,
            RunOption.DTYPE);

    public SearchSpace {
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        dimensions = List.copyOf(dimensions);
        Set<RunOption> seen = EnumSet.noneOf(RunOption.class);
        for (Dimension d : dimensions) {
            if (!seen.add(d.option())) {
                throw new IllegalArgumentException("Option " + d.option().key() + " is given twice as a search dimension");
            }
            if (fixed.containsKey(d.option().key())) {
                throw new IllegalArgumentException("Option " + d.option().key() + " is both fixed and a search dimension");
            }
        }
        RunSpec.parse(fixed); // the fixed part must be a valid run on its own (dimensions at their defaults)
        if (RunSpec.parse(fixed).model().initFrom().isPresent()) { // the recipe's moves change the architecture it fixes
            throw new IllegalArgumentException("Option init-from is not supported by plumb tune yet: a study varies the "
                    + "network, which a model to fine-tune fixes; fine-tune with plumb train --init-from, one run at a time");
        }
    }

    /**
     * Reads options as given ({@code lr → "1e-4..1e-1:log"}, {@code layers → "64|128,64"}, {@code data → "digits"}):
     * a value with {@code ..} or {@code |} is a dimension, anything else is fixed. Every value of every choice and
     * both ends of every range are checked as {@code plumb train} would check them, so a bad value is refused before
     * any trial runs.
     */
    public static SearchSpace parse(Map<String, String> given) {
        Map<String, String> fixed = new LinkedHashMap<>();
        List<Dimension> dimensions = new ArrayList<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            Optional<RunOption> option = RunOption.of(e.getKey());
            if (option.isPresent() && Dimension.isDimension(e.getValue())) {
                if (!VARIABLE.contains(option.get())) {
                    throw new IllegalArgumentException("Option " + option.get().key() + " cannot be searched: the data, its "
                            + "split and its normalization are prepared once so that every trial is measured on the same dev "
                            + "examples. Give it one value; search model and training options (" + String.join(", ",
                            VARIABLE.stream().map(RunOption::key).toList()) + ")");
                }
                dimensions.add(Dimension.parse(option.get(), e.getValue()));
            } else {
                fixed.put(option.map(RunOption::key).orElse(e.getKey()), e.getValue());
            }
        }
        SearchSpace space = new SearchSpace(fixed, dimensions);
        for (Dimension d : dimensions) {
            for (String value : d.grid(2)) {
                space.spec(Map.of(d.option(), value)); // each choice, and each end of a range, must be a valid value
            }
        }
        return space;
    }

    /** The run of one point: the fixed options with {@code values} for (some of) the dimensions. */
    public RunSpec spec(Map<RunOption, String> values) {
        Map<String, String> options = new LinkedHashMap<>(fixed);
        for (Map.Entry<RunOption, String> e : values.entrySet()) {
            options.put(e.getKey().key(), Objects.requireNonNull(e.getValue(), e.getKey().key()));
        }
        return RunSpec.parse(options);
    }

    /** The dimension of {@code option}, if it is one. */
    public Optional<Dimension> dimension(RunOption option) {
        return dimensions.stream().filter(d -> d.option() == option).findFirst();
    }

    /** Whether {@code option} was given (fixed or as a dimension) rather than left to its default. */
    public boolean given(RunOption option) {
        return fixed.containsKey(option.key()) || dimension(option).isPresent();
    }

    /** The space as options text again: fixed values and dimensions, what {@link #parse} reads back. */
    public Map<String, String> toOptions() {
        Map<String, String> out = new LinkedHashMap<>(fixed);
        for (Dimension d : dimensions) {
            out.put(d.option().key(), d.text());
        }
        return out;
    }

    /** Number of points of a grid with {@code points} per range. */
    public long gridSize(int points) {
        long n = 1;
        for (Dimension d : dimensions) {
            n = Math.multiplyExact(n, d.grid(points).size());
        }
        return n;
    }
}
