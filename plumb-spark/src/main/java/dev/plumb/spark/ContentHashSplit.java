package dev.plumb.spark;

import java.io.Serializable;
import java.util.Objects;

import dev.plumb.data.Split;

/**
 * Which part (train, dev or test) a row falls in, as a pure function of the row's feature values and the
 * seed: nothing else (not its position, not the partition it sits in, not the number of partitions or
 * executors) enters, so the same rows give the same assignment on one machine, on {@code local[2]} and on a
 * cluster. Serializable, so Spark ships it to the executors inside a map.
 *
 * <p>Each row draws u = mix(seed, hash of its features) uniformly in [0, 1) and goes to train if
 * u &lt; train, to dev if u &lt; train + dev, else to test. Two consequences:
 * <ul>
 *   <li>Rows with the same features always land in the same part, so this split never puts an exact
 *       duplicate on both sides ({@link SparkLeakageCheck} still checks, and checks parts given separately).</li>
 *   <li>It is stratified per class in expectation: u does not depend on the label, so in each class c of
 *       n_c rows the number in a part of ratio p is Binomial(n_c, p), mean n_c·p and standard deviation
 *       √(n_c·p·(1 − p)). The core's {@link Split} allocates round(n_c·p) exactly, which needs the whole class
 *       in one place; this split needs no count and no shuffle.</li>
 * </ul>
 *
 * <p>Holds only the ratios and the seed (the core's {@link Split} is not serializable); {@code stratify} is recorded in
 * the manifest, and {@code dropLeaks} removes dev and test rows that duplicate an earlier part, which by the first
 * consequence only happens for parts that did not come from this split.
 */
public final class ContentHashSplit implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The manifest's method name for this split. */
    public static final String METHOD = "content-hash";

    public static final int TRAIN = 0;
    public static final int DEV = 1;
    public static final int TEST = 2;

    private final double train;
    private final double dev;
    private final long seed;

    /** The assignment of {@code split}'s ratios and seed. */
    public ContentHashSplit(Split split) {
        Objects.requireNonNull(split, "split");
        this.train = split.train();
        this.dev = split.dev();
        this.seed = split.seed();
    }

    /** The part (0 train, 1 dev, 2 test) of a row with these feature values. */
    public int part(double[] features) {
        return partOf(uniform(RowHash.features(features), seed));
    }

    /** The part of a row whose feature hash ({@link RowHash#features}) is {@code featureHash}. */
    public int partOfHash(long featureHash) {
        return partOf(uniform(featureHash, seed));
    }

    private int partOf(double u) {
        if (u < train) {
            return TRAIN;
        }
        return u < train + dev ? DEV : TEST;
    }

    /** u in [0, 1) from the row hash and the seed: the top 53 bits of a SplitMix64 finalizer of both. */
    static double uniform(long featureHash, long seed) {
        long z = RowHash.mix64(featureHash ^ RowHash.mix64(seed + 0x9e3779b97f4a7c15L));
        return (z >>> 11) * 0x1.0p-53;
    }

    /** "train", "dev" or "test". */
    public static String name(int part) {
        return switch (part) {
            case TRAIN -> "train";
            case DEV -> "dev";
            case TEST -> "test";
            default -> throw new IllegalArgumentException("Invalid part " + part + ". Expected 0 (train), 1 (dev) or 2 (test).");
        };
    }
}
