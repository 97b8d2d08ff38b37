package dev.plumb.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command-line syntax of {@link Augmentation#parse}, e.g. {@code "flip,shift=2,rotate=10,noise=0.05"}. */
final class AugmentationSyntax {

    static final String SYNTAX = "flip[=probability], shift=pixels[:zero|:edge], rotate=maxDegrees, noise=std[:min:max]";

    private AugmentationSyntax() {
    }

    static Augmentation parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("Invalid augmentation spec '" + (spec == null ? "null" : spec)
                    + "': it is empty. Expected a comma-separated list of " + SYNTAX
                    + ", e.g. flip,shift=2,rotate=10; or none.");
        }
        if (spec.trim().equalsIgnoreCase("none")) {
            return Augmentation.none();
        }
        String[] items = spec.split(",", -1);
        List<Augmentation> steps = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            steps.add(parseItem(spec, items[i].trim(), i + 1));
        }
        return steps.size() == 1 ? steps.get(0) : new Compose(steps);
    }

    private static Augmentation parseItem(String spec, String item, int position) {
        if (item.isEmpty()) {
            throw new IllegalArgumentException("Invalid augmentation spec '" + spec + "': item " + position
                    + " is empty. Expected a comma-separated list of " + SYNTAX + ".");
        }
        int eq = item.indexOf('=');
        String name = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? null : item.substring(eq + 1).trim();
        String[] parts = value == null ? new String[0] : value.split(":", -1);
        try {
            return switch (name) {
                case "flip" -> {
                    if (value == null) {
                        yield new HorizontalFlip();
                    }
                    requireParts(parts, 1, "flip or flip=probability, e.g. flip=0.5", item, spec);
                    yield new HorizontalFlip(number(parts, 0, "probability", item, spec));
                }
                case "shift" -> {
                    requireParts(parts, 2, "shift=pixels[:zero|:edge], e.g. shift=2", item, spec);
                    yield new RandomShift(integer(parts[0], "pixels", item, spec), padding(parts, item, spec));
                }
                case "rotate" -> {
                    requireParts(parts, 1, "rotate=maxDegrees, e.g. rotate=10", item, spec);
                    yield new RandomRotation(number(parts, 0, "maxDegrees", item, spec));
                }
                case "noise" -> {
                    requireParts(parts, 3, "noise=std or noise=std:min:max, e.g. noise=0.05 or noise=0.05:0:1", item, spec);
                    if (parts.length == 2) {
                        throw invalid(item, spec, "a clamp needs both bounds. Expected noise=std or noise=std:min:max, "
                                + "e.g. noise=0.05:0:1.");
                    }
                    double std = number(parts, 0, "std", item, spec);
                    yield parts.length == 1 ? new GaussianNoise(std)
                            : new GaussianNoise(std, number(parts, 1, "min", item, spec), number(parts, 2, "max", item, spec));
                }
                default -> throw invalid(item, spec, "unknown name '" + name + "'. Expected one of: flip, shift, rotate, noise ("
                        + SYNTAX + "), separated by commas, e.g. flip,shift=2,rotate=10; or none alone.");
            };
        } catch (SpecException e) {
            throw e;
        } catch (IllegalArgumentException e) { // a constructor's own check: keep its message, say where it came from
            throw invalid(item, spec, e.getMessage());
        }
    }

    private static void requireParts(String[] parts, int max, String expected, String item, String spec) {
        if (parts.length == 0) {
            throw invalid(item, spec, "it needs a value. Expected " + expected + ".");
        }
        if (parts.length > max) {
            throw invalid(item, spec, "too many ':' options. Expected " + expected + ".");
        }
    }

    private static double number(String[] parts, int index, String what, String item, String spec) {
        String text = parts.length > index ? parts[index].trim() : "";
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw invalid(item, spec, what + " '" + text + "' is not a number.");
        }
    }

    private static int integer(String text, String what, String item, String spec) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(item, spec, what + " '" + text.trim() + "' is not an integer. Expected shift=pixels, e.g. shift=2.");
        }
    }

    private static RandomShift.Padding padding(String[] parts, String item, String spec) {
        if (parts.length < 2) {
            return RandomShift.Padding.ZERO;
        }
        return switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "zero" -> RandomShift.Padding.ZERO;
            case "edge" -> RandomShift.Padding.EDGE;
            default -> throw invalid(item, spec, "padding '" + parts[1].trim() + "' is unknown. Expected zero or edge.");
        };
    }

    private static SpecException invalid(String item, String spec, String problem) {
        return new SpecException("Invalid augmentation '" + item + "' in '" + spec + "': " + problem);
    }

    /** Already names the item; not wrapped a second time. */
    private static final class SpecException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SpecException(String message) {
            super(message);
        }
    }
}
