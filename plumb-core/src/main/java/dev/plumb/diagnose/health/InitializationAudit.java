package dev.plumb.diagnose.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.plumb.diagnose.health.InitializationAuditReport.Finding;
import dev.plumb.diagnose.health.InitializationAuditReport.InitializerSource;
import dev.plumb.diagnose.health.InitializationAuditReport.LayerAudit;
import dev.plumb.diagnose.health.InitializationAuditReport.Warning;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.LeakyRelu;
import dev.plumb.nn.Network;
import dev.plumb.nn.Relu;
import dev.plumb.nn.Sigmoid;
import dev.plumb.nn.Tanh;
import dev.plumb.tensor.Matrix;

/**
 * The note's initialization argument, checked on a real network: one eval-mode forward and backward
 * pass over a probe batch, reporting per dense layer the variance of Z and A, its ratio to the layer
 * before, the gradient norms, the initializer and the one the note recommends — He (Var = 2/n) for
 * the ReLU family, LeCun/Xavier (Var = 1/n) for tanh and sigmoid ({@link Initializer#defaultFor}).
 *
 * <p>It flags layers whose initializer does not fit their activation, and layers whose activation
 * variance has collapsed below (or exploded above) a fraction of the input's. Meant for a freshly
 * built network; the initializer is read from {@code network.spec()} when there is one, else inferred
 * from the weights' sample variance. Running it overwrites the parameters' gradients, never their values.
 */
public final class InitializationAudit {

    private InitializationAudit() {
    }

    public static InitializationAuditReport run(Network network, Matrix probeInputs, Matrix probeTargets) {
        return run(network, probeInputs, probeTargets, InitializationAuditConfig.defaults());
    }

    public static InitializationAuditReport run(Network network, Matrix probeInputs, Matrix probeTargets,
                                                InitializationAuditConfig config) {
        // the saturation margin is irrelevant here: the audit reports variances, not saturation
        List<LayerHealthProbe.Measurement> measured = LayerHealthProbe.run(network, probeInputs, probeTargets, 0.01);
        double inputVariance = LayerHealthProbe.meanAndVariance(probeInputs)[1];
        List<String> specInitializers = specInitializers(network, measured.size());
        List<LayerAudit> layers = new ArrayList<>();
        double previousZ = inputVariance;
        double previousA = inputVariance;
        for (int k = 0; k < measured.size(); k++) {
            LayerHealthProbe.Measurement m = measured.get(k);
            Dense dense = m.dense();
            double weightVariance = LayerHealthProbe.meanAndVariance(dense.weights())[1];
            String initializer = specInitializers == null ? inferInitializer(dense, weightVariance)
                    : specInitializers.get(k);
            InitializerSource source = specInitializers != null ? InitializerSource.SPEC
                    : initializer == null ? InitializerSource.UNKNOWN : InitializerSource.INFERRED;
            Initializer recommended = Initializer.defaultFor(dense.activation());
            boolean fits = initializer == null || fits(dense.activation(), Initializer.parse(initializer));
            double toInput = ratio(m.aVariance(), inputVariance);
            List<Finding> findings = new ArrayList<>();
            if (!fits) {
                findings.add(Finding.INITIALIZER_MISMATCH);
            }
            if (toInput < config.collapseRatio()) {
                findings.add(Finding.VARIANCE_COLLAPSE);
            } else if (toInput > config.explodeRatio()) {
                findings.add(Finding.VARIANCE_EXPLOSION);
            }
            layers.add(new LayerAudit(m.layer(), dense.describe(), dense.activation().id(), dense.inputs(), dense.units(),
                    initializer == null ? "unknown" : initializer, source, weightVariance, recommended.id(),
                    recommended.variance(dense.inputs(), dense.units()), fits, m.zVariance(), m.aVariance(),
                    ratio(m.zVariance(), previousZ), ratio(m.aVariance(), previousA), toInput, m.weightGradientNorm(),
                    m.biasGradientNorm(), findings));
            previousZ = m.zVariance();
            previousA = m.aVariance();
        }
        List<Warning> warnings = new ArrayList<>();
        warnings.addAll(runs(layers, Finding.INITIALIZER_MISMATCH,
                l -> l.initializer() + "/" + l.activation(), InitializationAudit::mismatchMessage));
        warnings.addAll(runs(layers, Finding.VARIANCE_COLLAPSE, l -> "", run -> varianceMessage(run, config, true)));
        warnings.addAll(runs(layers, Finding.VARIANCE_EXPLOSION, l -> "", run -> varianceMessage(run, config, false)));
        return new InitializationAuditReport(config, probeInputs.rows(), inputVariance, layers, warnings);
    }

