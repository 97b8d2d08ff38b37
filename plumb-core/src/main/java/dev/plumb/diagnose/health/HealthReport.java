package dev.plumb.diagnose.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@link GradientHealth} measured: one {@link LayerHealth} per dense layer per epoch, and the
 * warnings raised. Immutable; {@link #format()} renders it as text, and anything else (the CLI, the HTML
 * report) can render the records the same way without recomputing.
 *
 * @param config        the thresholds the warnings were raised with
 * @param probeExamples rows in the probe batch
 * @param layers        per epoch, per layer, in that order
 * @param warnings      in the order raised (epoch by epoch)
 */
public record HealthReport(GradientHealthConfig config, int probeExamples, List<LayerHealth> layers,
                           List<HealthReport.Warning> warnings) {

    /** What a warning is about. */
    public enum Kind {
        /** The backpropagated error shrinks geometrically going back towards the input. */
        VANISHING_GRADIENTS,
        /** The backpropagated error grows geometrically going back towards the input. */
        EXPLODING_GRADIENTS,
        /** Most of a tanh/sigmoid layer's activations sit where g'(z) ≈ 0. */
        SATURATION,
        /** Most of a ReLU layer's units output 0 for every probe example. */
        DEAD_RELU
    }

    /**
     * One warning.
     *
     * @param epoch      the epoch it was raised at
     * @param kind       what it is about
     * @param firstLayer the layer nearest the input it concerns
     * @param lastLayer  the layer nearest the output it concerns (= firstLayer for a one-layer warning)
     * @param value      the fitted per-layer factor (gradient trends) or the fraction (saturation, dead ReLU)
     * @param message    the sentence to show, naming the layers and what to do
     */
    public record Warning(int epoch, Kind kind, int firstLayer, int lastLayer, double value, String message) {
        public Warning {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            if (firstLayer < 1 || lastLayer < firstLayer) {
                throw new IllegalArgumentException("Invalid warning layers: first " + firstLayer + ", last " + lastLayer
                        + ". Expected 1 <= firstLayer <= lastLayer.");
            }
        }
    }

    public HealthReport {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
    }

    /** The epochs recorded, in order. */
    public List<Integer> epochs() {
        TreeSet<Integer> epochs = new TreeSet<>();
        layers.forEach(l -> epochs.add(l.epoch()));
        return List.copyOf(epochs);
    }

    /** The layers of one epoch, input to output. */
    public List<LayerHealth> forEpoch(int epoch) {
        return layers.stream().filter(l -> l.epoch() == epoch).toList();
    }

    public List<Warning> warnings(Kind kind) {
        return warnings.stream().filter(w -> w.kind() == kind).toList();
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }

    /**
     * The first and the last epoch as tables, then each distinct warning once (with the epochs it was
     * raised at, and its latest message).
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        List<Integer> epochs = epochs();
        sb.append(String.format(Locale.ROOT, "Gradient health: probe of %d examples, epoch%s %s%n", probeExamples,
                epochs.size() == 1 ? "" : "s", ranges(epochs.stream().mapToInt(Integer::intValue).toArray())));
        if (!epochs.isEmpty()) {
            appendTable(sb, epochs.get(0));
            if (epochs.size() > 1) {
                appendTable(sb, epochs.get(epochs.size() - 1));
            }
        }
        if (warnings.isEmpty()) {
            sb.append("No warnings.\n");
            return sb.toString();
        }
        Map<String, List<Warning>> groups = new LinkedHashMap<>();
        for (Warning w : warnings) {
            groups.computeIfAbsent(w.kind() + "/" + w.firstLayer() + "/" + w.lastLayer(), k -> new ArrayList<>()).add(w);
        }
        sb.append("Warnings:\n");
        for (List<Warning> group : groups.values()) {
            Warning latest = group.get(group.size() - 1);
            sb.append("  - epoch").append(group.size() == 1 ? " " : "s ")
                    .append(ranges(group.stream().mapToInt(Warning::epoch).toArray())).append(": ")
                    .append(latest.message()).append('\n');
        }
        return sb.toString();
    }

    private void appendTable(StringBuilder sb, int epoch) {
        sb.append(epoch == 0 ? "Snapshot outside training" : "Epoch " + epoch).append('\n');
        sb.append(String.format(Locale.ROOT, "%6s  %-32s %9s %9s %9s %6s %10s %10s %10s%n", "layer", "description",
                "mean(A)", "std(A)", "saturated", "dead", "‖dW‖", "‖db‖", "‖dZ‖"));
        for (LayerHealth l : forEpoch(epoch)) {
            boolean saturates = l.activation().equals("tanh") || l.activation().equals("sigmoid");
            sb.append(String.format(Locale.ROOT, "%6d  %-32s %9.4f %9.3g %9s %6s %10.3e %10.3e %10.3e%n", l.layer(),
                    l.description(), l.activationMean(), l.activationStd(),
                    saturates ? percent(l.saturatedFraction()) : "-",
                    l.activation().equals("relu") ? percent(l.deadFraction()) : "-",
                    l.weightGradientNorm(), l.biasGradientNorm(), l.preActivationGradientNorm()));
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** "1–3, 5" for {1, 2, 3, 5} (sorted input). */
    static String ranges(int[] sorted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sorted.length; i++) {
            int start = sorted[i];
            while (i + 1 < sorted.length && sorted[i + 1] == sorted[i] + 1) {
                i++;
            }
            sb.append(sb.isEmpty() ? "" : ", ").append(start).append(start == sorted[i] ? "" : "–" + sorted[i]);
        }
        return sb.toString();
    }
}
