package dev.plumb.spark;

/**
 * 64-bit hashes of a row's content, over the bit patterns of its values (so 0.0 and −0.0 differ, as in the
 * core's leakage check). {@link #features} is the same function as the core's {@code LeakageCheck.hash}, so a row
 * hashes alike on one machine and on Spark.
 */
public final class RowHash {

    private RowHash() {
    }

    /** FNV-1a, mixed a long at a time, over the features' bit patterns (the core's LeakageCheck hash). */
    public static long features(double[] x) {
        long h = 0xcbf29ce484222325L;
        for (double v : x) {
            h ^= Double.doubleToLongBits(v);
            h *= 0x100000001b3L;
            h ^= h >>> 29;
        }
        return h;
    }

    /** A hash of the whole example, features and label: what a part's content hash sums. */
    public static long example(long featureHash, int label) {
        return mix64(featureHash ^ mix64(label + 0x632be59bd9b4e019L));
    }

    /** SplitMix64's finalizer: a bijection of the longs that spreads every input bit over the output. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
