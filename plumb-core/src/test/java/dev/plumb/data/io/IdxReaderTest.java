package dev.plumb.data.io;

import static dev.plumb.data.io.RawIdx.DOUBLE;
import static dev.plumb.data.io.RawIdx.FLOAT;
import static dev.plumb.data.io.RawIdx.IMAGES;
import static dev.plumb.data.io.RawIdx.INT;
import static dev.plumb.data.io.RawIdx.LABELS;
import static dev.plumb.data.io.RawIdx.SBYTE;
import static dev.plumb.data.io.RawIdx.SHORT;
import static dev.plumb.data.io.RawIdx.UBYTE;
import static dev.plumb.data.io.RawIdx.concat;
import static dev.plumb.data.io.RawIdx.flat;
import static dev.plumb.data.io.RawIdx.gzip;
import static dev.plumb.data.io.RawIdx.header;
import static dev.plumb.data.io.RawIdx.threeImages;
import static dev.plumb.data.io.RawIdx.threeLabels;
import static dev.plumb.data.io.RawIdx.ubytes;
import static dev.plumb.data.io.RawIdx.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;

/**
 * {@link IdxReader} on IDX files the tests assemble byte by byte ({@link RawIdx}): values come back as
 * written, plain and gzipped, and every damaged file is one {@link DataFileException} naming the file,
 * the byte offset and the problem.
 */
class IdxReaderTest {

    @TempDir
    Path dir;

    private static final List<String> THREE_CLASSES = List.of("zero", "one", "two");
    private static final String GZ_BYTE = " of the decompressed data";

    // ---- values as written -----------------------------------------------------------------------------

    @Test
    void threeImagesComeBackAsWritten() throws IOException {
        IdxArray a = IdxReader.read(file("images.idx", threeImages()));

        assertThat(a.type()).isEqualTo(IdxType.UNSIGNED_BYTE);
        assertThat(a.dims()).containsExactly(3, 2, 3);
        assertThat(a.count()).isEqualTo(18);
        int[] written = flat(IMAGES);
        for (int i = 0; i < written.length; i++) {
            assertThat(a.get(i)).as("value %d", i).isEqualTo(written[i]);
        }
        assertThat(a.toIntArray()).containsExactly(written);
        float[] raw = a.toFloatArray(PixelScaling.RAW);
        float[] unit = a.toFloatArray(PixelScaling.UNIT_INTERVAL);
        for (int i = 0; i < written.length; i++) {
            assertThat(raw[i]).isEqualTo((float) written[i]);
            assertThat(unit[i]).as("value %d scaled", i).isEqualTo((float) (written[i] / 255.0));
        }
    }

    @Test
    void gzippedFileReadsLikeThePlainOne() throws IOException {
        IdxArray plain = IdxReader.read(file("images.idx", threeImages()));
        IdxArray gzipped = IdxReader.read(file("images.idx.gz", gzip(threeImages())));

        assertThat(gzipped).isEqualTo(plain);
        assertThat(gzipped.dims()).containsExactly(3, 2, 3);
    }

    @Test
    void gzipIsRecognisedByContentNotByName() throws IOException {
        IdxArray plainNamedGz = IdxReader.read(file("plain.gz", threeImages()));
        IdxArray gzipNamedPlain = IdxReader.read(file("gzipped.idx", gzip(threeImages())));

        assertThat(plainNamedGz.toIntArray()).containsExactly(flat(IMAGES));
        assertThat(gzipNamedPlain.toIntArray()).containsExactly(flat(IMAGES));
    }

