package dev.plumb.data.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Reads an image classification data set from a folder with one sub-folder per class:
 *
 * <pre>
 * pets/
 *   cat/  001.png  002.jpg …
 *   dog/  001.png  …
 * </pre>
 *
 * <p>Class names are the sub-folder names in sorted order; rows come class by class, files in name
 * order, so the same folder always gives the same data set. Dotfiles ({@code .DS_Store}) are skipped and
 * files next to the class folders are ignored; every other file in a class folder must be a PNG, JPEG,
 * GIF or BMP image, recognized by its content (not its name). For a GIF, the first frame is read.
 * How pixels become features (grayscale and RGB conversion, resizing, alpha) is described in
 * {@link ImagePixels}; {@link #readImage} applies the same steps to one file, for predictions on new
 * images.
 *
 * <p>Every problem is a {@link DataFileException} naming the file: not an image, an unsupported
 * format, a corrupt or truncated image (a decoder warning counts as damage), an image larger than
 * {@link ImageFolderOptions#maxPixels()} (checked from the header before any pixel is decoded, so a
 * crafted header cannot exhaust memory), a size other than the target in
 * {@link ImageFolderOptions.SizeMode#REQUIRE_EXACT} mode, an empty class folder, fewer than two classes.
 */
public final class ImageFolderReader {

    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");
    private static final String SUPPORTED = "PNG, JPEG, GIF or BMP";

    private ImageFolderReader() {
    }

    /**
     * Reads every image under {@code root} into a classification data set named after the folder, whose
     * rows have the options' {@link ImageShape} and whose features are in {@code dtype}.
     */
    public static Dataset read(Path root, ImageFolderOptions options, DType dtype) throws DataFileException {
        List<ClassFolders.ClassFolder> classes = ClassFolders.list(root, "images");
        ImageShape shape = options.shape();
        int count = classes.stream().mapToInt(c -> c.files().size()).sum();
        if ((long) count * shape.size() > Integer.MAX_VALUE - 8) {
            throw new DataFileException(root, count + " images of " + shape + " = " + shape.size()
                    + " values each do not fit in one matrix (at most " + (Integer.MAX_VALUE - 8)
                    + " values); use a smaller target shape or fewer images");
        }
        Matrix features = Matrix.zeros(dtype, count, shape.size());
        int[] labels = new int[count];
        List<String> classNames = new ArrayList<>();
        int row = 0;
        for (int label = 0; label < classes.size(); label++) {
            classNames.add(classes.get(label).name());
            for (Path file : classes.get(label).files()) {
                double[] pixels = readImage(file, options);
                for (int j = 0; j < pixels.length; j++) {
                    features.set(row * pixels.length + j, pixels[j]);
                }
                labels[row++] = label;
            }
        }
        Path folderName = root.getFileName();
        return Dataset.classification(folderName == null ? root.toString() : folderName.toString(), features, labels,
                classNames, List.of(), shape);
    }

    /**
     * One image file as a feature row of {@code options.shape().size()} values, pixel (y, x, c) at
     * {@code shape.index(y, x, c)}, exactly as {@link #read} would produce it.
     */
    public static double[] readImage(Path file, ImageFolderOptions options) throws DataFileException {
        ImageInputStream in;
        try {
            in = ImageIO.createImageInputStream(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(file, "cannot be opened: " + e, e);
        }
        if (in == null) {
            throw new DataFileException(file, "cannot be opened for reading");
        }
        try (in) {
            ImageReader reader = supportedReader(file, in);
            try {
                return decode(file, reader, in, options);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException(file, "cannot be read: " + e, e);
        }
    }

    private static double[] decode(Path file, ImageReader reader, ImageInputStream in, ImageFolderOptions options)
            throws DataFileException {
        String format = formatName(reader);
        reader.setInput(in, true, true);
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(file, "damaged " + format + " image: its header cannot be read (" + e.getMessage()
                    + "); re-export the image or remove it", e);
        }
        if (width <= 0 || height <= 0) {
            throw new DataFileException(file, "damaged " + format + " image: its header claims a size of " + width + "x"
                    + height + " pixels; re-export the image or remove it");
        }
        long pixels = (long) width * height;
        if (pixels > options.maxPixels()) {
            throw new DataFileException(file, format + " image of " + width + "x" + height + " pixels (width x height, "
                    + pixels + " pixels), more than the limit of " + options.maxPixels()
                    + " pixels; shrink the image, remove it, or raise maxPixels");
        }
        ImageShape shape = options.shape();
        if (options.sizeMode() == ImageFolderOptions.SizeMode.REQUIRE_EXACT
                && (width != shape.width() || height != shape.height())) {
            throw new DataFileException(file, "image is " + width + " pixels wide and " + height
                    + " high, but exactly " + shape.width() + " wide and " + shape.height() + " high is required (shape "
                    + shape + ", height x width x channels); resize it, or read with SizeMode.RESIZE");
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            // the JDK decoders throw runtime exceptions too (array indices, negative sizes) on corrupt input
            throw new DataFileException(file, "damaged " + format + " image: it cannot be decoded (" + describe(e)
                    + "); the file may be truncated or corrupt. Re-export the image or remove it", e);
        }
        if (!warnings.isEmpty()) {
            throw new DataFileException(file, "damaged " + format + " image: the decoder reported '" + warnings.get(0)
                    + "'; the file may be truncated or corrupt. Re-export the image or remove it");
        }
        return ImagePixels.toRow(image, shape, options.scaleToUnit());
    }

    /** The first reader for one of the supported formats that recognizes the content; others are disposed. */
    private static ImageReader supportedReader(Path file, ImageInputStream in) throws DataFileException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        String otherFormat = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = formatName(reader);
            if (FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
                return reader;
            }
            otherFormat = otherFormat == null ? format : otherFormat;
            reader.dispose();
        }
        if (otherFormat != null) {
            throw new DataFileException(file, "a " + otherFormat + " image; supported formats are " + SUPPORTED
                    + ". Convert it or move it out of the class folder");
        }
        throw new DataFileException(file, "not a " + SUPPORTED + " image (its content is not recognized, whatever its"
                + " name says); remove it or move it out of the class folder");
    }

    private static String formatName(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown-format";
        }
    }

    /** The exception and its causes: a decoder puts the useful part in a cause ("Unexpected end of ZLIB input stream"). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
            text.append(", caused by ").append(cause);
        }
        return text.toString();
    }
}
