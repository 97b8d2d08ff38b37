package dev.plumb.data.io;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

import dev.plumb.data.ImageShape;

/**
 * A decoded image as one feature row of a given {@link ImageShape}: channel conversion, area-average
 * resizing and scaling, all in double precision.
 *
 * <ul>
 *   <li>Grayscale sources (one colour component, no palette) are read from the raster as stored,
 *       scaled from their bit depth to [0, 255]: a PNG gray value of 128 is 128. (Going through
 *       {@link BufferedImage#getRGB} instead would pass them through Java's linear-gray to sRGB
 *       conversion and change them.)</li>
 *   <li>Everything else (RGB, palette, other colour spaces) is read as 8-bit sRGB via
 *       {@link BufferedImage#getRGB}.</li>
 *   <li>RGB to grayscale uses the ITU-R BT.601 luma, L = 0.299 R + 0.587 G + 0.114 B (what Pillow's
 *       {@code convert("L")} uses), unrounded; a pixel with R = G = B keeps that value exactly.
 *       Grayscale to RGB repeats the gray value in all three channels.</li>
 *   <li>Alpha is dropped, not composited: a transparent pixel keeps its colour values.</li>
 * </ul>
 */
final class ImagePixels {

    // ITU-R BT.601 luma weights
    private static final double LUMA_R = 0.299;
    private static final double LUMA_G = 0.587;
    private static final double LUMA_B = 0.114;

    private ImagePixels() {
    }

    /** {@code image} as a row of {@code shape.size()} values, pixel (y, x, c) at {@code shape.index(y, x, c)}. */
    static double[] toRow(BufferedImage image, ImageShape shape, boolean scaleToUnit) {
        int h = image.getHeight();
        int w = image.getWidth();
        int c = shape.channels();
        int th = shape.height();
        int tw = shape.width();
        AreaAverage across = AreaAverage.of(w, tw);
        AreaAverage down = AreaAverage.of(h, th);
        // one pass per axis, one source row at a time: memory is h × tw × c, never a second full-size copy
        double[] source = new double[w * c];
        double[] narrowed = new double[h * tw * c];
        RowReader reader = rowReader(image, c);
        for (int y = 0; y < h; y++) {
            reader.read(y, source);
            for (int k = 0; k < c; k++) {
                across.apply(source, k, c, narrowed, y * tw * c + k, c);
            }
        }
        double[] out = new double[th * tw * c];
        for (int column = 0; column < tw * c; column++) {
            down.apply(narrowed, column, tw * c, out, column, tw * c);
        }
        if (scaleToUnit) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= 255;
            }
        }
        return out;
    }

    /** Reads source row y as {@code width × channels} values in [0, 255]. */
    private interface RowReader {
        void read(int y, double[] out);
    }

    private static RowReader rowReader(BufferedImage image, int channels) {
        int w = image.getWidth();
        ColorModel model = image.getColorModel();
        if (!(model instanceof IndexColorModel) && model.getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            double max = (1L << model.getComponentSize(0)) - 1;
            int[] samples = new int[w];
            return (y, out) -> {
                raster.getSamples(0, y, w, 1, 0, samples);
                for (int x = 0; x < w; x++) {
                    double gray = samples[x] * 255.0 / max;
                    for (int k = 0; k < channels; k++) {
                        out[x * channels + k] = gray;
                    }
                }
            };
        }
        int[] argb = new int[w];
        return (y, out) -> {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int r = (argb[x] >> 16) & 0xff;
                int g = (argb[x] >> 8) & 0xff;
                int b = argb[x] & 0xff;
                if (channels == 3) {
                    out[3 * x] = r;
                    out[3 * x + 1] = g;
                    out[3 * x + 2] = b;
                } else {
                    out[x] = r == g && g == b ? r : LUMA_R * r + LUMA_G * g + LUMA_B * b;
                }
            }
        };
    }
}
