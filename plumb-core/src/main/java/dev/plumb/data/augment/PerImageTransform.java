package dev.plumb.data.augment;

import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;

/**
 * An augmentation whose random draws do not depend on the pixels (a shift's offsets, a flip's coin, a rotation's
 * angle), so it can draw for a whole batch first and transform each image afterwards. That lets
 * {@link ImagePipeline} run several of them, and the pixel-space round trip of {@link InPixelSpace}, image by
 * image on one scratch row — one read and one write of each image instead of one per step — with the very draws
 * and roundings of applying them one after another to the batch.
 */
interface PerImageTransform {

    /**
     * Draws the parameters of {@code images} images from {@code rng}, in row order, exactly as
     * {@link Augmentation#apply} would draw them for a batch of that many rows.
     */
    void draw(int images, RandomGenerator rng);

    /**
     * Transforms image {@code image} (with the parameters of the last {@link #draw}) in {@code pixels}, in place;
     * {@code scratch} holds at least as many values as the image. Returns false when the image is unchanged.
     */
    boolean transform(int image, double[] pixels, double[] scratch, ImageShape shape);

    /**
     * True when every value a transform writes is a value of the image or 0 (a shift, a flip: pixels move, none is
     * computed), so an image of float32 values stays one and needs no rounding after this step.
     */
    default boolean movesValuesOnly() {
        return false;
    }
}
