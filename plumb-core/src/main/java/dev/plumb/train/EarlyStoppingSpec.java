package dev.plumb.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.Checks;

/**
 * Early-stopping settings as a value: what a run configuration holds. {@link #callback} makes the
 * {@link EarlyStopping} callback (which keeps the best weights of one run, so it is made per run).
 *
 * @param monitor  the dev metric to watch
 * @param patience epochs without improvement after which training stops, ≥ 0
 * @param minDelta an improvement must exceed this, ≥ 0
 */
public record EarlyStoppingSpec(EarlyStopping.Monitor monitor, int patience, double minDelta) {

    /**
     * Patience 5 epochs, min delta 1e-4, on the dev error (ties broken by the dev cost). Not the dev cost: a classifier's
     * dev cost rises as its probabilities grow overconfident while its dev error still falls (Fashion-MNIST, 256,128:
     * the dev cost was lowest at epoch 6, the dev error at epoch 10, 0.67 points lower), and stopping on the cost keeps
     * the worse network. For regression the error is the mean squared error, the cost without the weight penalty.
     */
    public static final EarlyStoppingSpec DEFAULTS = new EarlyStoppingSpec(EarlyStopping.Monitor.DEV_ERROR, 5, 1e-4);

    private static final String SYNTAX = "patience=N, min-delta=X and monitor=dev_cost|dev_error|dev_accuracy, or off";

    public EarlyStoppingSpec {
        Objects.requireNonNull(monitor, "monitor");
        Checks.nonNegative("patience", patience);
        Checks.nonNegative("min-delta", minDelta);
    }

    /** A new callback with these settings. */
    public EarlyStopping callback() {
        return new EarlyStopping(monitor, patience, minDelta);
    }

    /** The command-line form, e.g. {@code patience=5,min-delta=1.0E-4,monitor=dev_error}; {@link #parse} reads it back. */
    public String text() {
        return "patience=" + patience + ",min-delta=" + minDelta + ",monitor=" + monitor.id();
    }

    /**
     * Parses {@code patience=N,min-delta=X,monitor=M} (any subset; the rest take {@link #DEFAULTS}; a bare {@code on}
     * means all defaults). Returns null for {@code off}, {@code none} or an empty text: no early stopping.
     */
    public static EarlyStoppingSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("off") || t.equalsIgnoreCase("none")) {
            return null;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : t.split(",")) {
            String[] kv = part.split("=", 2);
            pairs.put(kv[0].trim().toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1].trim() : "");
        }
        int patience = DEFAULTS.patience;
        double minDelta = DEFAULTS.minDelta;
        EarlyStopping.Monitor monitor = DEFAULTS.monitor;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            try {
                switch (e.getKey()) {
                    case "patience" -> patience = Integer.parseInt(e.getValue());
                    case "min-delta", "min_delta", "mindelta" -> minDelta = Double.parseDouble(e.getValue());
                    case "monitor" -> monitor = EarlyStopping.Monitor.parse(e.getValue());
                    case "on" -> { }
                    default -> throw invalid(e.getKey(), SYNTAX);
                }
            } catch (NumberFormatException ex) {
                throw invalid(e.getKey() + "=" + e.getValue(), "a number after " + e.getKey() + "=");
            }
        }
        return new EarlyStoppingSpec(monitor, patience, minDelta);
    }

    private static IllegalArgumentException invalid(String value, String expected) {
        return new IllegalArgumentException("Invalid value for option early-stopping: '" + value + "'. Expected "
                + expected + ".");
    }
}