    /**
     * Whether {@code initializer} suits {@code activation}: He for the ReLU family; LeCun/Xavier or Glorot
     * for tanh and sigmoid; any variance-scaling initializer for a linear or softmax output layer. Zeros
     * (units never become different) and small random (the signal shrinks at every layer) never fit.
     */
    static boolean fits(Activation activation, Initializer initializer) {
        if (!(initializer instanceof Initializer.VarianceScaling scaling)) {
            return false;
        }
        if (activation instanceof Relu || activation instanceof LeakyRelu) {
            return scaling.scale() == Initializer.Scale.HE;
        }
        if (activation instanceof Tanh || activation instanceof Sigmoid) {
            return scaling.scale() != Initializer.Scale.HE;
        }
        return true;
    }

    // The k-th dense LayerSpec built the k-th Dense layer (NetworkSpec.build); null when there is no spec to read.
    private static List<String> specInitializers(Network network, int denseLayers) {
        if (network.spec() == null) {
            return null;
        }
        List<String> ids = network.spec().layers().stream().filter(LayerSpec::isDense)
                .map(s -> s.initializer().id()).toList();
        return ids.size() == denseLayers ? ids : null;
    }

    /** The family whose variance for this layer is within a factor of 1.25 of the weights' sample variance, or null. */
    static String inferInitializer(Dense dense, double weightVariance) {
        if (dense.weights().sumOfAbsolutes() == 0) {
            return "zeros";
        }
        String best = null;
        double bestDistance = Math.log(1.25);
        for (String id : List.of("lecun", "he", "glorot", "small")) { // lecun before glorot: equal when n_in = n_out
            double family = Initializer.parse(id).variance(dense.inputs(), dense.units());
            double distance = Math.abs(Math.log(weightVariance / family));
            if (distance < bestDistance) {
                best = id;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }

    /** One warning per run of consecutive layers that have {@code finding} and the same {@code key}. */
    private static List<Warning> runs(List<LayerAudit> layers, Finding finding, Function<LayerAudit, String> key,
                                      Function<List<LayerAudit>, String> message) {
        List<Warning> out = new ArrayList<>();
        int i = 0;
        while (i < layers.size()) {
            if (!layers.get(i).findings().contains(finding)) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < layers.size() && layers.get(i + 1).findings().contains(finding)
                    && key.apply(layers.get(i + 1)).equals(key.apply(layers.get(start)))) {
                i++;
            }
            List<LayerAudit> run = layers.subList(start, i + 1);
            out.add(new Warning(finding, run.get(0).layer(), run.get(run.size() - 1).layer(), message.apply(run)));
            i++;
        }
        return out;
    }

    private static String names(List<LayerAudit> run) {
        LayerAudit first = run.get(0);
        LayerAudit last = run.get(run.size() - 1);
        return run.size() == 1 ? first.name()
                : "layers " + first.layer() + "–" + last.layer() + " (" + first.description() + " … "
                        + last.description() + ")";
    }

    private static String mismatchMessage(List<LayerAudit> run) {
        LayerAudit l = run.get(0);
        String why = switch (l.initializer()) {
            case "zeros" -> "all-zero weights never make the units differ";
            case "small" -> "weights ×0.01 shrink the signal at every layer, so a deep net's activations and "
                    + "gradients vanish";
            default -> l.activation().equals("relu") || l.activation().startsWith("leaky_relu")
                    ? "ReLU zeroes about half of Z, so a variance below 2/n shrinks the signal at every layer; "
                            + "He's 2/n makes up for it"
                    : "2/n is for the ReLU family; with " + l.activation() + " it pushes Z into the saturated range";
        };
        return String.format(Locale.ROOT,
                "%s: initializer %s (n·Var(W) = %.3g) does not fit %s: %s — use %s (Var = %s = %.3g)",
                names(run), l.initializer(), l.fanIn() * l.weightVariance(), l.activation(), why, l.recommended(),
                l.recommended().startsWith("he") ? "2/n" : "1/n", l.recommendedVariance());
    }

    private static String varianceMessage(List<LayerAudit> run, InitializationAuditConfig config, boolean collapse) {
        LayerAudit first = run.get(0);
        LayerAudit last = run.get(run.size() - 1);
        return String.format(Locale.ROOT, "%s: activation variance %s — Var(A) / Var(X) is %.3g at layer %d and %.3g "
                        + "at layer %d (limit %.3g): the signal, and the gradient with it, %s with depth — use %s",
                names(run), collapse ? "collapses" : "explodes", first.varianceToInput(), first.layer(),
                last.varianceToInput(), last.layer(), collapse ? config.collapseRatio() : config.explodeRatio(),
                collapse ? "vanishes" : "explodes",
                "He (2/n) for ReLU layers, LeCun/Xavier (1/n) for tanh/sigmoid layers");
    }
}
