package dev.plumb.data.augment;

import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * Mirrors each image left–right, x → width − 1 − x, with probability {@code probability} (one draw per
 * image). A pixel's channels move as a unit and keep their order. Flipping twice restores the image
 * exactly. Only for data whose label survives a mirror (objects, animals; not text, not digits).
 *
 * <p>Draws every image's coin first, then mirrors the images ({@link ImagePipeline}). Keeps scratch rows; not
 * thread-safe (see {@link Augmentation}).
 */
public final class HorizontalFlip implements Augmentation, PerImageTransform {

    public static final double DEFAULT_PROBABILITY = 0.5;

    private final double probability;
    private final PerImageTransform[] self = {this};
    private final ImagePipeline pipeline = new ImagePipeline();
    private boolean[] flips = new boolean[0];

    /** Flips half the images. */
    public HorizontalFlip() {
        this(DEFAULT_PROBABILITY);
    }

    /** @param probability chance that an image is flipped, in [0, 1] */
    public HorizontalFlip(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("Invalid value for argument probability: " + probability
                    + ". Expected a probability in [0, 1]; 0.5 flips half the images.");
        }
        this.probability = probability;
    }

    public double probability() {
        return probability;
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        pipeline.apply(self, batch, shape, rng, null, null);
    }

    @Override
    public void draw(int images, RandomGenerator rng) {
        if (flips.length < images) {
            flips = new boolean[images];
        }
        for (int i = 0; i < images; i++) {
            flips[i] = rng.nextDouble() < probability; // nextDouble is in [0, 1): p = 0 never flips, p = 1 always
        }
    }

    /** Pixels move (or become 0 at the edges); none is computed. */
    @Override
    public boolean movesValuesOnly() {
        return true;
    }

    @Override
    public boolean transform(int image, double[] pixels, double[] scratch, ImageShape shape) {
        if (!flips[image]) {
            return false;
        }
        mirror(pixels, shape);
        return true;
    }

    /** Mirrors the image in {@code pixels} in place. */
    static void mirror(double[] pixels, ImageShape shape) {
        int w = shape.width();
        int c = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            for (int left = 0, right = w - 1; left < right; left++, right--) {
                int a = (y * w + left) * c;
                int b = (y * w + right) * c;
                for (int k = 0; k < c; k++) {
                    double t = pixels[a + k];
                    pixels[a + k] = pixels[b + k];
                    pixels[b + k] = t;
                }
            }
        }
    }

    @Override
    public String id() {
        return "flip=" + probability;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HorizontalFlip f && Double.compare(probability, f.probability) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(probability);
    }

    @Override
    public String toString() {
        return "HorizontalFlip(probability=" + probability + ")";
    }
}
