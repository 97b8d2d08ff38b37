package dev.plumb.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import dev.plumb.tensor.Matrix;

/**
 * The part of splitting that does not depend on how the sizes were chosen: stratified allocation,
 * shuffling, the leakage check, building the parts with their roles, and the manifest.
 */
final class Partitioner {

    private Partitioner() {
    }

    /**
     * Index sets for train, dev and test by ratios. Stratified, each class is split on its own with
     * round(n_c·ratio) dev and test examples, so every part keeps each class's proportion to within one
     * example (the totals may then differ from n·ratio by a few examples).
     */
    static int[][] assignByRatios(Dataset data, double dev, double test, boolean stratify, SplittableRandom rng) {
        List<int[]> groups = groups(data, stratify);
        int[] devPer = new int[groups.size()];
        int[] testPer = new int[groups.size()];
        for (int g = 0; g < devPer.length; g++) {
            devPer[g] = (int) Math.round(groups.get(g).length * dev);
            testPer[g] = (int) Math.round(groups.get(g).length * test);
        }
        return assign(groups, devPer, testPer, stratify, rng);
    }

    /**
     * Index sets with exactly {@code nDev} dev and {@code nTest} test examples; stratified, each class
     * contributes in proportion to its size (largest remainder).
     */
    static int[][] assignByCounts(Dataset data, int nDev, int nTest, boolean stratify, SplittableRandom rng) {
        List<int[]> groups = groups(data, stratify);
        return assign(groups, allocate(groups, nDev, data.size()), allocate(groups, nTest, data.size()), stratify, rng);
    }

    private static List<int[]> groups(Dataset data, boolean stratify) {
        int n = data.size();
        List<int[]> groups = new ArrayList<>();
        if (stratify) {
            int[] counts = data.classCounts();
            int[][] byClass = new int[counts.length][];
            int[] fill = new int[counts.length];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            for (int i = 0; i < n; i++) {
                int c = data.labels()[i];
                byClass[c][fill[c]++] = i;
            }
            groups.addAll(Arrays.asList(byClass));
        } else {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            groups.add(all);
        }
        return groups;
    }

    private static int[][] assign(List<int[]> groups, int[] devPer, int[] testPer, boolean stratify, SplittableRandom rng) {
        int n = 0;
        int nDev = 0;
        int nTest = 0;
        for (int g = 0; g < groups.size(); g++) {
            n += groups.get(g).length;
            nDev += devPer[g];
            nTest += testPer[g];
        }
        int[][] out = {new int[n - nDev - nTest], new int[nDev], new int[nTest]};
        int[] fill = new int[3];
        for (int g = 0; g < groups.size(); g++) {
            int[] group = groups.get(g);
            shuffle(group, rng);
            int groupTrain = group.length - devPer[g] - testPer[g];
            for (int i = 0; i < group.length; i++) {
                int part = i < groupTrain ? 0 : i < groupTrain + devPer[g] ? 1 : 2;
                out[part][fill[part]++] = group[i];
            }
        }
        if (stratify) { // interleave the classes again
            for (int[] part : out) {
                shuffle(part, rng);
            }
        }
        return out;
    }

    // Largest-remainder allocation of 'total' across groups in proportion to their sizes.
    private static int[] allocate(List<int[]> groups, int total, int n) {
        int[] counts = new int[groups.size()];
        double[] remainder = new double[groups.size()];
        int given = 0;
        for (int g = 0; g < counts.length; g++) {
            double exact = n == 0 ? 0 : (double) total * groups.get(g).length / n;
            counts[g] = (int) Math.floor(exact);
            remainder[g] = exact - counts[g];
            given += counts[g];
        }
        Integer[] order = new Integer[counts.length];
        Arrays.setAll(order, g -> g);
        Arrays.sort(order, (a, b) -> remainder[b] != remainder[a] ? Double.compare(remainder[b], remainder[a]) : a - b);
        for (int k = 0; given < total; k = (k + 1) % counts.length) {
            counts[order[k]]++;
            given++;
        }
        return counts;
    }

    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Builds the parts of one data set from index sets: leakage check, roles, manifest. */
    static Split.Parts finish(Dataset data, int[][] parts, String method, Long seed, List<Double> settings,
                              boolean stratified, boolean dropLeaks) {
        Matrix x = data.features();
        Leaks leaks = findLeaks(x, parts[0], x, parts[1], x, parts[2]);
        int[] keptDev = dropLeaks ? keep(parts[1], leaks.dev()) : parts[1];
        int[] keptTest = dropLeaks ? keep(parts[2], leaks.test()) : parts[2];
        Dataset train = data.subset(data.name() + "/train", parts[0]).withRole(Role.TRAIN);
        Dataset dev = data.subset(data.name() + "/dev", keptDev).withRole(Role.DEV);
        Dataset test = data.subset(data.name() + "/test", keptTest).withRole(Role.TEST);
        SplitManifest manifest = new SplitManifest(method, seed, settings, stratified, data.classNames(),
                List.of(part("train", train, indexHash(parts[0])), part("dev", dev, indexHash(keptDev)),
                        part("test", test, indexHash(keptTest))),
                leaks.report(parts[1].length - keptDev.length, parts[2].length - keptTest.length));
        return new Split.Parts(train, dev, test, manifest);
    }

