package dev.plumb.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.workflow.RunOption;

/**
 * One axis of a search space: a run option and the values it may take, written as on the command line —
 * a range {@code 1e-4..1e-1:log} (log or linear scale) or choices {@code relu|tanh}, {@code 64|128,64}.
 */
public sealed interface Dimension {

    /** The run option this dimension varies. */
    RunOption option();

    /** The dimension as it was written: what {@link #parse} reads back. */
    String text();

    /** A value drawn at random, as option text. */
    String sample(SplittableRandom random);

    /** The values a grid search tries, as option text; {@code points} for a range. */
    List<String> grid(int points);

    /**
     * A range of numbers. Integer options (epochs, batch) take rounded values.
     *
     * @param low     smallest value
     * @param high    largest value, > low
     * @param log     log scale (values spread evenly in log10), else linear
     * @param integer whether the option takes integers
     */
    record Range(RunOption option, double low, double high, boolean log, boolean integer) implements Dimension {
        public Range {
            Objects.requireNonNull(option, "option");
            if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
                throw new IllegalArgumentException("Invalid range for option " + option.key() + ": " + low + ".." + high
                        + ". Expected LOW..HIGH with LOW < HIGH, e.g. --" + option.key() + " " + example(option));
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException("Invalid range for option " + option.key() + ": a log scale needs LOW > 0, "
                        + "and " + low + " is not; use a linear range (" + low + ".." + high + ") or start above 0");
            }
        }

        @Override
        public String text() {
            return format(low) + ".." + format(high) + (log ? ":log" : "");
        }

        @Override
        public String sample(SplittableRandom random) {
            double u = random.nextDouble();
            return value(log ? Math.pow(10, Math.log10(low) + u * (Math.log10(high) - Math.log10(low))) : low + u * (high - low));
        }

        @Override
        public List<String> grid(int points) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                double t = points == 1 ? 0 : (double) i / (points - 1);
                String v = value(log ? Math.pow(10, Math.log10(low) + t * (Math.log10(high) - Math.log10(low)))
                        : low + t * (high - low));
                if (!out.contains(v)) {
                    out.add(v);
                }
            }
            return out;
        }

        /** The value as option text: rounded for integer options, else to 4 significant digits. */
        String value(double v) {
            if (integer) {
                return String.valueOf(Math.round(v));
            }
            return format(Double.parseDouble(String.format(Locale.ROOT, "%.4g", v)));
        }
    }

    /**
     * A set of values, tried in the given order by a grid and by the recipe (smallest model first, by convention).
     *
     * @param values option text of each choice, two or more, no duplicates
     */
    record Choice(RunOption option, List<String> values) implements Dimension {
        public Choice {
            Objects.requireNonNull(option, "option");
            values = List.copyOf(values);
            if (values.size() < 2 || values.stream().anyMatch(String::isBlank) || values.stream().distinct().count() != values.size()) {
                throw new IllegalArgumentException("Invalid choices for option " + option.key() + ": " + String.join("|", values)
                        + ". Expected two or more different values separated by |, e.g. --" + option.key() + " " + example(option));
            }
        }

        @Override
        public String text() {
            return String.join("|", values);
        }

        @Override
        public String sample(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public List<String> grid(int points) {
            return values;
        }
    }

    /** Whether an option value is a search dimension rather than a fixed value: it holds {@code ..} or {@code |}. */
    static boolean isDimension(String value) {
        return value != null && (value.contains("..") || value.contains("|"));
    }

    /**
     * Reads a dimension: {@code LOW..HIGH}, {@code LOW..HIGH:log}, {@code LOW..HIGH:linear}, or {@code A|B|C}.
     * Only numeric options take ranges.
     */
    static Dimension parse(RunOption option, String text) {
        String t = text.strip();
        if (t.contains("|")) {
            return new Choice(option, List.of(t.split("\\|", -1)).stream().map(String::strip).toList());
        }
        if (!NUMERIC.contains(option)) {
            throw new IllegalArgumentException("Invalid value for option " + option.key() + ": '" + text + "'. A range (..) "
                    + "needs a numeric option (" + String.join(", ", NUMERIC.stream().map(RunOption::key).toList())
                    + "); give " + option.key() + " choices instead, e.g. --" + option.key() + " " + example(option));
        }
        boolean log = false;
        String body = t;
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            String scale = t.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (!scale.equals("log") && !scale.equals("linear")) {
                throw new IllegalArgumentException("Invalid value for option " + option.key() + ": '" + text + "'. The scale "
                        + "after ':' is log or linear, e.g. --" + option.key() + " " + example(option));
            }
            log = scale.equals("log");
            body = t.substring(0, colon);
        }
        int dots = body.indexOf("..");
        try {
            double low = Double.parseDouble(body.substring(0, dots).strip());
            double high = Double.parseDouble(body.substring(dots + 2).strip());
            return new Range(option, low, high, log, option == RunOption.EPOCHS || option == RunOption.BATCH);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Invalid value for option " + option.key() + ": '" + text + "'. Expected a "
                    + "range LOW..HIGH of numbers, optionally :log, e.g. --" + option.key() + " " + example(option));
        }
    }

    /** Options a range can vary. */
    List<RunOption> NUMERIC = List.of(RunOption.LR, RunOption.L2, RunOption.L1, RunOption.KEEP_PROB, RunOption.EPOCHS,
            RunOption.BATCH);

    private static String example(RunOption option) {
        return switch (option) {
            case LR -> "1e-4..1e-1:log";
            case L2 -> "0..10";
            case L1 -> "0..0.01";
            case KEEP_PROB -> "0.5..1";
            case EPOCHS -> "10..100";
            case BATCH -> "16|32|64";
            case LAYERS -> "64|128,64|256,128";
            case ACTIVATION -> "relu|tanh";
            case OPTIMIZER -> "adam|momentum";
            default -> "A|B";
        };
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
