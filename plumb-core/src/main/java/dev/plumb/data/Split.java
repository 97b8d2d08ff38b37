package dev.plumb.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Train / dev / test split by ratios (60/20/20 for small data, 98/1/1 for big data), shuffled with a
 * seed, optionally stratified by class. Hyperparameters are chosen on dev; the test set is for the one
 * final evaluation. Exact duplicates across the parts are always detected and reported in the manifest
 * ({@link LeakageReport}); with {@code dropLeaks} they are removed from dev and test.
 *
 * @param train     fraction for training, in (0, 1]
 * @param dev       fraction for the dev (validation) set, in [0, 1)
 * @param test      fraction for the test set, in [0, 1); the three must sum to 1
 * @param seed      shuffling seed
 * @param stratify  keep each class's proportion in every part (classification only)
 * @param dropLeaks remove dev/test examples that duplicate an example of an earlier part
 */
public record Split(double train, double dev, double test, long seed, boolean stratify, boolean dropLeaks) {

    public Split {
        if (!(train > 0 && train <= 1)) {
            throw new IllegalArgumentException("Invalid value for argument train: " + train + ". Expected a fraction in (0, 1].");
        }
        if (!(dev >= 0 && dev < 1)) {
            throw new IllegalArgumentException("Invalid value for argument dev: " + dev + ". Expected a fraction in [0, 1).");
        }
        if (!(test >= 0 && test < 1)) {
            throw new IllegalArgumentException("Invalid value for argument test: " + test + ". Expected a fraction in [0, 1).");
        }
        if (Math.abs(train + dev + test - 1) > 1e-9) {
            throw new IllegalArgumentException("Invalid split ratios " + train + "/" + dev + "/" + test + ": they sum to "
                    + (train + dev + test) + ". Expected train + dev + test = 1, e.g. 0.6/0.2/0.2 or 0.98/0.01/0.01.");
        }
    }

    /** A split that reports duplicates across parts but keeps them. */
    public Split(double train, double dev, double test, long seed, boolean stratify) {
        this(train, dev, test, seed, stratify, false);
    }

    /**
     * The three parts of a split data set, marked {@link Role#TRAIN}, {@link Role#DEV} and {@link Role#TEST},
     * and the manifest that describes them.
     */
    public record Parts(Dataset train, Dataset dev, Dataset test, SplitManifest manifest) {
    }

    /** Splits {@code data}; the same data, ratios and seed always give the same parts. */
    public Parts apply(Dataset data) {
        requireSplittable(data, stratify);
        int[][] parts = Partitioner.assignByRatios(data, dev, test, stratify, new SplittableRandom(seed));
        if (parts[0].length == 0) {
            throw new IllegalArgumentException("Invalid split of " + data.name() + " (" + data.size()
                    + " examples): the training part is empty. Use more data or a larger train ratio.");
        }
        return Partitioner.finish(data, parts, "ratios", seed, List.of(train, dev, test), stratify, dropLeaks);
    }

    /**
     * Splits off exactly {@code devCount} dev and {@code testCount} test examples (the rest is train), e.g.
     * 10,000 each from a million examples.
     */
    public static Parts byCounts(Dataset data, int devCount, int testCount, long seed, boolean stratify, boolean dropLeaks) {
        if (devCount < 0 || testCount < 0 || devCount + testCount >= data.size()) {
            throw new IllegalArgumentException("Invalid split counts dev=" + devCount + ", test=" + testCount + " for "
                    + data.name() + " (" + data.size() + " examples). Expected counts >= 0 leaving at least one training example.");
        }
        requireSplittable(data, stratify);
        int[][] parts = Partitioner.assignByCounts(data, devCount, testCount, stratify, new SplittableRandom(seed));
        return Partitioner.finish(data, parts, "counts", seed, List.of((double) devCount, (double) testCount), stratify,
                dropLeaks);
    }

    /**
     * Parts that come from separate files: checks them for duplicates across parts (removing those from
     * dev and test with {@code dropLeaks}) and describes them in a manifest. The three must have the same
     * features and classes.
     */
    public static Parts ofSeparateSets(Dataset train, Dataset dev, Dataset test, boolean dropLeaks) {
        for (Dataset other : List.of(dev, test)) {
            if (other.featureCount() != train.featureCount()) {
                throw new IllegalArgumentException("Invalid data " + other.name() + ": " + other.featureCount()
                        + " features, but the training data " + train.name() + " has " + train.featureCount());
            }
            if (!other.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("Invalid data " + other.name() + ": classes " + other.classNames()
                        + " differ from the training data's " + train.classNames() + "; use the same label set");
            }
        }
        return Partitioner.separate(train, dev, test, dropLeaks);
    }

    private static void requireSplittable(Dataset data, boolean stratify) {
        if (stratify && !data.isClassification()) {
            throw new IllegalArgumentException("Invalid split of " + data.name()
                    + ": stratify=true needs class labels, but this is a regression data set. Split without stratify.");
        }
        if (data.role() == Role.DEV || data.role() == Role.TEST) {
            throw new IllegalArgumentException("Invalid split of " + data.name() + ": it is the " + data.role()
                    + " part of a split, which is held out; split the whole data set (or its training part)");
        }
    }
}
