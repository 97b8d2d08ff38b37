package dev.plumb.tensor;

/**
 * The generator behind {@link java.util.SplittableRandom}, written out so that any position of a stream can be
 * computed without running the stream up to it: {@code new SplittableRandom(seed)} holds the state s = seed and
 * its k-th {@code nextLong()} (from 1) is {@code mix64(seed + k·γ)} with γ the golden-ratio increment. What lets
 * {@link DropoutKernel} draw a mask on several threads and get the sequential stream's values; its test holds
 * this class to {@code SplittableRandom} itself.
 */
final class SplitMix {

    /** γ, SplittableRandom's increment for a generator made from a seed. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** The output function, which turns consecutive states into unrelated 64-bit values. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
