package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Text options ("key" → "value", as on a command line or in a config file) read one option at a time: a
 * missing or empty value takes the option's default from {@link RunOption}, and each parse failure names the
 * option, the value and what is allowed. Unknown keys are refused. This is the only place option text is read.
 */
final class Options {

    private final Map<RunOption, String> values = new EnumMap<>(RunOption.class);

    Options(Map<String, String> given) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            RunOption option = RunOption.of(e.getKey()).orElseThrow(() -> new IllegalArgumentException("Unknown option '"
                    + e.getKey() + "'. Known options: " + String.join(", ",
                    Arrays.stream(RunOption.values()).map(RunOption::key).sorted().toList()) + "."));
            String value = e.getValue() == null ? "" : e.getValue();
            if (option == RunOption.DELIMITER && (value.equals("\t") || value.equals(" "))) {
                values.put(option, value); // a tab or space typed as itself is the value, not blank
            } else if (!value.isBlank()) {
                values.put(option, value.trim());
            } else if (e.getValue() != null && !option.defaultValue().isEmpty()) {
                // an option with a default given an empty value (--layers "") is a mistake, not a request for the default
                throw invalid(option, value, option == RunOption.LAYERS
                        ? "comma-separated hidden layer sizes, e.g. 256,128, or none for a linear model"
                        : "a value; leave the option out for its default, " + option.defaultValue());
            }
        }
    }

    /** The value given, else the default ("" when the option has none). */
    String text(RunOption option) {
        return values.getOrDefault(option, option.defaultValue());
    }

    /**
     * The value parsed by the type that owns its syntax ({@code Activation::parse}, …); a refusal is reported as a
     * problem with this option, keeping the parser's explanation of what is allowed.
     */
    <T> T parsed(RunOption option, Function<String, T> parser) {
        try {
            return parser.apply(text(option));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("option " + option.key())) {
                throw e;
            }
            throw new IllegalArgumentException("Invalid value for option " + option.key() + ": " + e.getMessage(), e);
        }
    }

    /** {@code auto} (any case), else the value {@code reader} reads for the option. */
    <T> AutoOr<T> automatic(RunOption option, Function<RunOption, T> reader) {
        return text(option).trim().equalsIgnoreCase(AutoOr.AUTO) ? AutoOr.auto() : AutoOr.of(reader.apply(option));
    }

    int integer(RunOption option) {
        String v = text(option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(option, v, "an integer");
        }
    }

    long longValue(RunOption option) {
        String v = text(option);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(option, v, "an integer");
        }
    }

    double number(RunOption option) {
        String v = text(option);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(option, v, "a number");
        }
    }

    boolean bool(RunOption option) {
        String v = text(option);
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(option, v, "true or false");
        };
    }

    List<Double> numbers(RunOption option, String example) {
        String v = text(option);
        List<Double> out = new ArrayList<>();
        for (String part : v.split("[,/]")) {
            if (!part.isBlank()) {
                try {
                    out.add(Double.parseDouble(part.trim()));
                } catch (NumberFormatException e) {
                    throw invalid(option, v, "comma-separated numbers, e.g. " + example);
                }
            }
        }
        return List.copyOf(out);
    }

    List<Integer> integers(RunOption option, String example) {
        String v = text(option);
        if (v.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw invalid(option, v, "comma-separated integers, e.g. " + example);
            }
        }
        return List.copyOf(out);
    }

    /** Comma-separated entries, trimmed; an empty list when the option is not given. */
    List<String> list(RunOption option) {
        String v = text(option);
        if (v.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            out.add(part.trim());
        }
        return out;
    }

    static IllegalArgumentException invalid(RunOption option, String value, String expected) {
        return new IllegalArgumentException("Invalid value for option " + option.key() + ": '" + value + "'. Expected "
                + expected + ".");
    }
}
