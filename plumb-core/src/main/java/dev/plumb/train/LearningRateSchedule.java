package dev.plumb.train;

import java.util.Locale;

import dev.plumb.tensor.Checks;

/**
 * The learning rate α of each epoch, from the base rate α₀ of the {@link TrainConfig}:
 * <ul>
 *   <li>{@code constant}: α = α₀;</li>
 *   <li>{@code step}: α = α₀ · factor^⌊(epoch − 1) / every⌋ — cut by {@code factor} every {@code every} epochs;</li>
 *   <li>{@code exponential}: α = α₀ · factor^(epoch − 1), e.g. factor 0.95 (the course's 0.95^epoch · α₀).</li>
 * </ul>
 *
 * @param kind   "constant", "step" or "exponential"
 * @param factor multiplier in (0, 1] (ignored for constant)
 * @param every  epochs between steps, ≥ 1 (step only)
 */
public record LearningRateSchedule(String kind, double factor, int every) {

    public LearningRateSchedule {
        kind = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "constant" -> {
                factor = 1;
                every = 1;
            }
            case "step", "exponential" -> {
                if (!(factor > 0 && factor <= 1)) {
                    throw new IllegalArgumentException("Invalid value for argument factor: " + factor
                            + ". Expected a decay factor in (0, 1], e.g. 0.5 for step or 0.95 for exponential decay.");
                }
                Checks.positive("every", every);
                if ("exponential".equals(kind)) {
                    every = 1;
                }
            }
            default -> throw new IllegalArgumentException("Invalid learning-rate schedule: '" + kind
                    + "'. Expected one of: constant, step, exponential.");
        }
    }

    public static LearningRateSchedule constant() {
        return new LearningRateSchedule("constant", 1, 1);
    }

    /** α₀ · factor^⌊(epoch − 1) / every⌋. */
    public static LearningRateSchedule step(int every, double factor) {
        return new LearningRateSchedule("step", factor, every);
    }

    /** α₀ · factor^(epoch − 1). */
    public static LearningRateSchedule exponential(double factor) {
        return new LearningRateSchedule("exponential", factor, 1);
    }

    /** α for 1-based {@code epoch} from base rate {@code base}. */
    public double rate(double base, int epoch) {
        Checks.positive("epoch", epoch);
        return switch (kind) {
            case "step" -> base * Math.pow(factor, (epoch - 1) / every);
            case "exponential" -> base * Math.pow(factor, epoch - 1);
            default -> base;
        };
    }

    /** The command-line form {@link #parse} reads: "constant", "step:EVERY:FACTOR" or "exponential:FACTOR". */
    public String text() {
        return switch (kind) {
            case "step" -> "step:" + every + ":" + factor;
            case "exponential" -> "exponential:" + factor;
            default -> "constant";
        };
    }

    /** Parses "constant", "step:EVERY:FACTOR" (e.g. step:10:0.5) or "exponential:FACTOR" (e.g. exponential:0.95). */
    public static LearningRateSchedule parse(String text) {
        String[] parts = (text == null ? "" : text.trim()).split(":");
        try {
            return switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "constant", "" -> constant();
                case "step" -> step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
                case "exponential", "exp" -> exponential(Double.parseDouble(parts[1]));
                default -> throw new IllegalArgumentException("Invalid learning-rate schedule: '" + text
                        + "'. Expected constant, step:EVERY:FACTOR or exponential:FACTOR.");
            };
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Invalid learning-rate schedule: '" + text
                    + "'. Expected constant, step:EVERY:FACTOR (e.g. step:10:0.5) or exponential:FACTOR (e.g. exponential:0.95).");
        }
    }
}
