package dev.plumb.diagnose.health;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link InitializationAudit} found: one {@link LayerAudit} per dense layer and the warnings.
 * Immutable; {@link #format()} renders it as text.
 *
 * @param config        the thresholds used
 * @param probeExamples rows in the probe batch
 * @param inputVariance Var(X), pooled over all entries of the probe inputs
 * @param layers        input to output
 * @param warnings      initializer mismatches first, then variance collapse / explosion
 */
public record InitializationAuditReport(InitializationAuditConfig config, int probeExamples, double inputVariance,
                                        List<InitializationAuditReport.LayerAudit> layers,
                                        List<InitializationAuditReport.Warning> warnings) {

    /** Where the initializer id of a layer comes from. */
    public enum InitializerSource {
        /** The network's spec ({@code LayerSpec.initializer()}). */
        SPEC,
        /** No spec: the family whose variance matches the weights' sample variance (within a factor of 1.25). */
        INFERRED,
        /** No spec, and no family matches the weights. */
        UNKNOWN
    }

    /** What a warning is about. */
    public enum Finding {
        /** The initializer does not fit the activation (He for the ReLU family, LeCun/Xavier for tanh/sigmoid). */
        INITIALIZER_MISMATCH,
        /** Var(A) below {@code collapseRatio} × Var(X). */
        VARIANCE_COLLAPSE,
        /** Var(A) above {@code explodeRatio} × Var(X). */
        VARIANCE_EXPLOSION
    }

    /**
     * One dense layer at initialization. Variances are pooled over all {@code examples × units} entries.
     *
     * @param layer               1-based index among the layers with parameters (layer l owns Wl, bl)
     * @param description         the layer's {@code describe()}
     * @param activation          activation id
     * @param fanIn               n[l−1]
     * @param fanOut              n[l]
     * @param initializer         initializer id, or "unknown"
     * @param initializerSource   where {@code initializer} comes from
     * @param weightVariance      sample variance of W's entries
     * @param recommended         id of the initializer the note recommends for the activation
     * @param recommendedVariance its variance for this layer (2/n[l−1] for He, 1/n[l−1] for LeCun)
     * @param initializerFits     whether {@code initializer} fits the activation (true when it is unknown:
     *                            there is nothing to judge)
     * @param zVariance           Var(Z)
     * @param aVariance           Var(A), A = g(Z)
     * @param zVarianceRatio      Var(Z[l]) / Var(Z[l−1]) (the first layer: / Var(X)); NaN if the denominator is 0
     * @param aVarianceRatio      Var(A[l]) / Var(A[l−1]) (the first layer: / Var(X)); NaN if the denominator is 0
     * @param varianceToInput     Var(A[l]) / Var(X); NaN if Var(X) is 0
     * @param weightGradientNorm  ‖dW‖ of the mean data loss on the probe batch (no penalty term)
     * @param biasGradientNorm    ‖db‖, likewise
     * @param findings            what is wrong with this layer (empty when nothing is)
     */
    public record LayerAudit(int layer, String description, String activation, int fanIn, int fanOut,
                             String initializer, InitializerSource initializerSource, double weightVariance,
                             String recommended, double recommendedVariance, boolean initializerFits,
                             double zVariance, double aVariance, double zVarianceRatio, double aVarianceRatio,
                             double varianceToInput, double weightGradientNorm, double biasGradientNorm,
                             List<Finding> findings) {
        public LayerAudit {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(initializer, "initializer");
            Objects.requireNonNull(initializerSource, "initializerSource");
            Objects.requireNonNull(recommended, "recommended");
            findings = List.copyOf(findings);
        }

        /** "layer 3 (Dense(64 → 64, tanh))". */
        public String name() {
            return "layer " + layer + " (" + description + ")";
        }
    }

    /**
     * One warning, covering a run of consecutive layers with the same finding.
     *
     * @param finding    what it is about
     * @param firstLayer the first layer of the run
     * @param lastLayer  the last layer of the run (= firstLayer for one layer)
     * @param message    the sentence to show, naming the layers and what to do
     */
    public record Warning(Finding finding, int firstLayer, int lastLayer, String message) {
        public Warning {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(message, "message");
            if (firstLayer < 1 || lastLayer < firstLayer) {
                throw new IllegalArgumentException("Invalid warning layers: first " + firstLayer + ", last " + lastLayer
                        + ". Expected 1 <= firstLayer <= lastLayer.");
            }
        }
    }

    public InitializationAuditReport {
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        warnings = List.copyOf(warnings);
    }

    public List<Warning> warnings(Finding finding) {
        return warnings.stream().filter(w -> w.finding() == finding).toList();
    }

    /** The audit of layer {@code l} (1-based, as in W{@code l}). */
    public LayerAudit layer(int l) {
        return layers.stream().filter(a -> a.layer() == l).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Invalid value for argument l: " + l + ". Expected one of the dense layers "
                        + layers.stream().map(LayerAudit::layer).toList() + "."));
    }

    /** A table of the layers, then the warnings. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Initialization audit: probe of %d examples, Var(X) = %.3g%n", probeExamples,
                inputVariance));
        sb.append(String.format(Locale.ROOT, "%6s  %-28s %-15s %-7s %8s %10s %10s %9s %10s %10s%n", "layer", "description",
                "initializer", "advice", "n·Var(W)", "Var(Z)", "Var(A)", "Z ratio", "A/X", "‖dW‖"));
        for (LayerAudit l : layers) {
            String init = l.initializer() + (l.initializerSource() == InitializerSource.INFERRED ? "?" : "")
                    + (l.initializerFits() ? "" : " ✗");
            sb.append(String.format(Locale.ROOT, "%6d  %-28s %-15s %-7s %8.3g %10.3e %10.3e %9.3g %10.3e %10.3e%n",
                    l.layer(), l.description(), init, l.recommended(), l.fanIn() * l.weightVariance(), l.zVariance(),
                    l.aVariance(), l.zVarianceRatio(), l.varianceToInput(), l.weightGradientNorm()));
        }
        sb.append("(n = fan-in; \"?\" = inferred from the weights, ✗ = does not fit the activation; "
                + "Z ratio = Var(Z[l]) / Var(Z[l−1]), A/X = Var(A[l]) / Var(X))\n");
        if (warnings.isEmpty()) {
            sb.append("No warnings.\n");
        } else {
            sb.append("Warnings:\n");
            warnings.forEach(w -> sb.append("  - ").append(w.message()).append('\n'));
        }
        return sb.toString();
    }
}
