package dev.plumb.data;

import dev.plumb.tensor.Checks;

/**
 * The shape of the images behind a data set's feature rows. A row holds one image flattened in
 * height × width × channels order (row by row, channels innermost), so pixel (y, x, c) is feature
 * {@code (y·width + x)·channels + c}.
 *
 * @param height   rows of pixels, ≥ 1
 * @param width    columns of pixels, ≥ 1
 * @param channels 1 for grayscale, 3 for RGB
 */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        Checks.positive("height", height);
        Checks.positive("width", width);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Invalid value for argument channels: " + channels
                    + ". Expected 1 (grayscale) or 3 (RGB).");
        }
        if ((long) height * width * channels > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("Invalid image shape " + height + "x" + width + "x" + channels
                    + ": too many pixels per image; resize the images first");
        }
    }

    /** Number of features per image: height × width × channels. */
    public int size() {
        return height * width * channels;
    }

    /** Feature index of pixel (y, x, c). */
    public int index(int y, int x, int c) {
        return (y * width + x) * channels + c;
    }

    /**
     * Parses {@link #toString}'s form: "HEIGHTxWIDTH" (grayscale) or "HEIGHTxWIDTHxCHANNELS", e.g. 28x28x1 or 32x32x3.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static ImageShape parse(String text) {
        String[] parts = (text == null ? "" : text).trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length < 2 || parts.length > 3) {
                throw new NumberFormatException();
            }
            int channels = parts.length > 2 ? Integer.parseInt(parts[2].trim()) : 1;
            return new ImageShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), channels);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid image size '" + text
                    + "'. Expected HEIGHTxWIDTH or HEIGHTxWIDTHxCHANNELS, e.g. 28x28x1 or 32x32x3.");
        }
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
