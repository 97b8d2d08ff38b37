package dev.plumb.data.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * Shifts each image by dx, dy drawn uniformly from the integers in [−maxPixels, maxPixels] (one pair per
 * image; positive dx moves content right, positive dy down): out(y, x) = in(y − dy, x − dx). Pixels
 * shifted in from outside the image are filled per {@link Padding}. With zero padding this is exactly
 * the usual "pad by maxPixels, then crop a random window of the original size".
 *
 * <p>Draws every image's offsets first, then moves each image a row segment at a time ({@link ImagePipeline}).
 * Keeps scratch rows; not thread-safe (see {@link Augmentation}).
 */
public final class RandomShift implements Augmentation, PerImageTransform {

    /** What fills the pixels a shift uncovers. */
    public enum Padding {
        /** Zero (black, or the value 0 of whatever the batch holds): the usual pad-and-crop. */
        ZERO,
        /** A copy of the nearest edge pixel; no artificial border, but smears the edge. */
        EDGE
    }

    private final int maxPixels;
    private final Padding padding;
    private final PerImageTransform[] self = {this};
    private final ImagePipeline pipeline = new ImagePipeline();
    private int[] dxs = new int[0];
    private int[] dys = new int[0];

    /** Zero padding. */
    public RandomShift(int maxPixels) {
        this(maxPixels, Padding.ZERO);
    }

    /**
     * @param maxPixels largest shift along each axis, ≥ 0 and smaller than both image sides
     *                  (checked against the images in {@link #requireApplicable})
     * @param padding   what fills the uncovered pixels
     */
    public RandomShift(int maxPixels, Padding padding) {
        if (maxPixels < 0) {
            throw new IllegalArgumentException("Invalid value for argument maxPixels: " + maxPixels
                    + ". Expected an integer >= 0 and smaller than the image's height and width.");
        }
        this.maxPixels = maxPixels;
        this.padding = Objects.requireNonNull(padding, "padding");
    }

    public int maxPixels() {
        return maxPixels;
    }

    public Padding padding() {
        return padding;
    }

    @Override
    public void requireApplicable(ImageShape shape) {
        int side = Math.min(shape.height(), shape.width());
        if (maxPixels >= side) {
            throw new IllegalArgumentException("Invalid value for argument maxPixels: " + maxPixels + " for images of "
                    + shape + ". Expected maxPixels < " + side + " (the shorter image side); a shift that large "
                    + "can move the whole image out of view.");
        }
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        requireApplicable(shape);
        pipeline.apply(self, batch, shape, rng, null, null);
    }

    @Override
    public void draw(int images, RandomGenerator rng) {
        dxs = ImageRows.grow(dxs, images);
        dys = ImageRows.grow(dys, images);
        for (int i = 0; i < images; i++) {
            dxs[i] = rng.nextInt(-maxPixels, maxPixels + 1);
            dys[i] = rng.nextInt(-maxPixels, maxPixels + 1);
        }
    }

    /** Pixels move (or become 0 at the edges); none is computed. */
    @Override
    public boolean movesValuesOnly() {
        return true;
    }

    @Override
    public boolean transform(int image, double[] pixels, double[] scratch, ImageShape shape) {
        int dx = dxs[image];
        int dy = dys[image];
        if (dx == 0 && dy == 0) {
            return false;
        }
        if (padding == Padding.ZERO) {
            shiftByRows(pixels, scratch, shape, dx, dy);
        } else {
            shift(pixels, scratch, shape, dx, dy, padding);
        }
        System.arraycopy(scratch, 0, pixels, 0, shape.size());
        return true;
    }

    /**
     * {@link #shift} with zero padding, a row segment at a time: each output row is a copy of part of one input
     * row (a pixel's channels are adjacent, so a run of pixels is one run of values) between runs of zeros.
     */
    static void shiftByRows(double[] source, double[] target, ImageShape shape, int dx, int dy) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int rowLength = w * c;
        int fromX = Math.max(0, dx);          // the output columns that come from inside the image
        int toX = Math.min(w, w + dx);
        for (int y = 0; y < h; y++) {
            int to = y * rowLength;
            int sy = y - dy;
            if (sy < 0 || sy >= h || fromX >= toX) {
                java.util.Arrays.fill(target, to, to + rowLength, 0.0);
                continue;
            }
            java.util.Arrays.fill(target, to, to + fromX * c, 0.0);
            System.arraycopy(source, sy * rowLength + (fromX - dx) * c, target, to + fromX * c, (toX - fromX) * c);
            java.util.Arrays.fill(target, to + toX * c, to + rowLength, 0.0);
        }
    }

    /** Writes {@code source} shifted by (dx, dy) into {@code target}: out(y, x) = in(y − dy, x − dx). */
    static void shift(double[] source, double[] target, ImageShape shape, int dx, int dy, Padding padding) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        for (int y = 0; y < h; y++) {
            int sy = y - dy;
            for (int x = 0; x < w; x++) {
                int sx = x - dx;
                int to = (y * w + x) * c;
                boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                if (!inside && padding == Padding.ZERO) {
                    for (int k = 0; k < c; k++) {
                        target[to + k] = 0;
                    }
                    continue;
                }
                // inside, or edge padding: the nearest pixel of the image
                int from = (clamp(sy, h) * w + clamp(sx, w)) * c;
                for (int k = 0; k < c; k++) {
                    target[to + k] = source[from + k];
                }
            }
        }
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : v >= size ? size - 1 : v;
    }

    @Override
    public String id() {
        return "shift=" + maxPixels + (padding == Padding.EDGE ? ":edge" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomShift s && maxPixels == s.maxPixels && padding == s.padding;
    }

    @Override
    public int hashCode() {
        return 31 * maxPixels + padding.hashCode();
    }

    @Override
    public String toString() {
        return "RandomShift(maxPixels=" + maxPixels + ", padding=" + padding + ")";
    }
}
