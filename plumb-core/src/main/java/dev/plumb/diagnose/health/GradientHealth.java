package dev.plumb.diagnose.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import dev.plumb.data.Dataset;
import dev.plumb.diagnose.health.HealthReport.Kind;
import dev.plumb.diagnose.health.HealthReport.Warning;
import dev.plumb.nn.Network;
import dev.plumb.nn.Parameter;
import dev.plumb.tensor.Matrix;
import dev.plumb.train.Callback;
import dev.plumb.train.CallbackState;
import dev.plumb.train.Decision;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training callback that watches for the note's vanishing / exploding gradients, saturated tanh and
 * sigmoid layers and dead ReLU layers. At the end of every epoch (after the optimizer's last step and the
 * trainer's evaluation) it runs one eval-mode forward and backward pass over a fixed probe batch and
 * records a {@link LayerHealth} per dense layer; {@link #report()} gives them with the warnings.
 *
 * <p>The probe pass overwrites the parameters' gradients, never their values; the next batch computes
 * fresh gradients before the optimizer reads any, so training with and without this callback gives
 * bit-identical weights. It costs one forward and backward pass over the probe per epoch.
 *
 * <p>Vanishing / exploding: the trend is fitted on ‖dZ[l]‖ = ‖∂J/∂Z[l]‖, the error backprop carries
 * into each layer — the quantity that the note says is multiplied by a factor at every layer. Going back
 * from the output, each step's factor is ‖dZ[l]‖ / ‖dZ[l+1]‖; a run of consecutive steps all below
 * {@code shrinkRatio} (above {@code growRatio}) spanning at least {@code minLayers} layers is a warning,
 * with the per-layer factor fitted by least squares to log‖dZ[l]‖ against l. ‖dW[l]‖ = ‖dZ[l]ᵀ·A[l−1]‖
 * is not used for the fit because it mixes in the forward signal: in a deep tanh net with ×0.01 weights
 * the error shrinks going back while the activations shrink going forward, and ‖dW‖ comes out flat across
 * layers though tiny everywhere. The Frobenius norm is used rather than a per-unit one because with
 * fan-in scaled weights (Var(w) = c/n[l−1]) an entry of dZ[l−1] has n[l]/n[l−1] times the variance of an
 * entry of dZ[l]: over the n[l−1] units the total stays level, so a pyramid of layers is no trend.
 */
public final class GradientHealth implements Callback {

    private final Matrix probeInputs;
    private final Matrix probeTargets;
    private final GradientHealthConfig config;
    private final Consumer<Warning> onWarning;
    private final List<LayerHealth> history = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();
    private Network network;
    private Matrix x;
    private Matrix y;

    /**
     * @param probeInputs  a fixed sample of training inputs, one example per row (copied)
     * @param probeTargets their targets (copied)
     * @param onWarning    told of each warning as it is raised (e.g. to print it); may be null
     */
    public GradientHealth(Matrix probeInputs, Matrix probeTargets, GradientHealthConfig config,
                          Consumer<Warning> onWarning) {
        this.probeInputs = Objects.requireNonNull(probeInputs, "probeInputs").copy();
        this.probeTargets = Objects.requireNonNull(probeTargets, "probeTargets").copy();
        this.config = Objects.requireNonNull(config, "config");
        this.onWarning = onWarning == null ? w -> { } : onWarning;
        if (probeInputs.rows() == 0 || probeInputs.rows() != probeTargets.rows()) {
            throw new IllegalArgumentException("Invalid probe batch: " + probeInputs.rows() + " input rows and "
                    + probeTargets.rows() + " target rows. Expected the same positive number of examples in both.");
        }
    }

    public GradientHealth(Matrix probeInputs, Matrix probeTargets, GradientHealthConfig config) {
        this(probeInputs, probeTargets, config, null);
    }

    /** A monitor whose probe is {@code config.probeExamples()} rows of {@code train} drawn with {@code config.seed()}. */
    public static GradientHealth sampling(Dataset train, GradientHealthConfig config) {
        int m = train.size();
        int k = Math.min(config.probeExamples(), m);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int i = 0; i < k; i++) { // partial Fisher–Yates: the first k are a uniform sample without replacement
            int j = i + rng.nextInt(m - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Dataset probe = train.subset(train.name() + " probe", Arrays.copyOf(order, k));
        return new GradientHealth(probe.features(), probe.targets(), config);
    }

    /** One snapshot of {@code network} as it is now (epoch 0), outside training. */
    public static HealthReport check(Network network, Matrix probeInputs, Matrix probeTargets,
                                     GradientHealthConfig config) {
        GradientHealth health = new GradientHealth(probeInputs, probeTargets, config);
        health.attach(network);
        health.record(0);
        return health.report();
    }

    @Override
    public void onTrainBegin(Network network, TrainConfig trainConfig, int batchesPerEpoch) {
        attach(network);
    }

    @Override
    public Decision onEpochEnd(EpochLogs logs) {
        if (network == null) {
            throw new IllegalStateException(
                    "GradientHealth: onEpochEnd before onTrainBegin; add it to a Trainer's callbacks");
        }
        record(logs.epoch());
        return Decision.proceed();
    }

    /** What has been recorded so far (the whole run, after training). */
    /** The probe examples' inputs (the audit at initialization uses the same ones). */
    public Matrix probeInputs() {
        return probeInputs;
    }

    /** The probe examples' targets. */
    public Matrix probeTargets() {
        return probeTargets;
    }

    /** The statistics and warnings of the epochs so far, so that a resumed run reports the whole run. */
    @Override
    public CallbackState saveState(Map<String, Parameter> parameters) {
        return new CallbackState(Map.of(), JSON.writeValueAsString(new Saved(history, warnings)));
    }

    @Override
    public void restoreState(CallbackState state, Map<String, Parameter> parameters) {
        Saved saved;
        try {
            saved = JSON.readValue(state.json(), Saved.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Invalid gradient-health state in the checkpoint: " + e.getOriginalMessage(), e);
        }
        history.clear();
        history.addAll(saved.history());
        warnings.clear();
        warnings.addAll(saved.warnings());
    }

    /** What a checkpoint keeps of this monitor. */
    record Saved(List<LayerHealth> history, List<Warning> warnings) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public HealthReport report() {
        return new HealthReport(config, probeInputs.rows(), history, warnings);
    }

    // A monitor reused for another fit starts afresh.
    private void attach(Network target) {
        LayerHealthProbe.requireProbe(target, probeInputs, probeTargets);
        network = target;
        x = probeInputs.to(target.dtype());
        y = probeTargets.to(target.dtype());
        history.clear();
        warnings.clear();
    }

    private void record(int epoch) {
        List<LayerHealth> layers = new ArrayList<>();
        for (LayerHealthProbe.Measurement m : LayerHealthProbe.run(network, x, y, config.saturationMargin())) {
            layers.add(LayerHealth.of(epoch, m));
        }
        history.addAll(layers);
        for (Warning w : diagnose(epoch, layers, config)) {
            warnings.add(w);
            onWarning.accept(w);
        }
    }

    /** The warnings for one epoch's layers (input to output). */
    static List<Warning> diagnose(int epoch, List<LayerHealth> layers, GradientHealthConfig config) {
        List<Warning> out = new ArrayList<>(trends(epoch, layers, config));
        for (LayerHealth l : layers) {
            if (l.saturatedFraction() > config.saturationLimit()) {
                String range = l.activation().equals("tanh")
                        ? String.format(Locale.ROOT, "|a| > %.2f", 1 - config.saturationMargin())
                        : String.format(Locale.ROOT, "a < %.2f or a > %.2f", config.saturationMargin(),
                                1 - config.saturationMargin());
                out.add(new Warning(epoch, Kind.SATURATION, l.layer(), l.layer(), l.saturatedFraction(), String.format(
                        Locale.ROOT, "%s: %.1f%% of its activations are saturated (%s), where g'(z) ≈ 0 and little "
                                + "gradient gets through — normalize the inputs, use LeCun/Xavier initialization "
                                + "(Var = 1/n), or lower the learning rate", l.name(), 100 * l.saturatedFraction(), range)));
            }
            if (l.deadFraction() > config.deadLimit()) {
                out.add(new Warning(epoch, Kind.DEAD_RELU, l.layer(), l.layer(), l.deadFraction(), String.format(
                        Locale.ROOT, "%s: %.1f%% of its units are dead (output 0 for every probe example) and get no "
                                + "gradient — check the biases, lower the learning rate, use He initialization "
                                + "(Var = 2/n), or try leaky ReLU", l.name(), 100 * l.deadFraction())));
            }
        }
        return out;
    }

    private static List<Warning> trends(int epoch, List<LayerHealth> layers, GradientHealthConfig config) {
        int n = layers.size();
        List<Warning> out = new ArrayList<>();
        // step k goes back from layer index k+1 to k: factor ‖dZ[k]‖ / ‖dZ[k+1]‖
        double[] factor = new double[Math.max(0, n - 1)];
        for (int k = 0; k < n - 1; k++) {
            double later = layers.get(k + 1).preActivationGradientNorm();
            factor[k] = later > 0 ? layers.get(k).preActivationGradientNorm() / later : Double.NaN;
        }
        for (boolean vanishing : new boolean[] {true, false}) {
            int k = factor.length - 1;
            while (k >= 0) {
                if (!past(factor[k], vanishing, config)) {
                    k--;
                    continue;
                }
                int end = k;
                while (k >= 0 && past(factor[k], vanishing, config)) {
                    k--;
                }
                int start = k + 1; // steps start..end are all past the ratio: layers start..end+1
                if (end - start + 2 >= config.minLayers()) {
                    out.add(trendWarning(epoch, layers.subList(start, end + 2), vanishing));
                }
            }
        }
        return out;
    }

    private static boolean past(double factor, boolean vanishing, GradientHealthConfig config) {
        return vanishing ? factor < config.shrinkRatio() : factor > config.growRatio(); // NaN is neither
    }

    private static Warning trendWarning(int epoch, List<LayerHealth> run, boolean vanishing) {
        LayerHealth first = run.get(0);
        LayerHealth last = run.get(run.size() - 1);
        double perLayer = perLayerFactor(run);
        String message = String.format(Locale.ROOT, "%s gradients: ‖dZ‖ %s ×%.3g per layer going back from %s to %s "
                        + "(‖dW‖ %.2e at layer %d, %.2e at layer %d) — %s",
                vanishing ? "vanishing" : "exploding", vanishing ? "shrinks" : "grows", perLayer, last.name(), first.name(),
                last.weightGradientNorm(), last.layer(), first.weightGradientNorm(), first.layer(),
                vanishing ? "use He/Xavier initialization, ReLU, or fewer layers"
                        : "use He/Xavier initialization (smaller initial weights), a lower learning rate, or fewer layers");
        return new Warning(epoch, vanishing ? Kind.VANISHING_GRADIENTS : Kind.EXPLODING_GRADIENTS, first.layer(),
                last.layer(), perLayer, message);
    }

    /** exp(−slope) of the least-squares line through (i, log‖dZ‖): the factor per layer going back (0 if a norm is 0). */
    static double perLayerFactor(List<LayerHealth> run) {
        int n = run.size();
        double meanI = (n - 1) / 2.0;
        double meanLog = 0;
        for (LayerHealth l : run) {
            if (!(l.preActivationGradientNorm() > 0)) {
                return 0;
            }
            meanLog += Math.log(l.preActivationGradientNorm()) / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = i - meanI;
            sxy += dx * (Math.log(run.get(i).preActivationGradientNorm()) - meanLog);
            sxx += dx * dx;
        }
        return Math.exp(-sxy / sxx);
    }
}
