package dev.plumb.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Train / dev / test split by ratios, shuffled with a seed, optionally stratified by class. The test
 * set is for the one final evaluation; hyperparameters are chosen on dev.
 *
 * @param train    fraction for training, in (0, 1)
 * @param dev      fraction for the dev (validation) set, in [0, 1)
 * @param test     fraction for the test set, in [0, 1); the three must sum to 1
 * @param seed     shuffling seed
 * @param stratify keep each class's proportion in every split (classification only)
 */
public record Split(double train, double dev, double test, long seed, boolean stratify) {

    public Split {
        if (!(train > 0 && train < 1 || train == 1 && dev == 0 && test == 0)) {
            throw new IllegalArgumentException("Invalid value for argument train: " + train + ". Expected a fraction in (0, 1).");
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

    /** The three parts of a split data set. */
    public record Parts(Dataset train, Dataset dev, Dataset test) {
    }

    /** Splits {@code data}; the same data, ratios and seed always give the same parts. */
    public Parts apply(Dataset data) {
        if (stratify && !data.isClassification()) {
            throw new IllegalArgumentException("Invalid split of " + data.name()
                    + ": stratify=true needs class labels, but this is a regression data set. Split without stratify.");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> groups = new ArrayList<>();
        if (stratify) {
            int[] counts = new int[data.classCount()];
            for (int label : data.labels()) {
                counts[label]++;
            }
            int[][] byClass = new int[counts.length][];
            int[] fill = new int[counts.length];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            for (int i = 0; i < data.size(); i++) {
                int c = data.labels()[i];
                byClass[c][fill[c]++] = i;
            }
            groups.addAll(List.of(byClass));
        } else {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            groups.add(all);
        }
        IntList trainIdx = new IntList();
        IntList devIdx = new IntList();
        IntList testIdx = new IntList();
        for (int[] group : groups) {
            shuffle(group, rng);
            int n = group.length;
            int nDev = (int) Math.round(n * dev);
            int nTest = (int) Math.round(n * test);
            int nTrain = n - nDev - nTest;
            for (int i = 0; i < n; i++) {
                (i < nTrain ? trainIdx : i < nTrain + nDev ? devIdx : testIdx).add(group[i]);
            }
        }
        int[] tr = trainIdx.toArray();
        int[] dv = devIdx.toArray();
        int[] te = testIdx.toArray();
        if (stratify) { // interleave the classes again
            shuffle(tr, rng);
            shuffle(dv, rng);
            shuffle(te, rng);
        }
        if (tr.length == 0) {
            throw new IllegalArgumentException("Invalid split of " + data.name() + " (" + data.size()
                    + " examples): the training part is empty. Use more data or a larger train ratio.");
        }
        return new Parts(data.subset(data.name() + "/train", tr), data.subset(data.name() + "/dev", dv),
                data.subset(data.name() + "/test", te));
    }

    /** Fisher–Yates shuffle driven by {@code rng}. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static final class IntList {
        private int[] items = new int[16];
        private int size;

        void add(int v) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(items, size);
        }
    }
}
