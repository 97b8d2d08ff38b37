package dev.plumb.data.io;

import java.util.Objects;

import dev.plumb.data.ImageShape;

/**
 * How {@link ImageFolderReader} turns image files into rows.
 *
 * @param shape       the shape of every row: height × width, and channels 1 (grayscale) or 3 (RGB)
 * @param sizeMode    what to do with an image whose size differs from {@code shape}
 * @param scaleToUnit divide pixel values by 255 so they lie in [0, 1]; when false they stay in [0, 255]
 * @param maxPixels   the largest image (width × height, read from the file's header before decoding)
 *                    accepted; a larger one is an error, so a crafted header cannot exhaust memory
 */
public record ImageFolderOptions(ImageShape shape, SizeMode sizeMode, boolean scaleToUnit, long maxPixels) {

    /** 50 megapixels: a large photograph; decoded as RGB it takes about 150 MB. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** What to do when an image's size differs from the target shape. */
    public enum SizeMode {
        /**
         * Resize to the target height × width by area averaging (each target pixel is the mean of the
         * source area it covers, weighted by overlap), computed in double precision, so the result is
         * deterministic. The aspect ratio is not kept: crop or pad beforehand if it matters.
         */
        RESIZE,
        /** Reject the image, naming the file and its actual size. */
        REQUIRE_EXACT
    }

    public ImageFolderOptions {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(sizeMode, "sizeMode");
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("Invalid value for argument maxPixels: " + maxPixels
                    + ". Expected a positive number of pixels, e.g. " + DEFAULT_MAX_PIXELS + ".");
        }
    }

    /** Resize every image to {@code shape}, values scaled to [0, 1], the default pixel limit. */
    public static ImageFolderOptions resize(ImageShape shape) {
        return new ImageFolderOptions(shape, SizeMode.RESIZE, true, DEFAULT_MAX_PIXELS);
    }

    /** Require every image to be exactly {@code shape}'s size, values scaled to [0, 1], the default pixel limit. */
    public static ImageFolderOptions requireExact(ImageShape shape) {
        return new ImageFolderOptions(shape, SizeMode.REQUIRE_EXACT, true, DEFAULT_MAX_PIXELS);
    }
}
