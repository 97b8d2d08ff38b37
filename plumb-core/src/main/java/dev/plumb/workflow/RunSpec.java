package dev.plumb.workflow;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.plumb.tensor.DType;

/**
 * Everything one training run needs, in typed values grouped by what they are about: the data and its
 * preparation, the model, the training, and the diagnosis, plus the one seed every random choice derives from
 * (the split, the initialization, the shuffles, dropout and augmentation).
 *
 * <p>Text appears only at the edges: {@link #parse} reads options as the command line and config files give them
 * ({@code layers=256,128}, {@code early-stopping=patience=5}), validating each once with an error that names the
 * option; {@link #toOptions} gives them back with every default resolved — what a run directory's
 * {@code config.yaml} holds, so {@code parse(spec.toOptions())} equals {@code spec} and a run can be repeated from
 * it. Defaults come from one table, {@link RunOption}. An option whose default is {@code auto} ({@code epochs},
 * {@code early-stopping}, {@code normalize}) stays {@code auto} here and in config.yaml;
 * {@link DataDrivenDefaults#resolve} gives the spec a run trains with, chosen from its prepared data.
 *
 * @param seed        seed of every random choice
 * @param data        what to train on and how to prepare it
 * @param model       the network
 * @param training    how to train it
 * @param diagnostics what the diagnosis needs
 */
public record RunSpec(long seed, DataOptions data, ModelOptions model, TrainingOptions training,
                      DiagnosticsOptions diagnostics) {

    /** Every option key with its default ("" = none), in a stable order. */
    public static final Map<String, String> DEFAULTS = defaults();

    public RunSpec {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (RunOption option : RunOption.values()) {
            d.put(option.key(), option.defaultValue());
        }
        return Collections.unmodifiableMap(d);
    }

    /** Parses options (missing keys take their defaults); every problem names the option. */
    public static RunSpec parse(Map<String, String> given) {
        Options o = new Options(given);
        long seed = o.longValue(RunOption.SEED);
        DataOptions data = DataOptions.parse(o);
        ModelOptions model = ModelOptions.parse(o);
        // a resolved spec (DataDrivenDefaults) holds the normalizer the model brought; only the options text is refused
        if (model.initFrom().isPresent() && !data.normalize().isAuto()) {
            throw new IllegalArgumentException("Invalid option normalize beside init-from: inputs are normalized with the "
                    + "model's own normalizer from " + model.initFrom().get() + " (as the model expects them, not refitted), "
                    + "or used as they are when it has none; drop --normalize");
        }
        return new RunSpec(seed, data, model, TrainingOptions.parse(o), DiagnosticsOptions.parse(o));
    }

    /** The options with every default filled in ({@code auto} kept), in {@link RunOption}'s order: what config.yaml holds. */
    public Map<String, String> toOptions() {
        Map<RunOption, String> byOption = new EnumMap<>(RunOption.class);
        byOption.put(RunOption.SEED, String.valueOf(seed));
        data.writeTo(byOption);
        model.writeTo(byOption);
        training.writeTo(byOption);
        diagnostics.writeTo(byOption);
        Map<String, String> out = new LinkedHashMap<>();
        for (RunOption option : RunOption.values()) {
            out.put(option.key(), Objects.requireNonNull(byOption.get(option), option.key()));
        }
        return out;
    }

    /** The training precision. */
    public DType precision() {
        return model.dtype();
    }

    public RunSpec withData(DataOptions value) {
        return new RunSpec(seed, value, model, training, diagnostics);
    }

    public RunSpec withModel(ModelOptions value) {
        return new RunSpec(seed, data, value, training, diagnostics);
    }

    public RunSpec withTraining(TrainingOptions value) {
        return new RunSpec(seed, data, model, value, diagnostics);
    }

    public RunSpec withSeed(long value) {
        return new RunSpec(value, data, model, training, diagnostics);
    }
}
