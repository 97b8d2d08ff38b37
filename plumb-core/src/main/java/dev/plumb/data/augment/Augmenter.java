package dev.plumb.data.augment;

import java.util.Objects;
import java.util.SplittableRandom;

import dev.plumb.data.ImageShape;
import dev.plumb.data.Normalizer;
import dev.plumb.tensor.Matrix;

/**
 * An {@link Augmentation} bound to the images it transforms and to a seeded random stream, so a
 * training run is reproducible: the same seed and the same sequence of calls give the same augmented
 * batches.
 *
 * <p>Use in a training loop: {@link #beginEpoch} at the start of each epoch, then {@link #augment} on
 * each training mini-batch after it is gathered and before the forward pass. Never on dev or test data,
 * never in eval mode. Like the trainer's shuffle, epoch k's stream depends only on (seed, k), so a run
 * resumed at epoch k augments exactly as the uninterrupted run did; the stream is salted so it is not
 * the shuffle's stream when both use the same seed. Until the first {@code beginEpoch} the stream is
 * epoch 0's.
 *
 * <p>{@code augment} allocates nothing once warm; {@code beginEpoch} allocates one generator. Not
 * thread-safe (see {@link Augmentation}).
 */
public final class Augmenter {

    // keeps augmentation draws apart from other streams seeded with the same run seed (the shuffle's)
    private static final long SALT = 0x6A09E667F3BCC909L;

    private final Augmentation augmentation;
    private final ImageShape shape;
    private final long seed;
    private SplittableRandom rng;
    private int epoch;

    /**
     * For batches of raw pixels.
     *
     * @param shape the shape of each row's image ({@code Dataset.imageShape()}); must not be null
     * @throws IllegalArgumentException if the data is not images or the augmentation cannot apply to them
     */
    public Augmenter(Augmentation augmentation, ImageShape shape, long seed) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        if (shape == null) {
            throw new IllegalArgumentException("Invalid argument shape: null. Augmentation transforms images, and this "
                    + "data set has no image shape (Dataset.imageShape() is null); train without augmentation.");
        }
        augmentation.requireApplicable(shape);
        this.shape = shape;
        this.seed = seed;
        beginEpoch(0);
    }

    /**
     * For standardized batches: augments in pixel space through {@link InPixelSpace}, with the
     * standardizer fitted on the training set.
     */
    public Augmenter(Augmentation augmentation, ImageShape shape, Normalizer standardizer, long seed) {
        this(new InPixelSpace(augmentation, standardizer), shape, seed);
    }

    /** Restarts the random stream at the one of {@code epoch}, derived from (seed, epoch) only. */
    public void beginEpoch(int epoch) {
        this.epoch = epoch;
        this.rng = new SplittableRandom(streamSeed(seed, epoch));
    }

    /** Augments every image (row) of {@code batch} in place. */
    public void augment(Matrix batch) {
        augmentation.apply(batch, shape, rng);
    }

    // SplitMix64's finalizer: neighbouring (seed, epoch) pairs get unrelated streams
    private static long streamSeed(long seed, int epoch) {
        long z = (seed ^ SALT) + (epoch + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    public ImageShape shape() {
        return shape;
    }

    public long seed() {
        return seed;
    }

    /** The epoch whose stream is in use. */
    public int epoch() {
        return epoch;
    }

    /** The augmentation's spec, for the run record, e.g. {@code "flip=0.5,shift=2"}. */
    public String id() {
        return augmentation.id();
    }

    @Override
    public String toString() {
        return "Augmenter(" + augmentation.id() + ", images " + shape + ", seed " + seed + ")";
    }
}
