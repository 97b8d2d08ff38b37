package dev.plumb.data.augment;

import java.util.random.RandomGenerator;

import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * Rotates each image about its centre by an angle drawn uniformly from [−maxDegrees, maxDegrees] (one
 * per image; positive is counter-clockwise as displayed, y pointing down), with bilinear interpolation
 * and zero fill where the rotated image uncovers pixels. Meant for small rotations, as the note says:
 * at most 45°, beyond which a 6 may turn into a 9.
 *
 * <p>Each output pixel is sampled at its inverse-rotated position: with the centre
 * (cx, cy) = ((width − 1)/2, (height − 1)/2) and (u, v) = (x − cx, y − cy),
 * source = (cx + u·cosθ − v·sinθ, cy + u·sinθ + v·cosθ), and the value there is the bilinear blend of
 * its four neighbouring pixels (outside pixels count as 0), channel by channel.
 *
 * <p>Draws every image's angle first, then rotates the images ({@link ImagePipeline}). Keeps scratch rows; not
 * thread-safe (see {@link Augmentation}).
 */
public final class RandomRotation implements Augmentation, PerImageTransform {

    public static final double MAX_DEGREES = 45;

    // a source position this close to a pixel centre is taken as on it, so multiples of 90° permute
    // pixels exactly instead of leaking cos(90°) ≈ 6e-17 of a neighbour
    private static final double SNAP = 1e-9;

    private final double maxDegrees;
    private final PerImageTransform[] self = {this};
    private final ImagePipeline pipeline = new ImagePipeline();
    private double[] angles = new double[0];
    private double[] columnTerms = new double[0];

    /** @param maxDegrees largest rotation either way, in (0, 45] */
    public RandomRotation(double maxDegrees) {
        if (!(maxDegrees > 0 && maxDegrees <= MAX_DEGREES)) {
            throw new IllegalArgumentException("Invalid value for argument maxDegrees: " + maxDegrees
                    + ". Expected degrees in (0, 45]; augmentation rotations are small, e.g. 10.");
        }
        this.maxDegrees = maxDegrees;
    }

    public double maxDegrees() {
        return maxDegrees;
    }

    @Override
    public void apply(Matrix batch, ImageShape shape, RandomGenerator rng) {
        ImageRows.requireImages(batch, shape);
        pipeline.apply(self, batch, shape, rng, null, null);
    }

    @Override
    public void draw(int images, RandomGenerator rng) {
        angles = ImageRows.grow(angles, images);
        for (int i = 0; i < images; i++) {
            angles[i] = rng.nextDouble(-maxDegrees, maxDegrees);
        }
    }

    @Override
    public boolean transform(int image, double[] pixels, double[] scratch, ImageShape shape) {
        if (shape.channels() == 1) {
            columnTerms = ImageRows.grow(columnTerms, 2 * shape.width());
            rotateGray(pixels, scratch, shape, angles[image], columnTerms);
        } else {
            rotate(pixels, scratch, shape, angles[image]);
        }
        System.arraycopy(scratch, 0, pixels, 0, shape.size());
        return true;
    }

    /**
     * {@link #rotate} for one channel, with the same arithmetic in the same order — so the same values — and less
     * of it: the products u·cosθ and u·sinθ of each column are computed once per image rather than once per pixel,
     * v·sinθ and v·cosθ once per row, and a pixel whose four neighbours are all inside the image skips the four
     * bounds tests. {@code terms} holds 2 × width values.
     */
    static void rotateGray(double[] source, double[] target, ImageShape shape, double degrees, double[] terms) {
        int h = shape.height();
        int w = shape.width();
        double radians = Math.toRadians(degrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int x = 0; x < w; x++) {
            double u = x - cx;
            terms[x] = cx + u * cos;       // sx = (cx + u·cosθ) − v·sinθ, as Java evaluates cx + u·cos − v·sin
            terms[w + x] = cy + u * sin;   // sy = (cy + u·sinθ) + v·cosθ
        }
        for (int y = 0; y < h; y++) {
            double v = y - cy;
            double vSin = v * sin;
            double vCos = v * cos;
            for (int x = 0, to = y * w; x < w; x++, to++) {
                double sx = snap(terms[x] - vSin);
                double sy = snap(terms[w + x] + vCos);
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int p00 = y0 * w + x0;
                double w00;
                double w01;
                double w10;
                double w11;
                if (x0 >= 0 && x0 + 1 < w && y0 >= 0 && y0 + 1 < h) {
                    w00 = (1 - fx) * (1 - fy);
                    w01 = fx * (1 - fy);
                    w10 = (1 - fx) * fy;
                    w11 = fx * fy;
                } else {
                    w00 = inside(x0, y0, w, h) ? (1 - fx) * (1 - fy) : 0;
                    w01 = inside(x0 + 1, y0, w, h) ? fx * (1 - fy) : 0;
                    w10 = inside(x0, y0 + 1, w, h) ? (1 - fx) * fy : 0;
                    w11 = inside(x0 + 1, y0 + 1, w, h) ? fx * fy : 0;
                }
                double value = 0;
                if (w00 != 0) {
                    value += w00 * source[p00];
                }
                if (w01 != 0) {
                    value += w01 * source[p00 + 1];
                }
                if (w10 != 0) {
                    value += w10 * source[p00 + w];
                }
                if (w11 != 0) {
                    value += w11 * source[p00 + w + 1];
                }
                target[to] = value;
            }
        }
    }

    /** Writes {@code source} rotated by {@code degrees} (any angle) into {@code target}. */
    static void rotate(double[] source, double[] target, ImageShape shape, double degrees) {
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        double radians = Math.toRadians(degrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            double v = y - cy;
            for (int x = 0; x < w; x++) {
                double u = x - cx;
                double sx = snap(cx + u * cos - v * sin);
                double sy = snap(cy + u * sin + v * cos);
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                // bilinear weights of the four neighbours; a neighbour outside the image contributes 0
                double w00 = inside(x0, y0, w, h) ? (1 - fx) * (1 - fy) : 0;
                double w01 = inside(x0 + 1, y0, w, h) ? fx * (1 - fy) : 0;
                double w10 = inside(x0, y0 + 1, w, h) ? (1 - fx) * fy : 0;
                double w11 = inside(x0 + 1, y0 + 1, w, h) ? fx * fy : 0;
                int p00 = (y0 * w + x0) * c;
                int p10 = p00 + w * c;
                int to = (y * w + x) * c;
                for (int k = 0; k < c; k++) {
                    double value = 0;
                    if (w00 != 0) {
                        value += w00 * source[p00 + k];
                    }
                    if (w01 != 0) {
                        value += w01 * source[p00 + c + k];
                    }
                    if (w10 != 0) {
                        value += w10 * source[p10 + k];
                    }
                    if (w11 != 0) {
                        value += w11 * source[p10 + c + k];
                    }
                    target[to + k] = value;
                }
            }
        }
    }

    private static boolean inside(int x, int y, int w, int h) {
        return x >= 0 && x < w && y >= 0 && y < h;
    }

    private static double snap(double s) {
        double nearest = Math.rint(s);
        return Math.abs(s - nearest) < SNAP ? nearest : s;
    }

    @Override
    public String id() {
        return "rotate=" + maxDegrees;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomRotation r && Double.compare(maxDegrees, r.maxDegrees) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(maxDegrees);
    }

    @Override
    public String toString() {
        return "RandomRotation(maxDegrees=" + maxDegrees + ")";
    }
}
