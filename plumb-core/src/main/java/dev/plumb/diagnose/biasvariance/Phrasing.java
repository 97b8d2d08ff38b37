package dev.plumb.diagnose.biasvariance;

import static dev.plumb.diagnose.biasvariance.BiasVarianceReport.number;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How the recipe names a setting to change: as the flags of the {@code plumb train} command that made the run (and
 * the keys of its {@code config.yaml}), or as the calls of the Java API. The caller that asks for the diagnosis
 * chooses: {@link BiasVariance#from(dev.plumb.train.RunRecord, double, BiasVarianceThresholds, Phrasing)}. Each method
 * returns the setting with its value, ready to quote, e.g. {@code --keep-prob 0.8} or {@code LayerSpec.dropout(0.8)}.
 */
public enum Phrasing {

    /** {@code --keep-prob 0.8}: the flags of plumb train (a config file takes the same names as keys). */
    COMMAND_LINE {
        @Override
        String layers(List<Integer> widths) {
            return "--layers " + widths.stream().map(String::valueOf).collect(Collectors.joining(","));
        }

        @Override
        String l2(double lambda) {
            return "--l2 " + number(lambda);
        }

        @Override
        String keepProb(double keepProb) {
            return "--keep-prob " + number(keepProb);
        }

        @Override
        String augment(String spec) {
            return "--augment " + spec;
        }

        @Override
        String epochs(int epochs) {
            return "--epochs " + epochs;
        }

        @Override
        String earlyStopping(int patience) {
            return "--early-stopping patience=" + patience;
        }

        @Override
        String noEarlyStopping() {
            return "--early-stopping off";
        }

        @Override
        String standardize() {
            return "--normalize standard";
        }

        @Override
        String optimizer(String id) {
            return "--optimizer " + id;
        }

        @Override
        String learningRate(double alpha) {
            return "--lr " + number(alpha);
        }
    },

    /** {@code LayerSpec.dropout(0.8)}: the Java API's types and calls. */
    JAVA_API {
        @Override
        String layers(List<Integer> widths) {
            return widths.stream().map(w -> "LayerSpec.dense(" + w + ", …)").collect(Collectors.joining(", "));
        }

        @Override
        String l2(double lambda) {
            return "NetworkSpec.withL2(" + number(lambda) + ")";
        }

        @Override
        String keepProb(double keepProb) {
            return "LayerSpec.dropout(" + number(keepProb) + ")";
        }

        @Override
        String augment(String spec) {
            return "Augmentation.parse(\"" + spec + "\")";
        }

        @Override
        String epochs(int epochs) {
            return "a TrainConfig of " + epochs + " epochs";
        }

        @Override
        String earlyStopping(int patience) {
            return "new EarlyStopping(Monitor.DEV_ERROR, " + patience + ", 1e-4)";
        }

        @Override
        String noEarlyStopping() {
            return "no EarlyStopping callback";
        }

        @Override
        String standardize() {
            return "Standardizer.fit(train) applied to every part";
        }

        @Override
        String optimizer(String id) {
            return "OptimizerSpec." + id.toUpperCase(java.util.Locale.ROOT) + ".create()";
        }

        @Override
        String learningRate(double alpha) {
            return "learning rate " + number(alpha);
        }
    };

    abstract String layers(List<Integer> widths);

    abstract String l2(double lambda);

    abstract String keepProb(double keepProb);

    abstract String augment(String spec);

    abstract String epochs(int epochs);

    abstract String earlyStopping(int patience);

    abstract String noEarlyStopping();

    abstract String standardize();

    abstract String optimizer(String id);

    abstract String learningRate(double alpha);
}
