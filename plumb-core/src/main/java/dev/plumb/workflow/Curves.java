package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.nn.Network;
import dev.plumb.train.Callback;
import dev.plumb.train.Trainer;

/**
 * Learning curves (error against training-set size) and validation curves (error against one hyperparameter),
 * the two plots that say whether more data, a bigger model or more regularization will help. The data is
 * prepared once, as {@link TrainingRun#prepare} does; every point trains a fresh network from the spec on the
 * same normalized training part (or a seeded subset of it) and measures it on the same dev part. The test part
 * is never touched, and nothing is checkpointed.
 */
public final class Curves {

    private Curves() {
    }

    /** Trains on each fraction of the training part (a subset drawn with the spec's seed, stratified for classes). */
    public static LearningCurve learning(RunSpec spec, List<Double> fractions) throws DataFileException {
        requireFractions(fractions);
        PreparedData data = requireDev(TrainingRun.prepare(spec));
        List<Integer> examples = new ArrayList<>();
        List<Double> trainErrors = new ArrayList<>();
        List<Double> devErrors = new ArrayList<>();
        for (double fraction : fractions) {
            Dataset subset = subset(data.train(), fraction, spec.seed(), spec.data().stratify());
            double[] errors = trainAndMeasure(spec, data, subset);
            examples.add(subset.size());
            trainErrors.add(errors[0]);
            devErrors.add(errors[1]);
        }
        double bayes = spec.diagnostics().bayesError();
        return new LearningCurve(spec.data().source(), fractions, examples, trainErrors, devErrors, bayes,
                LearningCurve.verdict(trainErrors, devErrors, bayes));
    }

    /**
     * Trains once per value of {@code parameter}, each a spec whose option is rewritten in {@link RunSpec#toOptions()}
     * and parsed again, so any model or training option works and is validated as on the command line.
     */
    public static ValidationCurve validation(RunSpec spec, String parameter, List<String> values) throws DataFileException {
        List<RunSpec> specs = new ArrayList<>();
        for (String value : values) {
            specs.add(vary(spec, parameter, value));
        }
        PreparedData data = requireDev(TrainingRun.prepare(spec));
        List<Double> trainErrors = new ArrayList<>();
        List<Double> devErrors = new ArrayList<>();
        for (RunSpec varied : specs) {
            double[] errors = trainAndMeasure(varied, data, data.train());
            trainErrors.add(errors[0]);
            devErrors.add(errors[1]);
        }
        return ValidationCurve.of(spec.data().source(), RunOption.of(parameter).orElseThrow().key(), values, trainErrors,
                devErrors);
    }