    /** Parts given as separate data sets (separate files): leakage check across them, roles, manifest. */
    static Split.Parts separate(Dataset train, Dataset dev, Dataset test, boolean dropLeaks) {
        int[] devRows = identity(dev.size());
        int[] testRows = identity(test.size());
        Leaks leaks = findLeaks(train.features(), identity(train.size()), dev.features(), devRows, test.features(), testRows);
        int[] keptDev = dropLeaks ? keep(devRows, leaks.dev()) : devRows;
        int[] keptTest = dropLeaks ? keep(testRows, leaks.test()) : testRows;
        Dataset tr = train.withRole(Role.TRAIN);
        Dataset dv = dev.subset(dev.name(), keptDev).withRole(Role.DEV);
        Dataset te = test.subset(test.name(), keptTest).withRole(Role.TEST);
        SplitManifest manifest = new SplitManifest("files", null, List.of(), false, train.classNames(),
                List.of(part("train", tr, contentHash(tr)), part("dev", dv, contentHash(dv)), part("test", te, contentHash(te))),
                leaks.report(devRows.length - keptDev.length, testRows.length - keptTest.length));
        return new Split.Parts(tr, dv, te, manifest);
    }

    /** Which dev and test rows duplicate an earlier part, with counts and a few named examples. */
    private record Leaks(boolean[] dev, boolean[] test, int devInTrain, int testInTrain, int testInDev, List<String> examples) {
        LeakageReport report(int removedFromDev, int removedFromTest) {
            return new LeakageReport(devInTrain, testInTrain, testInDev, removedFromDev, removedFromTest, examples);
        }
    }

    // Rows are named by their index arrays: indices into the unsplit data, or into each file.
    private static Leaks findLeaks(Matrix trX, int[] tr, Matrix dvX, int[] dv, Matrix teX, int[] te) {
        List<String> examples = new ArrayList<>();
        LeakageCheck inTrain = new LeakageCheck(trX, tr);
        boolean[] devLeak = new boolean[dv.length];
        int devInTrain = 0;
        for (int k = 0; k < dv.length; k++) {
            int match = inTrain.find(dvX, dv[k]);
            if (match >= 0) {
                devLeak[k] = true;
                devInTrain++;
                note(examples, "dev#" + dv[k] + " = train#" + tr[match]);
            }
        }
        LeakageCheck inDev = new LeakageCheck(dvX, dv);
        boolean[] testLeak = new boolean[te.length];
        int testInTrain = 0;
        int testInDev = 0;
        for (int k = 0; k < te.length; k++) {
            int match = inTrain.find(teX, te[k]);
            int devMatch = match >= 0 ? -1 : inDev.find(teX, te[k]);
            if (match >= 0) {
                testInTrain++;
                note(examples, "test#" + te[k] + " = train#" + tr[match]);
            } else if (devMatch >= 0) {
                testInDev++;
                note(examples, "test#" + te[k] + " = dev#" + dv[devMatch]);
            }
            testLeak[k] = match >= 0 || devMatch >= 0;
        }
        return new Leaks(devLeak, testLeak, devInTrain, testInTrain, testInDev, examples);
    }

    private static void note(List<String> examples, String pair) {
        if (examples.size() < 10) {
            examples.add(pair);
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
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

    private static SplitManifest.Part part(String name, Dataset data, String hash) {
        List<Integer> counts = new ArrayList<>();
        for (int c : data.classCounts()) {
            counts.add(c);
        }
        return new SplitManifest.Part(name, data.size(), counts, hash);
    }

    static String indexHash(int[] indices) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * indices.length);
        for (int i : indices) {
            bytes.putInt(i);
        }
        return sha256(bytes.array());
    }

    private static String contentHash(Dataset data) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * data.size());
        for (int i = 0; i < data.size(); i++) {
            bytes.putLong(LeakageCheck.hash(data.features(), i));
        }
        return sha256(bytes.array());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