    @Test
    void imagesAndLabelsMakeAClassificationDataset() throws IOException {
        for (boolean gzipped : new boolean[] {false, true}) {
            Path images = file("img" + gzipped, gzipped ? gzip(threeImages()) : threeImages());
            Path labels = file("lbl" + gzipped, gzipped ? gzip(threeLabels()) : threeLabels());

            Dataset d = IdxReader.readImagesAndLabels(images, labels, PixelScaling.UNIT_INTERVAL, THREE_CLASSES);

            assertThat(d.name()).isEqualTo("img" + gzipped);
            assertThat(d.size()).isEqualTo(3);
            assertThat(d.imageShape()).isEqualTo(new ImageShape(2, 3, 1));
            assertThat(d.featureCount()).isEqualTo(6);
            assertThat(d.labels()).containsExactly(LABELS);
            assertThat(d.classNames()).isEqualTo(THREE_CLASSES);
            for (int n = 0; n < 3; n++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        assertThat(d.features().get(n, d.imageShape().index(y, x, 0)))
                                .as("image %d pixel (%d, %d)", n, y, x)
                                .isEqualTo((float) (IMAGES[n][y][x] / 255.0));
                    }
                }
                for (int k = 0; k < 3; k++) {
                    assertThat(d.targets().get(n, k)).isEqualTo(k == LABELS[n] ? 1.0 : 0.0);
                }
            }
        }
    }

    @Test
    void rawScalingKeepsPixelValues() throws IOException {
        Dataset d = IdxReader.readImagesAndLabels(file("i", threeImages()), file("l", threeLabels()),
                PixelScaling.RAW, THREE_CLASSES);

        assertThat(d.features().get(0, 5)).isEqualTo(255.0);
        assertThat(d.features().get(2, 1)).isEqualTo(77.0);
    }

    @Test
    void everyTypeReadsBigEndianValuesAsWritten() throws IOException {
        IdxArray sbytes = IdxReader.read(file("s8", concat(header(SBYTE, 4), new byte[] {-128, -1, 0, 127})));
        IdxArray shorts = IdxReader.read(file("s16", concat(header(SHORT, 3), write(out -> {
            out.writeShort(-32768);
            out.writeShort(1234);
            out.writeShort(32767);
        }))));
        IdxArray ints = IdxReader.read(file("s32", concat(header(INT, 2, 2), write(out -> {
            out.writeInt(Integer.MIN_VALUE);
            out.writeInt(-1);
            out.writeInt(65536);
            out.writeInt(Integer.MAX_VALUE);
        }))));
        IdxArray floats = IdxReader.read(file("f32", concat(header(FLOAT, 4), write(out -> {
            out.writeFloat(1.5f);
            out.writeFloat(-0.0f);
            out.writeFloat(Float.MAX_VALUE);
            out.writeFloat(Float.MIN_VALUE);
        }))));
        IdxArray doubles = IdxReader.read(file("f64", concat(header(DOUBLE, 3), write(out -> {
            out.writeDouble(1e-300);
            out.writeDouble(-2.5);
            out.writeDouble(Math.PI);
        }))));

        assertThat(sbytes.type()).isEqualTo(IdxType.SIGNED_BYTE);
        assertThat(sbytes.toIntArray()).containsExactly(-128, -1, 0, 127);
        assertThat(sbytes.toFloatArray(PixelScaling.UNIT_INTERVAL)).containsExactly(-128f, -1f, 0f, 127f);
        assertThat(shorts.toIntArray()).containsExactly(-32768, 1234, 32767);
        assertThat(ints.dims()).containsExactly(2, 2);
        assertThat(ints.toIntArray()).containsExactly(Integer.MIN_VALUE, -1, 65536, Integer.MAX_VALUE);
        assertThat(floats.toFloatArray(PixelScaling.UNIT_INTERVAL))
                .containsExactly(1.5f, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE);
        assertThat(doubles.toDoubleArray()).containsExactly(1e-300, -2.5, Math.PI);
        assertThat(doubles.toFloatArray(PixelScaling.RAW)).containsExactly((float) 1e-300, -2.5f, (float) Math.PI);
        assertThatThrownBy(floats::toIntArray).isInstanceOf(IllegalStateException.class)
                .hasMessage("IDX array of 0x0D (float) values cannot be read as ints");
    }

    @Test
    void emptyDimensionMeansNoValues() throws IOException {
        IdxArray a = IdxReader.read(file("empty", header(UBYTE, 0, 28, 28)));

        assertThat(a.count()).isZero();
        assertThat(a.dims()).containsExactly(0, 28, 28);
    }

    @Test
    void colourAndFlatImageFilesGetTheirShapes() throws IOException {
        int[] twelve = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};
        Path labels = file("two-labels", ubytes(new int[] {2}, 1, 0));

        Dataset rgb = IdxReader.readImagesAndLabels(file("rgb", ubytes(new int[] {2, 1, 2, 3}, twelve)), labels,
                PixelScaling.RAW, THREE_CLASSES);
        Dataset flat = IdxReader.readImagesAndLabels(file("flat", ubytes(new int[] {2, 6}, twelve)), labels,
                PixelScaling.RAW, THREE_CLASSES);

        assertThat(rgb.imageShape()).isEqualTo(new ImageShape(1, 2, 3));
        assertThat(rgb.features().get(1, rgb.imageShape().index(0, 1, 2))).isEqualTo(110.0);
        assertThat(flat.imageShape()).isNull();
        assertThat(flat.featureCount()).isEqualTo(6);
        assertThat(flat.features().get(1, 0)).isEqualTo(60.0);
    }

    // ---- damaged files ---------------------------------------------------------------------------------

    static Stream<Arguments> corruptFiles() {
        byte[] valid = threeImages(); // 16 header bytes, 18 data bytes
        return Stream.of(
                bad("empty file", new byte[0], 0,
                        "the file is empty; expected an IDX file"),
                bad("a text file", "hello, world".getBytes(StandardCharsets.US_ASCII), 0,
                        "not an IDX file: byte 0 of the magic number is 0x68, expected 0x00"),
                bad("second magic byte not zero", new byte[] {0, 1, 8, 1, 0, 0, 0, 0}, 1,
                        "not an IDX file: byte 1 of the magic number is 0x01, expected 0x00"),
                bad("unknown type 0x0A", concat(header(0x0A, 3), new byte[3]), 2,
                        "unknown IDX type code 0x0A; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), "
                                + "0x0C (int), 0x0D (float) or 0x0E (double)"),
                bad("type 0x00", concat(header(0x00, 3), new byte[3]), 2,
                        "unknown IDX type code 0x00"),
                bad("zero dimensions", header(UBYTE), 3,
                        "the header declares 0 dimensions; expected 1 to 4"),
                bad("five dimensions", concat(header(UBYTE, 1, 1, 1, 1, 1), new byte[1]), 3,
                        "the header declares 5 dimensions; expected 1 to 4"),
                bad("truncated magic", new byte[] {0, 0, 8}, 3,
                        "truncated header: the file ends inside the 4-byte magic number"),
                bad("truncated dimensions", Arrays.copyOf(valid, 10), 10,
                        "truncated header: the file ends inside dimension 2 of 3 (bytes 8 to 12)"),
                bad("negative dimension", concat(header(UBYTE, 3, -1), new byte[3]), 8,
                        "dimension 2 of 2 is 4294967295 (0xFFFFFFFF), beyond the 2^31 - 1 a size may be"),
                bad("3 GiB claimed by a small file", concat(header(UBYTE, 3, 1024, 1024, 1024), new byte[10]), 4,
                        "the header (3x1024x1024x1024 values of type 0x08 (unsigned byte)) claims 3221225472 bytes of "
                                + "data, more than the limit of 2147483639 bytes"),
                bad("dimensions whose product overflows 64 bits",
                        header(DOUBLE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), 4,
                        "claims more than 2^63 bytes of data, more than the limit of 2147483639 bytes"),
                bad("header only", header(UBYTE, 3, 2, 3), 16,
                        "truncated data: the header (3x2x3 values of type 0x08 (unsigned byte)) needs 18 bytes of data "
                                + "(bytes 16 to 34) but the file ends at byte 16, 18 bytes short"),
                bad("last byte missing", Arrays.copyOf(valid, 33), 33,
                        "truncated data: the header (3x2x3 values of type 0x08 (unsigned byte)) needs 18 bytes of data "
                                + "(bytes 16 to 34) but the file ends at byte 33, 1 bytes short"),
                bad("half a float missing", concat(header(FLOAT, 2), new byte[6]), 14,
                        "truncated data: the header (2 values of type 0x0D (float)) needs 8 bytes of data "
                                + "(bytes 8 to 16) but the file ends at byte 14, 2 bytes short"),
                bad("two bytes appended", concat(valid, new byte[] {9, 9}), 34,
                        "extra bytes after the data: the header (3x2x3 values of type 0x08 (unsigned byte)) accounts "
                                + "for the data up to byte 34, but 2 more bytes follow"),
                bad("header counts two images of three", ubytes(new int[] {2, 2, 3}, flat(IMAGES)), 28,
                        "extra bytes after the data: the header (2x2x3 values of type 0x08 (unsigned byte)) accounts "
                                + "for the data up to byte 28, but 6 more bytes follow"));
    }

    private static Arguments bad(String description, byte[] bytes, long offset, String problem) {
        return Arguments.of(description, bytes, offset, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void damagedPlainFileIsOneDataFileExceptionAtItsByte(String description, byte[] bytes, long offset, String problem)
            throws IOException {
        Path file = file("damaged.idx", bytes);

        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ", byte " + offset + ": ")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void damagedGzippedFileIsOneDataFileExceptionAtItsDecompressedByte(String description, byte[] bytes, long offset,
                                                                       String problem) throws IOException {
        Path file = file("damaged.idx.gz", gzip(bytes));

        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ", byte " + offset + GZ_BYTE + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void everyTruncationOfAPlainFileIsReportedWhereTheFileEnds() throws IOException {
        for (byte[] full : List.of(threeImages(), threeLabels(), concat(header(DOUBLE, 2), new byte[16]))) {
            for (int length = 0; length < full.length; length++) {
                Path file = file("cut-" + length, Arrays.copyOf(full, length));

                Throwable thrown = catchThrowable(() -> IdxReader.read(file));

                assertThat(thrown).as("file cut to %d of %d bytes", length, full.length)
                        .isInstanceOf(DataFileException.class);
                assertThat(((DataFileException) thrown).location()).isEqualTo("byte " + length);
                assertThat(((DataFileException) thrown).file()).isEqualTo(file);
            }
        }
    }

    @Test
    void everyTruncationOfGzippedDataIsReportedWhereTheDataEnds() throws IOException {
        byte[] full = threeImages();
        for (int length = 0; length < full.length; length++) {
            Path file = file("cut-" + length + ".gz", gzip(Arrays.copyOf(full, length)));

            Throwable thrown = catchThrowable(() -> IdxReader.read(file));

            assertThat(thrown).as("data cut to %d of %d bytes", length, full.length)
                    .isInstanceOf(DataFileException.class);
            assertThat(((DataFileException) thrown).location()).isEqualTo("byte " + length + GZ_BYTE);
        }
    }

    @Test
    void everyTruncationOfTheCompressedBytesIsADataFileException() throws IOException {
        byte[] full = gzip(threeImages());
        for (int length = 0; length < full.length; length++) {
            Path file = file("cut-" + length + ".gz", Arrays.copyOf(full, length));

            Throwable thrown = catchThrowable(() -> IdxReader.read(file));

            assertThat(thrown).as("gzip file cut to %d of %d bytes", length, full.length)
                    .isInstanceOf(DataFileException.class);
            assertThat(thrown).hasMessageStartingWith(file + "");
        }
    }

    @Test
    void everySingleByteDamageReadsOrIsADataFileException() throws IOException {
        for (byte[] valid : List.of(threeImages(), gzip(threeImages()))) {
            for (int at = 0; at < valid.length; at++) {
                for (int damage : new int[] {0x00, 0xFF, 0x80, (valid[at] ^ 0x01) & 0xFF}) {
                    byte[] damaged = valid.clone();
                    damaged[at] = (byte) damage;
                    Path file = file("damaged", damaged);

                    Throwable thrown = catchThrowable(() -> IdxReader.read(file));

                    if (thrown != null) {
                        assertThat(thrown).as("byte %d set to 0x%02X", at, damage).isInstanceOf(DataFileException.class);
                    }
                }
            }
        }
    }

    @Test
    void damagedGzipChecksumIsReported() throws IOException {
        byte[] gz = gzip(threeImages());
        gz[gz.length - 8] ^= 0x55; // the CRC-32 of the gzip trailer
        Path file = file("crc.gz", gz);

        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessage(file + ", byte 34" + GZ_BYTE + ": the gzip data is damaged (Corrupt GZIP trailer); "
                        + "fetch the file again");
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        byte[] gz = gzip(threeImages());
        Path file = file("short.gz", Arrays.copyOf(gz, gz.length - 4));

        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ", byte 34" + GZ_BYTE + ": the gzip data ends early")
                .hasMessageContaining("the compressed file is truncated; fetch it again");
    }

    @Test
    void dataLargerThanTheCallersCapIsRefused() throws IOException {
        Path file = file("images.idx", threeImages());

        assertThat(IdxReader.read(file, 18).count()).isEqualTo(18);
        assertThatThrownBy(() -> IdxReader.read(file, 17))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ", byte 4: the header (3x2x3 values of type 0x08 (unsigned byte)) claims "
                        + "18 bytes of data, more than the limit of 17 bytes");
        assertThatThrownBy(() -> IdxReader.read(file, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value for argument maxDataBytes: -1. Expected 0 to 2147483639.");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        Path missing = dir.resolve("nope.idx");

        assertThatThrownBy(() -> IdxReader.read(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": file does not exist; check the path");
        assertThatThrownBy(() -> IdxReader.read(dir))
                .isInstanceOf(DataFileException.class)
                .hasMessage(dir + ": is a directory, not an IDX file; name the file itself");
    }

    // ---- images against labels ---------------------------------------------------------------------------

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        Path images = file("images", threeImages());
        Path labels = file("labels", ubytes(new int[] {4}, 2, 0, 1, 1));

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(images, labels, PixelScaling.UNIT_INTERVAL, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessage(labels + ", byte 4: holds 4 labels but the image file " + images + " holds 3 images; "
                        + "expected one label per image: use the label file that belongs to these images");
    }

    @Test
    void labelOutsideTheClassesIsReportedAtItsByte() throws IOException {
        Path images = file("images", threeImages());
        Path labels = file("labels", ubytes(new int[] {3}, 2, 0, 3));
        Path negative = file("signed-labels", concat(header(SBYTE, 3), new byte[] {-1, 0, 1}));

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(images, labels, PixelScaling.UNIT_INTERVAL, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessage(labels + ", byte 10: label 3 of example 2 is not a class index in [0, 3); the labels do "
                        + "not match the 3 class names given");
        assertThatThrownBy(() -> IdxReader.readLabels(negative, 3))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(negative + ", byte 8: label -1 of example 0 is not a class index in [0, 3)");
    }

    @Test
    void swappedOrWrongKindOfFilesAreNamed() throws IOException {
        Path images = file("images", threeImages());
        Path labels = file("labels", threeLabels());
        Path floatLabels = file("float-labels", concat(header(FLOAT, 1), write(out -> out.writeFloat(1f))));

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(labels, images, PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(images + ", byte 3: a label file has 1 dimension but this one has 3 (3x2x3)");
        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(labels, labels, PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(labels + ", byte 3: an image file has 2 to 4 dimensions");
        assertThatThrownBy(() -> IdxReader.readLabels(floatLabels, 3))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(floatLabels + ", byte 2: holds 0x0D (float) values; labels are class indices");
    }

    @Test
    void imageFilesThatCannotBeImagesAreNamed() throws IOException {
        Path noLabels = file("no-labels", header(UBYTE, 0));
        Path noImages = file("no-images", header(UBYTE, 0, 2, 2));
        Path twoChannels = file("two-channels", ubytes(new int[] {1, 1, 1, 2}, 5, 6));
        Path oneLabel = file("one-label", ubytes(new int[] {1}, 0));

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(noImages, noLabels, PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessage(noImages + ", byte 4: holds no images (dimensions 0x2x2); expected at least one");
        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(twoChannels, oneLabel, PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessage(twoChannels + ", byte 16: images have 2 channels (1x1x1x2); expected 1 (grayscale) or 3 (RGB)");
    }

    @Test
    void nonFinitePixelsAreReportedAtTheirByte() throws IOException {
        Path nan = file("nan", concat(header(FLOAT, 2, 1, 2), write(out -> {
            out.writeFloat(0.5f);
            out.writeFloat(1f);
            out.writeFloat(Float.NaN);
            out.writeFloat(0f);
        })));
        Path huge = file("huge", concat(header(DOUBLE, 1, 1, 1), write(out -> out.writeDouble(1e300))));
        Path labels = file("labels", ubytes(new int[] {2}, 0, 1));

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(nan, labels, PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessage(nan + ", byte 24: value NaN of image 1 is not a finite float; fix or drop that image");
        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(huge, file("label", ubytes(new int[] {1}, 0)),
                        PixelScaling.RAW, THREE_CLASSES))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(huge + ", byte 16: value 1.0E300 of image 0 is not a finite float");
    }

    @Test
    void fewerThanTwoClassNamesIsAnArgumentError() throws IOException {
        Path images = file("images", threeImages());

        assertThatThrownBy(() -> IdxReader.readImagesAndLabels(images, images, PixelScaling.RAW, List.of("only")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument classNames: 1 classes. Expected at least 2.");
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
