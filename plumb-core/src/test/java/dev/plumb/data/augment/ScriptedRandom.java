package dev.plumb.data.augment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/**
 * A random generator that returns scripted values, so a test knows exactly which shift, angle or flip
 * an augmentation draws. Any draw that was not scripted fails the test.
 */
final class ScriptedRandom implements RandomGenerator {

    private final Deque<Number> values = new ArrayDeque<>();

    static ScriptedRandom of(Number... values) {
        ScriptedRandom r = new ScriptedRandom();
        for (Number v : values) {
            r.values.add(v);
        }
        return r;
    }

    boolean exhausted() {
        return values.isEmpty();
    }

    private Number next(String draw) {
        Number v = values.poll();
        if (v == null) {
            throw new AssertionError("unscripted draw: " + draw);
        }
        return v;
    }

    @Override
    public int nextInt(int origin, int bound) {
        int v = next("nextInt(" + origin + ", " + bound + ")").intValue();
        if (v < origin || v >= bound) {
            throw new AssertionError("scripted " + v + " is outside [" + origin + ", " + bound + ")");
        }
        return v;
    }

    @Override
    public double nextDouble() {
        return next("nextDouble()").doubleValue();
    }

    @Override
    public double nextDouble(double origin, double bound) {
        double v = next("nextDouble(" + origin + ", " + bound + ")").doubleValue();
        if (v < origin || v >= bound) {
            throw new AssertionError("scripted " + v + " is outside [" + origin + ", " + bound + ")");
        }
        return v;
    }

    @Override
    public double nextGaussian() {
        return next("nextGaussian()").doubleValue();
    }

    @Override
    public long nextLong() {
        throw new AssertionError("unscripted draw: nextLong()");
    }
}
