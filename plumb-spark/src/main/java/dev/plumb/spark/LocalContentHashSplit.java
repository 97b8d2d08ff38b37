package dev.plumb.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.data.Dataset;
import dev.plumb.data.LeakageReport;
import dev.plumb.data.Role;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;

/**
 * {@link ContentHashSplit} on one machine, on the core's {@link Dataset}: the same parts (row i of the data is the
 * row with id i on Spark) and the same manifest as {@link SparkSplit}, leakage report included. Each part keeps
 * the data's row order.
 */
public final class LocalContentHashSplit {

    private LocalContentHashSplit() {
    }

    public static Split.Parts apply(Split split, Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("Invalid data " + data.name() + ": a regression data set; the content-hash "
                    + "split handles classification data only so far");
        }
        if (data.role() == Role.DEV || data.role() == Role.TEST) {
            throw new IllegalArgumentException("Invalid split of " + data.name() + ": it is the " + data.role()
                    + " part of a split, which is held out; split the whole data set (or its training part)");
        }
        ContentHashSplit assign = new ContentHashSplit(split);
        int n = data.size();
        long[] hash = new long[n];
        double[][] rows = new double[n][];
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) {
            rows[i] = SparkRows.features(data.features(), i);
            hash[i] = RowHash.features(rows[i]);
            parts.get(assign.partOfHash(hash[i])).add(i);
        }
        int[] train = ints(parts.get(0));
        int[] dev = ints(parts.get(1));
        int[] test = ints(parts.get(2));
        if (train.length == 0) {
            throw new IllegalArgumentException("Invalid split of " + data.name() + " (" + n
                    + " examples): the training part is empty. Use more data or a larger train ratio.");
        }
        // the leakage check with SparkLeakageCheck's rules: smallest matching id, dev examples first, ascending ids
        List<String> examples = new ArrayList<>();
        Integer[] devOf = matches(dev, train, hash, rows);
        Integer[] testOfTrain = matches(test, train, hash, rows);
        Integer[] testOfDev = matches(test, dev, hash, rows);
        int devInTrain = 0;
        int testInTrain = 0;
        int testInDev = 0;
        boolean[] dropDev = new boolean[dev.length];
        boolean[] dropTest = new boolean[test.length];
        for (int k = 0; k < dev.length; k++) {
            if (devOf[k] != null) {
                devInTrain++;
                dropDev[k] = split.dropLeaks();
                note(examples, "dev#" + dev[k] + " = train#" + devOf[k]);
            }
        }
        for (int k = 0; k < test.length; k++) {
            if (testOfTrain[k] != null) {
                testInTrain++;
                note(examples, "test#" + test[k] + " = train#" + testOfTrain[k]);
            } else if (testOfDev[k] != null) {
                testInDev++;
                note(examples, "test#" + test[k] + " = dev#" + testOfDev[k]);
            }
            dropTest[k] = split.dropLeaks() && (testOfTrain[k] != null || testOfDev[k] != null);
        }
        int[] keptDev = keep(dev, dropDev);
        int[] keptTest = keep(test, dropTest);
        LeakageReport leakage = new LeakageReport(devInTrain, testInTrain, testInDev, dev.length - keptDev.length,
                test.length - keptTest.length, examples);
        PartTally tally = new PartTally(data.classCount());
        int[][] kept = {train, keptDev, keptTest};
        for (int p = 0; p < 3; p++) {
            for (int i : kept[p]) {
                tally.add(p, data.labels()[i], hash[i]);
            }
        }
        SplitManifest manifest = new SplitManifest(ContentHashSplit.METHOD, split.seed(),
                List.of(split.train(), split.dev(), split.test()), split.stratify(), data.classNames(),
                List.of(tally.part(0), tally.part(1), tally.part(2)), leakage);
        return new Split.Parts(data.subset(data.name() + "/train", train).withRole(Role.TRAIN),
                data.subset(data.name() + "/dev", keptDev).withRole(Role.DEV),
                data.subset(data.name() + "/test", keptTest).withRole(Role.TEST), manifest);
    }

    // for each probe row, the smallest reference id with bit-identical features, or null
    private static Integer[] matches(int[] probe, int[] reference, long[] hash, double[][] rows) {
        Map<Long, List<Integer>> byHash = new HashMap<>();
        for (int i : reference) {
            byHash.computeIfAbsent(hash[i], h -> new ArrayList<>(1)).add(i);
        }
        Integer[] out = new Integer[probe.length];
        for (int k = 0; k < probe.length; k++) {
            for (int i : byHash.getOrDefault(hash[probe[k]], List.of())) {
                if (sameBits(rows[i], rows[probe[k]]) && (out[k] == null || i < out[k])) {
                    out[k] = i;
                }
            }
        }
        return out;
    }

    private static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int j = 0; j < a.length; j++) {
            if (Double.doubleToLongBits(a[j]) != Double.doubleToLongBits(b[j])) {
                return false;
            }
        }
        return true;
    }

    private static void note(List<String> examples, String pair) {
        if (examples.size() < 10) {
            examples.add(pair);
        }
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] keep(int[] indices, boolean[] drop) {
        int kept = 0;
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            if (!drop[k]) {
                out[kept++] = indices[k];
            }
        }
        return Arrays.copyOf(out, kept);
    }
}
