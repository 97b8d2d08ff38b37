package dev.plumb.data.augment;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * A random, label-preserving change to images, applied on the fly to training mini-batches (the note's
 * 2.3, "other regularization": flips, shifts, small rotations and distortions make more training
 * images out of the ones we have). Never applied to dev or test data, nor in eval mode.
 *
 * <p>{@link #apply} transforms every row of {@code batch} in place; a row holds one image flattened as
 * {@link ImageShape} describes (channels innermost), and a pixel's channels always move together. Each
 * image gets its own random draw, taken from {@code rng} in row order, so the same generator state gives
 * the same result. For a seeded, reproducible stream use {@link Augmenter}.
 *
 * <p>Implementations keep a scratch row that grows to the largest image seen, so {@code apply} allocates
 * nothing once warm. That scratch makes an instance <b>not thread-safe</b>: give each thread its own.
 */
public interface Augmentation {

    /** Transforms every image (row) of {@code batch} in place, drawing randomness from {@code rng}. */
    void apply(Matrix batch, ImageShape shape, RandomGenerator rng);

    /** The spec this augmentation parses from, e.g. {@code "shift=2"}: {@code parse(id())} gives an equivalent augmentation. */
    String id();

    /**
     * Throws {@link IllegalArgumentException} if this augmentation cannot apply to images of
     * {@code shape} (e.g. a shift as wide as the image), so a trainer can fail before its first epoch.
     */
    default void requireApplicable(ImageShape shape) {
    }

    /** The augmentation that changes nothing; its id is {@code "none"}. */
    static Augmentation none() {
        return new Compose(List.of());
    }

    /**
     * Parses the command-line syntax: a comma-separated list applied in order, e.g.
     * {@code "flip,shift=2,rotate=10,noise=0.05"}, or {@code "none"}. Items:
     * <ul>
     * <li>{@code flip} or {@code flip=probability} — {@link HorizontalFlip} (default probability 0.5)</li>
     * <li>{@code shift=pixels}, {@code shift=pixels:zero} or {@code shift=pixels:edge} — {@link RandomShift}
     * (zero padding unless {@code :edge})</li>
     * <li>{@code rotate=maxDegrees} — {@link RandomRotation}</li>
     * <li>{@code noise=std} or {@code noise=std:min:max} — {@link GaussianNoise}, optionally clamped</li>
     * </ul>
     * One item gives that augmentation, several a {@link Compose}.
     *
     * @throws IllegalArgumentException naming the offending item and listing what is allowed
     */
    static Augmentation parse(String spec) {
        return AugmentationSyntax.parse(spec);
    }
}
