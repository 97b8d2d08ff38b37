package dev.plumb.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.FloatMatrix;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped (recognised by content,
 * not by name). An IDX file is a 4-byte magic number {@code 00 00 <type> <rank>}, then {@code rank}
 * big-endian 32-bit dimensions, then {@code product(dims)} values of the type, big-endian, row-major.
 *
 * <p>The header is checked before anything is allocated for the data: the data may not exceed a cap
 * ({@link #MAX_DATA_BYTES} by default), and must then fill the rest of the file exactly. Every problem is
 * a {@link DataFileException} naming the file and the byte offset (in the decompressed data for a
 * gzipped file) — wrong magic, unknown type, truncated header or data, trailing bytes, damaged gzip
 * data, labels out of range — never an index, EOF or out-of-memory error.
 */
public final class IdxReader {

    /** Most dimensions a file may declare: n × height × width × channels. */
    public static final int MAX_RANK = 4;
    /** Default cap on the data section: the largest byte array Java allocates, just under 2 GiB. */
    public static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    // large buffers matter: the compressed input is read in BUFFER_BYTES blocks, the data straight into its array
    static final int BUFFER_BYTES = 1 << 16;
    // a gzipped file's data array starts at most this large and grows only as data actually arrives,
    // so a small file whose header claims a lot cannot make us allocate a lot
    private static final int INITIAL_GZIP_CAPACITY = 64 << 20;
    private static final int MAX_TRAILING_COUNTED = 1 << 20;

    private IdxReader() {
    }

    /** Reads one IDX file (plain or gzipped) with the default cap on its size. */
    public static IdxArray read(Path file) throws DataFileException {
        return read(file, MAX_DATA_BYTES);
    }

    /**
     * Reads one IDX file, refusing data sections larger than {@code maxDataBytes}.
     *
     * @param maxDataBytes in [0, {@link #MAX_DATA_BYTES}]
     */
    public static IdxArray read(Path file, long maxDataBytes) throws DataFileException {
        Objects.requireNonNull(file, "file");
        if (maxDataBytes < 0 || maxDataBytes > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("Invalid value for argument maxDataBytes: " + maxDataBytes
                    + ". Expected 0 to " + MAX_DATA_BYTES + ".");
        }
        try (InputStream in = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
            if (isGzip(buffered)) {
                GZIPInputStream gzip;
                try {
                    gzip = new GZIPInputStream(buffered, BUFFER_BYTES);
                } catch (IOException e) {
                    throw new DataFileException(file, "the gzip header is damaged (" + e.getMessage()
                            + "); fetch the file again", e);
                }
                return readIdx(new PositionedInput(file, gzip, true), maxDataBytes, -1);
            }
            return readIdx(new PositionedInput(file, buffered, false), maxDataBytes, Files.size(file));
        } catch (DataFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "file does not exist; check the path", e);
        } catch (AccessDeniedException e) {
            throw new DataFileException(file, "permission denied; make the file readable", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new DataFileException(file, "is a directory, not an IDX file; name the file itself", e);
            }
            throw new DataFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
        in.reset();
        return gzip;
    }

    /** @param fileSize the plain file's size, checked before the data is read; -1 when gzipped */
    private static IdxArray readIdx(PositionedInput in, long maxDataBytes, long fileSize) throws DataFileException {
        byte[] magic = new byte[4];
        int got = in.readFully(magic, 0, 4);
        if (got == 0) {
            throw in.error(0, "the file is empty; expected an IDX file, which starts with the magic number "
                    + "00 00 <type> <dimensions>");
        }
        for (int i = 0; i < Math.min(got, 2); i++) {
            if (magic[i] != 0) {
                throw in.error(i, String.format("not an IDX file: byte %d of the magic number is 0x%02X, expected 0x00 "
                        + "(an IDX file starts with 00 00 <type> <dimensions>); check that this is an MNIST-style IDX "
                        + "file, plain or gzipped", i, magic[i] & 0xFF));
            }
        }
        IdxType type = got > 2 ? IdxType.ofCode(magic[2] & 0xFF) : null;
        if (got > 2 && type == null) {
            throw in.error(2, String.format("unknown IDX type code 0x%02X; expected %s; the file is damaged or not IDX",
                    magic[2] & 0xFF, IdxType.validCodes()));
        }
        if (got < 4) {
            throw in.error(got, "truncated header: the file ends inside the 4-byte magic number; the file is cut "
                    + "short, fetch it again");
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_RANK) {
            throw in.error(3, "the header declares " + rank + " dimensions; expected 1 to " + MAX_RANK
                    + " (e.g. 3 for n × height × width images, 1 for labels); the file is damaged or not IDX");
        }
        int[] dims = readDims(in, rank);
        long count = product(dims);
        long dataBytes = count > Long.MAX_VALUE / type.bytes() ? Long.MAX_VALUE : count * type.bytes();
        String claim = "the header (" + describe(dims, type) + ")";
        if (dataBytes > maxDataBytes) {
            throw in.error(4, claim + " claims " + (dataBytes == Long.MAX_VALUE ? "more than 2^63" : dataBytes)
                    + " bytes of data, more than the limit of " + maxDataBytes + " bytes; the header is damaged, "
                    + "or the file is too large to load at once");
        }
        long dataStart = IdxArray.headerBytes(rank);
        long dataEnd = dataStart + dataBytes;
        if (fileSize >= 0 && fileSize < dataEnd) {
            throw truncatedData(in, claim, dataStart, dataEnd, fileSize);
        }
        if (fileSize > dataEnd) {
            throw extraBytes(in, claim, dataEnd, String.valueOf(fileSize - dataEnd));
        }
        byte[] data = readData(in, (int) dataBytes, claim, dataStart);
        long extra = in.skipToEnd(MAX_TRAILING_COUNTED);
        if (extra > 0) {
            throw extraBytes(in, claim, dataEnd, extra > MAX_TRAILING_COUNTED ? "more than " + MAX_TRAILING_COUNTED
                    : String.valueOf(extra));
        }
        return new IdxArray(type, dims, data);
    }

    private static int[] readDims(PositionedInput in, int rank) throws DataFileException {
        byte[] header = new byte[4 * rank];
        int got = in.readFully(header, 0, header.length);
        if (got < header.length) {
            int k = got / 4;
            throw in.error(4 + got, "truncated header: the file ends inside dimension " + (k + 1) + " of " + rank
                    + " (bytes " + (4 + 4 * k) + " to " + (8 + 4 * k) + "); the file is cut short, fetch it again");
        }
        int[] dims = new int[rank];
        for (int k = 0; k < rank; k++) {
            int i = 4 * k;
            dims[k] = (header[i] & 0xFF) << 24 | (header[i + 1] & 0xFF) << 16 | (header[i + 2] & 0xFF) << 8
                    | header[i + 3] & 0xFF;
            if (dims[k] < 0) {
                throw in.error(4 + i, "dimension " + (k + 1) + " of " + rank + " is "
                        + Integer.toUnsignedString(dims[k]) + String.format(" (0x%08X)", dims[k])
                        + ", beyond the 2^31 - 1 a size may be; the header is damaged");
            }
        }
        return dims;
    }

    /** The product of the dimensions, saturating at Long.MAX_VALUE (four sizes below 2^31 can overflow). */
    private static long product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        for (int d : dims) {
            p = p > Long.MAX_VALUE / d ? Long.MAX_VALUE : p * d;
        }
        return p;
    }

    private static byte[] readData(PositionedInput in, int size, String claim, long dataStart) throws DataFileException {
        byte[] data = new byte[in.gzip() ? Math.min(size, INITIAL_GZIP_CAPACITY) : size];
        int filled = 0;
        while (filled < size) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
            }
            int want = data.length - filled;
            int got = in.readFully(data, filled, want);
            filled += got;
            if (got < want) {
                throw truncatedData(in, claim, dataStart, dataStart + size, in.position());
            }
        }
        return data;
    }

    private static DataFileException truncatedData(PositionedInput in, String claim, long dataStart, long dataEnd,
                                                   long end) {
        return in.error(end, "truncated data: " + claim + " needs " + (dataEnd - dataStart) + " bytes of data (bytes "
                + dataStart + " to " + dataEnd + ") but the file ends at byte " + end + ", " + (dataEnd - end)
                + " bytes short; the file is cut short, fetch it again");
    }

    private static DataFileException extraBytes(PositionedInput in, String claim, long dataEnd, String extra) {
        return in.error(dataEnd, "extra bytes after the data: " + claim + " accounts for the data up to byte "
                + dataEnd + ", but " + extra + " more bytes follow; the dimensions do not match the data, or something "
                + "was appended to the file");
    }

    private static String describe(int[] dims, IdxType type) {
        return IdxArray.shapeString(dims) + " values of type " + type;
    }

    // ---- images and labels -----------------------------------------------------------------------------

    /** {@link #readImagesAndLabels(String, Path, Path, PixelScaling, List)} named after the image file. */
    public static Dataset readImagesAndLabels(Path images, Path labels, PixelScaling scaling, List<String> classNames)
            throws DataFileException {
        return readImagesAndLabels(String.valueOf(images.getFileName()), images, labels, scaling, classNames);
    }

    /**
     * A classification data set from an image file and a label file, MNIST-style: images are
     * {@code n × height × width} (grayscale), {@code n × height × width × channels} (1 or 3) or
     * {@code n × features}; labels are {@code n} whole numbers, each a class index into {@code classNames}.
     * Features are float32, one flattened image per row; see {@link PixelScaling} for their range.
     */
    public static Dataset readImagesAndLabels(String name, Path images, Path labels, PixelScaling scaling,
                                              List<String> classNames) throws DataFileException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scaling, "scaling");
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("Invalid argument classNames: " + classNames.size()
                    + " classes. Expected at least 2.");
        }
        // the small file first, so mistakes show before the large one is decompressed
        int[] y = readLabels(labels, classNames.size());
        IdxArray pixels = read(images);
        ImageShape shape = imageShape(images, pixels);
        int n = pixels.dim(0);
        if (n != y.length) {
            throw new DataFileException(labels, "byte 4", "holds " + y.length + " labels but the image file " + images
                    + " holds " + n + " images; expected one label per image: use the label file that belongs to "
                    + "these images", null);
        }
        float[] x = pixels.toFloatArray(scaling);
        if (!pixels.type().isInteger()) {
            for (int i = 0; i < x.length; i++) {
                if (!Float.isFinite(x[i])) {
                    throw new DataFileException(images, "byte " + pixels.byteOffset(i), "value " + pixels.get(i)
                            + " of image " + i / (x.length / n) + " is not a finite float; fix or drop that image", null);
                }
            }
        }
        FloatMatrix features = FloatMatrix.wrap(n, x.length / n, x);
        return Dataset.classification(name, features, y, classNames, List.of(), shape);
    }

    /**
     * The class index of each example in a 1-dimensional IDX file of whole numbers, each checked to be in
     * {@code [0, classCount)}.
     */
    public static int[] readLabels(Path labels, int classCount) throws DataFileException {
        IdxArray array = read(labels);
        if (array.rank() != 1) {
            throw new DataFileException(labels, "byte 3", "a label file has 1 dimension but this one has "
                    + array.rank() + " (" + array.shapeString() + "); is it an image file? Pass the labels "
                    + "(…-labels-idx1-…) file here", null);
        }
        if (!array.type().isInteger()) {
            throw new DataFileException(labels, "byte 2", "holds " + array.type() + " values; labels are class "
                    + "indices, expected a whole-number type (0x08, 0x09, 0x0B or 0x0C)", null);
        }
        int[] y = array.toIntArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classCount) {
                throw new DataFileException(labels, "byte " + array.byteOffset(i), "label " + y[i] + " of example " + i
                        + " is not a class index in [0, " + classCount + "); the labels do not match the "
                        + classCount + " class names given", null);
            }
        }
        return y;
    }

    private static ImageShape imageShape(Path images, IdxArray pixels) throws DataFileException {
        int rank = pixels.rank();
        if (rank < 2) {
            throw new DataFileException(images, "byte 3", "an image file has 2 to 4 dimensions (n × height × width, "
                    + "n × height × width × channels or n × features) but this one has 1 (" + pixels.shapeString()
                    + "); is it a label file? Pass the images (…-images-idx3-…) file here", null);
        }
        if (pixels.dim(0) == 0) {
            throw new DataFileException(images, "byte 4", "holds no images (dimensions " + pixels.shapeString()
                    + "); expected at least one", null);
        }
        for (int k = 1; k < rank; k++) {
            if (pixels.dim(k) == 0) {
                throw new DataFileException(images, "byte " + (4 + 4 * k), "dimension " + (k + 1) + " of " + rank
                        + " is 0 (" + pixels.shapeString() + "); an image needs at least one pixel", null);
            }
        }
        if (rank == 2) {
            return null;
        }
        int channels = rank == 4 ? pixels.dim(3) : 1;
        if (channels != 1 && channels != 3) {
            throw new DataFileException(images, "byte 16", "images have " + channels + " channels ("
                    + pixels.shapeString() + "); expected 1 (grayscale) or 3 (RGB)", null);
        }
        try {
            return new ImageShape(pixels.dim(1), pixels.dim(2), channels);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(images, "byte 8", "images of " + pixels.shapeString() + " are not usable: "
                    + e.getMessage(), e);
        }
    }
}
