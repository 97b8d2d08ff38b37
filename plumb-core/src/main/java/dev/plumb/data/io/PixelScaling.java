package dev.plumb.data.io;

/**
 * How {@link IdxReader} turns stored values into feature values.
 *
 * <p>Only unsigned-byte files (the MNIST family: pixel intensities 0–255) are rescaled; values of the
 * other IDX types are read as stored, because the format does not say what range they span.
 */
public enum PixelScaling {
    /** Unsigned-byte values v become v / 255, in [0, 1]: the usual input range for image models. */
    UNIT_INTERVAL,
    /** Values as stored: 0–255 for unsigned-byte images. */
    RAW
}
