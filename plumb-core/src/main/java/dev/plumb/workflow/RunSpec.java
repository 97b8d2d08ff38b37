package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.data.augment.Augmentation;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Optimizer;
import dev.plumb.tensor.Checks;
import dev.plumb.tensor.DType;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.LearningRateSchedule;
import dev.plumb.train.TrainConfig;

/**
 * Everything one training run needs, as the command line and config files say it: text options such as
 * {@code layers=256,128} or {@code early-stopping=patience=5,min-delta=1e-4}, parsed and validated into
 * typed values. {@link #toOptions()} gives them back with every default resolved — what a run directory's
 * config.yaml holds, so a run can be repeated from it.
 */
public record RunSpec(String data, String label, String task, String imageSize, String devFile, String testFile,
                      List<Double> split, boolean stratify, boolean dropLeaks, long seed,
                      List<Integer> layers, String activation, String init, String loss, double l2, double l1,
                      List<Double> keepProb, String optimizer, double lr, int epochs, int batch, String schedule,
                      String earlyStopping, String normalize, String augment, double bayesError, String dtype,
                      int maxFeatures, String weighting) {

    /** Every option key, with its default ("" = none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data", "");
        d.put("label", "");
        d.put("task", "classification");
        d.put("image-size", "");
        d.put("dev", "");
        d.put("test", "");
        d.put("split", "0.6,0.2,0.2");
        d.put("stratify", "true");
        d.put("drop-leaks", "false");
        d.put("seed", "42");
        d.put("layers", "64");
        d.put("activation", "relu");
        d.put("init", "auto");
        d.put("loss", "auto");
        d.put("l2", "0");
        d.put("l1", "0");
        d.put("keep-prob", "1.0");
        d.put("optimizer", "adam");
        d.put("lr", "0.001");
        d.put("epochs", "20");
        d.put("batch", "32");
        d.put("schedule", "constant");
        d.put("early-stopping", "off");
        d.put("normalize", "standard");
        d.put("augment", "none");
        d.put("bayes-error", "0");
        d.put("dtype", "float32");
        d.put("max-features", "5000");
        d.put("weighting", "tfidf");
        return java.util.Collections.unmodifiableMap(d);
    }

    /** Parses options (missing keys take their defaults); every problem names the option. */
    public static RunSpec parse(Map<String, String> given) {
        Options o = new Options(given, DEFAULTS.keySet());
        String data = o.string("data", "");
        if (data.isEmpty()) {
            throw new IllegalArgumentException("Missing option data: say what to train on, e.g. --data digits, "
                    + "--data fashion-mnist, --data train.csv --label species, or a folder of images or texts.");
        }
        String task = o.string("task", "classification").toLowerCase(Locale.ROOT);
        if (!task.equals("classification") && !task.equals("regression")) {
            throw Options.invalid("task", task, "classification or regression");
        }
        double[] split = o.numbers("split", DEFAULTS.get("split"));
        if (split.length != 3) {
            throw Options.invalid("split", o.string("split", ""), "three fractions train,dev,test, e.g. 0.6,0.2,0.2");
        }
        new Split(split[0], split[1], split[2], 0, false); // validates the ratios with its own message
        int[] layers = o.integers("layers", DEFAULTS.get("layers"));
        for (int units : layers) {
            Checks.positive("layers", units);
        }
        String activation = Activation.parse(o.string("activation", "relu")).id();
        String init = o.string("init", "auto");
        if (!init.equals("auto")) {
            init = Initializer.parse(init).id();
        }
        String loss = o.string("loss", "auto");
        if (!loss.equals("auto")) {
            loss = Loss.parse(loss).id();
        }
        double[] keep = o.numbers("keep-prob", DEFAULTS.get("keep-prob"));
        if (keep.length != 1 && keep.length != layers.length) {
            throw Options.invalid("keep-prob", o.string("keep-prob", ""), "one keep probability, or one per hidden layer ("
                    + layers.length + ")");
        }
        for (double k : keep) {
            Checks.keepProbability("keep-prob", k);
        }
        String optimizer = o.string("optimizer", "adam").toLowerCase(Locale.ROOT);
        Optimizer.parse(optimizer);
        double lr = Checks.positive("lr", o.number("lr", 0.001));
        int epochs = Checks.positive("epochs", o.integer("epochs", 20));
        int batch = Checks.positive("batch", o.integer("batch", 32));
        String schedule = o.string("schedule", "constant");
        LearningRateSchedule.parse(schedule);
        String earlyStopping = o.string("early-stopping", "off");
        earlyStoppingOf(new Options(Map.of("early-stopping", earlyStopping), Set.of("early-stopping")));
        String normalize = Normalizer.Kind.parse(o.string("normalize", "standard")).name().toLowerCase(Locale.ROOT);
        String augment = Augmentation.parse(o.string("augment", "none")).id();
        double bayes = o.number("bayes-error", 0);
        if (!(bayes >= 0 && bayes < 1)) {
            throw Options.invalid("bayes-error", String.valueOf(bayes), "an error rate in [0, 1), e.g. 0.01 for 1%");
        }
        String dtype = o.string("dtype", "float32").toLowerCase(Locale.ROOT);
        if (!dtype.equals("float32") && !dtype.equals("float64")) {
            throw Options.invalid("dtype", dtype, "float32 or float64");
        }
        String weighting = o.string("weighting", "tfidf").toLowerCase(Locale.ROOT);
        if (!List.of("tfidf", "count", "binary").contains(weighting)) {
            throw Options.invalid("weighting", weighting, "tfidf, count or binary");
        }
        return new RunSpec(data, o.string("label", ""), task, o.string("image-size", ""), o.string("dev", ""),
                o.string("test", ""), boxed(split), o.bool("stratify", true), o.bool("drop-leaks", false),
                o.longValue("seed", 42), Arrays.stream(layers).boxed().toList(), activation, init, loss,
                Checks.nonNegative("l2", o.number("l2", 0)), Checks.nonNegative("l1", o.number("l1", 0)), boxed(keep),
                optimizer, lr, epochs, batch, schedule, earlyStopping, normalize, augment, bayes, dtype,
                Checks.positive("max-features", o.integer("max-features", 5000)), weighting);
    }

    /** The options with every default resolved, in a stable order: what config.yaml holds. */
    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("label", label);
        m.put("task", task);
        m.put("image-size", imageSize);
        m.put("dev", devFile);
        m.put("test", testFile);
        m.put("split", join(split));
        m.put("stratify", String.valueOf(stratify));
        m.put("drop-leaks", String.valueOf(dropLeaks));
        m.put("seed", String.valueOf(seed));
        m.put("layers", layers.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put("activation", activation);
        m.put("init", init);
        m.put("loss", loss);
        m.put("l2", String.valueOf(l2));
        m.put("l1", String.valueOf(l1));
        m.put("keep-prob", join(keepProb));
        m.put("optimizer", optimizer);
        m.put("lr", String.valueOf(lr));
        m.put("epochs", String.valueOf(epochs));
        m.put("batch", String.valueOf(batch));
        m.put("schedule", schedule);
        m.put("early-stopping", earlyStopping);
        m.put("normalize", normalize);
        m.put("augment", augment);
        m.put("bayes-error", String.valueOf(bayesError));
        m.put("dtype", dtype);
        m.put("max-features", String.valueOf(maxFeatures));
        m.put("weighting", weighting);
        return m;
    }

    /** The network for data of {@code inputs} features and {@code outputs} classes (or targets). */
    public NetworkSpec network(int inputs, int outputs) {
        Activation hidden = Activation.parse(activation);
        String lossId = loss.equals("auto") ? (task.equals("regression") ? "mse" : "softmax_cross_entropy") : loss;
        Initializer initializer = init.equals("auto") ? Initializer.defaultFor(hidden) : Initializer.parse(init);
        List<LayerSpec> specs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            specs.add(LayerSpec.dense(layers.get(i), hidden, initializer));
            double keep = keepProb.size() == 1 ? keepProb.get(0) : keepProb.get(i);
            if (keep < 1) {
                specs.add(LayerSpec.dropout(keep));
            }
        }
        specs.add(LayerSpec.dense(outputs, Activation.identity(), initializer));
        return new NetworkSpec(inputs, specs, lossId, l2, l1);
    }

    public TrainConfig trainConfig() {
        return new TrainConfig(epochs, batch, lr, seed, true, LearningRateSchedule.parse(schedule));
    }

    /** The split by ratios (dev/test files, when given, replace it). */
    public Split splitRatios() {
        return new Split(split.get(0), split.get(1), split.get(2), seed, stratify && task.equals("classification"), dropLeaks);
    }

    public DType precision() {
        return dtype.equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** The early-stopping callback, or null when off. */
    public EarlyStopping earlyStoppingCallback() {
        return earlyStoppingOf(new Options(Map.of("early-stopping", earlyStopping), Set.of("early-stopping")));
    }

    private static EarlyStopping earlyStoppingOf(Options o) {
        Map<String, String> p = o.pairs("early-stopping", "off");
        if (p.isEmpty()) {
            return null;
        }
        int patience = 5;
        double minDelta = 1e-4;
        EarlyStopping.Monitor monitor = EarlyStopping.Monitor.DEV_COST;
        for (Map.Entry<String, String> e : p.entrySet()) {
            try {
                switch (e.getKey()) {
                    case "patience" -> patience = Integer.parseInt(e.getValue());
                    case "min-delta", "min_delta", "mindelta" -> minDelta = Double.parseDouble(e.getValue());
                    case "monitor" -> monitor = EarlyStopping.Monitor.parse(e.getValue());
                    case "on" -> { }
                    default -> throw Options.invalid("early-stopping", e.getKey(),
                            "patience=N, min-delta=X and monitor=dev_cost|dev_error|dev_accuracy, or off");
                }
            } catch (NumberFormatException ex) {
                throw Options.invalid("early-stopping", e.getKey() + "=" + e.getValue(), "a number after " + e.getKey() + "=");
            }
        }
        return new EarlyStopping(monitor, patience, minDelta);
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static String join(List<Double> values) {
        return values.stream().map(v -> v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v) : String.valueOf(v))
                .collect(Collectors.joining(","));
    }
}