    /** {@code "0.1,0.2,1.0"} → fractions of the training part, each in (0, 1], increasing, two or more. */
    public static List<Double> parseTrainSizes(String text) {
        List<Double> fractions = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                fractions.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value for option --train-sizes: '" + text + "'. Expected "
                        + "fractions of the training part separated by commas, e.g. --train-sizes 0.1,0.2,0.4,0.7,1.0");
            }
        }
        requireFractions(fractions);
        return List.copyOf(fractions);
    }

    /** {@code "l2=0,0.1,1"} → the option and its values; the option must be a run option; {@code layers=16,64:32} is 16, then 64,32. */
    public static Map.Entry<String, List<String>> parseParam(String text) {
        int eq = text.indexOf('=');
        String name = eq < 0 ? text.strip() : text.substring(0, eq).strip();
        List<String> values = eq < 0 ? List.of() : Arrays.stream(text.substring(eq + 1).split(",", -1)).map(String::strip).toList();
        if (eq < 0 || values.size() < 2 || values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("Invalid value for option --param: '" + text + "'. Expected an option and "
                    + "two or more values, e.g. --param l2=0,0.1,1,10 or layers=16,64,64:32 (':' inside a value that is itself a list)");
        }
        if (RunOption.of(name).isEmpty()) {
            throw new IllegalArgumentException("Invalid value for option --param: '" + name + "' is not a run option. "
                    + "Expected one of l2, l1, keep-prob, lr, layers, epochs, batch, … (see plumb train --help)");
        }
        return Map.entry(name, values);
    }

    // One value of the validation curve; a value that is itself a list writes ':' for its commas (layers=16,64:32)
    static RunSpec vary(RunSpec spec, String parameter, String value) {
        Optional<RunOption> option = RunOption.of(parameter);
        if (option.isEmpty()) {
            throw new IllegalArgumentException("Invalid value for option --param: '" + parameter + "' is not a run option. "
                    + "Expected one of l2, l1, keep-prob, lr, layers, epochs, batch, … (see plumb train --help)");
        }
        Map<String, String> options = new LinkedHashMap<>(spec.toOptions());
        options.put(option.get().key(), value.replace(':', ','));
        RunSpec varied = RunSpec.parse(options);
        if (!varied.data().equals(spec.data()) || varied.seed() != spec.seed()) {
            throw new IllegalArgumentException("Invalid value for option --param: " + option.get().key() + " changes the data "
                    + "or its split, and every point of a validation curve must train on the same data; vary a model or "
                    + "training option instead (l2, l1, keep-prob, lr, layers, …)");
        }
        return varied;
    }

    // auto options resolve as TrainingRun.train resolves them, for the part trained on (so every point gets its step budget)
    private static double[] trainAndMeasure(RunSpec given, PreparedData prepared, Dataset train) {
        PreparedData data = prepared.withTrain(train);
        RunSpec spec = DataDrivenDefaults.resolve(given, data).spec();
        Network network = TrainingRun.network(spec, data);
        List<Callback> callbacks = new ArrayList<>();
        spec.training().earlyStopping().value().ifPresent(settings -> callbacks.add(settings.callback()));
        new Trainer(spec.training().trainConfig(spec.seed()), spec.training().optimizer().create(), callbacks,
                TrainingRun.augmenter(spec, data)).fit(network, train, data.dev());
        return new double[] {Trainer.evaluate("train", network, train, train.size()).error(),
                Trainer.evaluate("dev", network, data.dev(), train.size()).error()};
    }

    /** A seeded subset of {@code fraction} of {@code train}; per class (same fraction of each) when stratified. */
    static Dataset subset(Dataset train, double fraction, long seed, boolean stratify) {
        if (fraction == 1.0) {
            return train;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        if (stratify && train.isClassification()) {
            int[] counts = train.classCounts();
            int[][] byClass = new int[counts.length][];
            int[] filled = new int[counts.length];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            for (int i = 0; i < train.size(); i++) {
                int c = train.labels()[i];
                byClass[c][filled[c]++] = i;
            }
            groups.addAll(Arrays.asList(byClass));
        } else {
            groups.add(java.util.stream.IntStream.range(0, train.size()).toArray());
        }
        List<Integer> chosen = new ArrayList<>();
        for (int[] group : groups) {
            int[] shuffled = group.clone();
            for (int i = shuffled.length - 1; i > 0; i--) { // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            int take = group.length == 0 ? 0 : Math.max(1, (int) Math.round(fraction * group.length));
            for (int i = 0; i < take; i++) {
                chosen.add(shuffled[i]);
            }
        }
        int[] indices = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        return train.subset(train.name() + " (" + fraction + ")", indices);
    }

    private static void requireFractions(List<Double> fractions) {
        if (fractions.size() < 2) {
            throw new IllegalArgumentException("Invalid value for option --train-sizes: " + fractions + ". Expected two or "
                    + "more fractions of the training part, e.g. --train-sizes 0.1,0.2,0.4,0.7,1.0");
        }
        for (int i = 0; i < fractions.size(); i++) {
            double f = fractions.get(i);
            if (!(f > 0 && f <= 1) || i > 0 && f <= fractions.get(i - 1)) {
                throw new IllegalArgumentException("Invalid value for option --train-sizes: " + fractions + ". Expected "
                        + "increasing fractions in (0, 1], e.g. --train-sizes 0.1,0.2,0.4,0.7,1.0");
            }
        }
    }

    private static PreparedData requireDev(PreparedData data) {
        if (data.dev().size() == 0) {
            throw new IllegalArgumentException("Curves need a dev part to measure on, and this data has none: give --split "
                    + "a dev ratio above 0 (e.g. --split 0.6,0.2,0.2) or a --dev FILE");
        }
        return data;
    }
}
