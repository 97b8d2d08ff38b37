package dev.plumb.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.DType;

/**
 * {@link ImageFolderReader} on small folders written by the tests. The reference for every pixel is the
 * value the test wrote; conversions are recomputed here from their formulas.
 */
class ImageFolderReaderTest {

    @TempDir
    Path root;

    // ---- pixel values ----------------------------------------------------------------------------------

    @Test
    void grayscalePngsAreReadAsStoredScaledToUnitRowByRow() throws IOException {
        int[][] cat = {{0, 64, 255}, {128, 1, 200}}; // 2 high, 3 wide
        int[][] dog = {{10, 20, 30}, {40, 50, 60}};
        writeGray(root.resolve("cat/a.png"), cat);
        writeGray(root.resolve("dog/a.png"), dog);

        Dataset data = ImageFolderReader.read(root, ImageFolderOptions.requireExact(new ImageShape(2, 3, 1)), DType.FLOAT64);

        assertThat(data.classNames()).containsExactly("cat", "dog");
        assertThat(data.labels()).containsExactly(0, 1);
        assertThat(data.imageShape()).isEqualTo(new ImageShape(2, 3, 1));
        assertThat(data.features().row(0)).containsExactly(
                new double[] {0 / 255.0, 64 / 255.0, 255 / 255.0, 128 / 255.0, 1 / 255.0, 200 / 255.0}, within(1e-15));
        assertThat(data.features().row(1)).containsExactly(
                new double[] {10 / 255.0, 20 / 255.0, 30 / 255.0, 40 / 255.0, 50 / 255.0, 60 / 255.0}, within(1e-15));
    }

    @Test
    void sixteenBitGrayAndOneBitPalettePngsAreScaledFromTheirBitDepth() throws IOException {
        BufferedImage deep = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = {0, 32768, 65535};
        for (int x = 0; x < 3; x++) {
            deep.getRaster().setSample(x, 0, 0, samples[x]);
        }
        write(deep, "png", root.resolve("a/deep.png"));
        BufferedImage binary = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY); // black/white palette
        binary.getRaster().setSample(1, 0, 0, 1);
        write(binary, "png", root.resolve("b/binary.png"));

        Dataset data = ImageFolderReader.read(root, ImageFolderOptions.requireExact(new ImageShape(1, 3, 1)), DType.FLOAT64);

        assertThat(data.features().row(0)).containsExactly(new double[] {0, 32768 / 65535.0, 1}, within(1e-15));
        assertThat(data.features().row(1)).containsExactly(0, 1, 0);
    }

    @Test
    void rgbPixelsAreHeightWidthChannelsWithChannelsInnermost() throws IOException {
        int[][] rgb = {{0xFF0000, 0x00FF00, 0x0000FF}, {0x102030, 0x405060, 0xFFFFFF}};
        writeRgb(root.resolve("a/x.png"), rgb);
        writeRgb(root.resolve("b/x.png"), rgb);
        ImageShape shape = new ImageShape(2, 3, 3);

        Dataset data = ImageFolderReader.read(root, rawValues(ImageFolderOptions.requireExact(shape)), DType.FLOAT64);

        double[] row = data.features().row(0);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                int p = rgb[y][x];
                int base = (y * 3 + x) * 3; // (y·width + x)·channels + c
                assertThat(row[base]).as("R at (%d, %d)", y, x).isEqualTo((p >> 16) & 0xff);
                assertThat(row[base + 1]).as("G at (%d, %d)", y, x).isEqualTo((p >> 8) & 0xff);
                assertThat(row[base + 2]).as("B at (%d, %d)", y, x).isEqualTo(p & 0xff);
                assertThat(shape.index(y, x, 2)).isEqualTo(base + 2);
            }
        }
    }

    @Test
    void rgbToGrayscaleIsTheBt601Luma() throws IOException {
        int[][] rgb = {{0xFF0000, 0x00FF00}, {0x0000FF, 0x336699}};
        writeRgb(root.resolve("a/x.png"), rgb);
        writeRgb(root.resolve("b/x.png"), rgb);

        Dataset data = ImageFolderReader.read(root, ImageFolderOptions.requireExact(new ImageShape(2, 2, 1)), DType.FLOAT64);

        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            int p = rgb[i / 2][i % 2];
            // L = 0.299 R + 0.587 G + 0.114 B, then scaled to [0, 1]
            expected[i] = (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255;
        }
        assertThat(data.features().row(0)).containsExactly(expected, within(1e-12));
    }

    @Test
    void grayscaleToRgbRepeatsTheGrayValue() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[][] {{7, 250}});
        writeGray(root.resolve("b/x.png"), new int[][] {{0, 0}});

        Dataset data = ImageFolderReader.read(root, rawValues(ImageFolderOptions.requireExact(new ImageShape(1, 2, 3))),
                DType.FLOAT32);

        assertThat(data.features().row(0)).containsExactly(7, 7, 7, 250, 250, 250);
    }

    @Test
    void bmpGifAndJpegAreReadToo() throws IOException {
        // 8×8 images whose 4×4 quadrants are flat, so shrinking to 2×2 gives the quadrant values exactly.
        // (8 rows, because the JDK's GIF writer and reader do not round-trip interlaced GIFs under 8 rows.)
        int[] quadrants = {0, 100, 200, 255};
        BufferedImage bmp = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage gif = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage jpeg = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int g = quadrants[(y / 4) * 2 + x / 4];
                bmp.setRGB(x, y, g << 16 | g << 8 | g);
                gif.getRaster().setSample(x, y, 0, g);
                jpeg.setRGB(x, y, 0x808080);
            }
        }
        write(bmp, "bmp", root.resolve("bmp/x.bmp"));
        write(gif, "gif", root.resolve("gif/x.gif"));
        write(jpeg, "jpeg", root.resolve("jpeg/x.jpg"));

        Dataset data = ImageFolderReader.read(root, rawValues(ImageFolderOptions.resize(new ImageShape(2, 2, 1))),
                DType.FLOAT64);

        assertThat(data.classNames()).containsExactly("bmp", "gif", "jpeg");
        assertThat(data.features().row(0)).as("BMP, lossless").containsExactly(0, 100, 200, 255);
        assertThat(data.features().row(1)).as("GIF, lossless for 256 grays").containsExactly(0, 100, 200, 255);
        assertThat(data.features().row(2)).as("JPEG is lossy: a flat gray comes back within a few levels")
                .containsExactly(new double[] {128, 128, 128, 128}, within(3.0));
    }

    @Test
    void rowsComeClassByClassInFileNameOrder() throws IOException {
        writeGray(root.resolve("b/2.png"), new int[][] {{4}});
        writeGray(root.resolve("b/10.png"), new int[][] {{3}});
        writeGray(root.resolve("a/z.png"), new int[][] {{2}});
        writeGray(root.resolve("a/y.png"), new int[][] {{1}});
        ImageFolderOptions options = rawValues(ImageFolderOptions.requireExact(new ImageShape(1, 1, 1)));

        Dataset data = ImageFolderReader.read(root, options, DType.FLOAT64);

        // names compare as strings: "10.png" < "2.png"
        assertThat(data.features().toDoubleArray()).containsExactly(1, 2, 3, 4);
        assertThat(data.labels()).containsExactly(0, 0, 1, 1);
        assertThat(data.name()).isEqualTo(root.getFileName().toString());
        assertThat(ImageFolderReader.read(root, options, DType.FLOAT64).features().contentEquals(data.features())).isTrue();
    }

    @Test
    void readImageGivesTheSameRowAsTheFolder() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        int[][] rgb = new int[5][7];
        for (int[] line : rgb) {
            Arrays.setAll(line, i -> random.nextInt(0x1000000));
        }
        writeRgb(root.resolve("a/x.png"), rgb);
        writeRgb(root.resolve("b/x.png"), new int[][] {{0}});
        ImageFolderOptions options = ImageFolderOptions.resize(new ImageShape(3, 4, 3));

        Dataset data = ImageFolderReader.read(root, options, DType.FLOAT64);

        assertThat(ImageFolderReader.readImage(root.resolve("a/x.png"), options)).containsExactly(data.features().row(0));
    }

    // ---- resizing ----------------------------------------------------------------------------------------

    @Test
    void resizingAConstantImageGivesTheConstant() throws IOException {
        int[][] constant = new int[4][4];
        for (int[] line : constant) {
            Arrays.fill(line, 77);
        }
        writeGray(root.resolve("a/x.png"), constant);
        writeGray(root.resolve("b/x.png"), constant);

        Dataset data = ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(2, 2, 1)), DType.FLOAT64);

        assertThat(data.features().toDoubleArray()).hasSize(8).containsOnly(77 / 255.0);
    }

    @Test
    void shrinkingByTwoAveragesEachTwoByTwoBlock() throws IOException {
        int[][] pixels = {
                {0, 10, 20, 30},
                {40, 50, 60, 70},
                {80, 90, 100, 110},
                {120, 130, 140, 255}};
        writeGray(root.resolve("a/x.png"), pixels);
        writeGray(root.resolve("b/x.png"), pixels);

        Dataset data = ImageFolderReader.read(root, rawValues(ImageFolderOptions.resize(new ImageShape(2, 2, 1))),
                DType.FLOAT64);

        double[] expected = new double[4];
        for (int by = 0; by < 2; by++) {
            for (int bx = 0; bx < 2; bx++) {
                expected[by * 2 + bx] = (pixels[2 * by][2 * bx] + pixels[2 * by][2 * bx + 1]
                        + pixels[2 * by + 1][2 * bx] + pixels[2 * by + 1][2 * bx + 1]) / 4.0;
            }
        }
        assertThat(data.features().row(0)).containsExactly(expected, within(1e-12));
    }

    @Test
    void shrinkingByANonIntegerFactorWeighsPixelsByOverlap() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[][] {{30, 60, 90}}); // 1 high, 3 wide → 2 wide
        writeGray(root.resolve("b/x.png"), new int[][] {{0, 0, 0}});

        Dataset data = ImageFolderReader.read(root, rawValues(ImageFolderOptions.resize(new ImageShape(1, 2, 1))),
                DType.FLOAT64);

        // target pixel 0 covers source [0, 1.5): 1 × 30 + 0.5 × 60 over 1.5; pixel 1 covers [1.5, 3)
        assertThat(data.features().row(0)).containsExactly(
                new double[] {(30 + 0.5 * 60) / 1.5, (0.5 * 60 + 90) / 1.5}, within(1e-12));
    }

    @Test
    void requireExactRejectsAnotherSizeNamingTheFileAndItsSize() throws IOException {
        writeGray(root.resolve("a/ok.png"), new int[4][4]);
        writeGray(root.resolve("b/wide.png"), new int[4][5]);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.requireExact(new ImageShape(4, 4, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(root.resolve("b/wide.png") + ": ")
                .hasMessageContaining("image is 5 pixels wide and 4 high, but exactly 4 wide and 4 high is required");
    }

    // ---- damaged and hostile files -----------------------------------------------------------------------

    @Test
    void aTruncatedPngIsRejectedNamingTheFile() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int[][] noise = new int[16][16]; // noise, so the compressed data is long enough to cut
        for (int[] line : noise) {
            Arrays.setAll(line, i -> random.nextInt(0x1000000));
        }
        writeRgb(root.resolve("a/ok.png"), noise);
        Path cut = root.resolve("b/cut.png");
        writeRgb(cut, noise);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.requireExact(new ImageShape(16, 16, 3)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(cut + ": damaged PNG image: it cannot be decoded")
                .hasMessageContaining("truncated or corrupt")
                .satisfies(e -> assertThat(((DataFileException) e).file()).isEqualTo(cut));
    }

    @Test
    void aTruncatedJpegIsRejectedThoughItsDecoderOnlyWarns() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        BufferedImage noise = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                noise.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        write(noise, "jpeg", root.resolve("a/ok.jpg"));
        Path cut = root.resolve("b/cut.jpg");
        write(noise, "jpeg", cut);
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));

        // the JPEG decoder fills in the missing part and only warns; a warning counts as damage
        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(4, 4, 3)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(cut + ": damaged JPEG image: the decoder reported '");
    }

    @Test
    void aTextFileNamedPngIsRejectedNamingTheFile() throws IOException {
        writeGray(root.resolve("a/ok.png"), new int[][] {{1}});
        Path fake = root.resolve("b/x.png");
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "this is not an image\n");

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(fake + ": not a PNG, JPEG, GIF or BMP image (its content is not recognized, whatever its name"
                        + " says); remove it or move it out of the class folder");
    }

    @Test
    void anImageInAnotherFormatIsRejectedNamingTheFormat() throws IOException {
        writeGray(root.resolve("a/ok.png"), new int[][] {{1}});
        Path tiff = root.resolve("b/x.tif");
        write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "tiff", tiff);

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(tiff + ": a TIF image; supported formats are PNG, JPEG, GIF or BMP."
                        + " Convert it or move it out of the class folder");
    }

    @Test
    void aHeaderClaimingTenGigapixelsIsRejectedBeforeDecoding() throws IOException {
        writeGray(root.resolve("a/ok.png"), new int[][] {{1}});
        Path bomb = root.resolve("b/bomb.png");
        Files.createDirectories(bomb.getParent());
        Files.write(bomb, pngHeaderOnly(100_000, 100_000));

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(8, 8, 3)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(bomb + ": PNG image of 100000x100000 pixels (width x height, 10000000000 pixels), more than"
                        + " the limit of 50000000 pixels; shrink the image, remove it, or raise maxPixels")
                .hasNoCause(); // the decoder was never asked for pixels: the file has none to give
    }

    @Test
    void thePixelLimitIsAnOption() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[4][4]);
        writeGray(root.resolve("b/x.png"), new int[3][3]);
        ImageFolderOptions options = new ImageFolderOptions(new ImageShape(2, 2, 1), ImageFolderOptions.SizeMode.RESIZE,
                true, 10);

        assertThatThrownBy(() -> ImageFolderReader.read(root, options, DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(root.resolve("a/x.png") + ": PNG image of 4x4 pixels (width x height, 16 pixels),"
                        + " more than the limit of 10 pixels");
        assertThatThrownBy(() -> new ImageFolderOptions(new ImageShape(2, 2, 1), ImageFolderOptions.SizeMode.RESIZE, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid value for argument maxPixels: 0.");
    }

    // ---- folder layout -----------------------------------------------------------------------------------

    @Test
    void dotfilesAreSkippedAndFilesBesideTheClassFoldersIgnored() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[][] {{1}});
        writeGray(root.resolve("b/x.png"), new int[][] {{2}});
        Files.writeString(root.resolve("a/.DS_Store"), "Finder junk");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main");
        Files.writeString(root.resolve("README.txt"), "two classes");

        Dataset data = ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)), DType.FLOAT32);

        assertThat(data.classNames()).containsExactly("a", "b");
        assertThat(data.size()).isEqualTo(2);
    }

    @Test
    void anEmptyClassFolderIsRejectedNamingIt() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[][] {{1}});
        writeGray(root.resolve("b/x.png"), new int[][] {{1}});
        Files.createDirectories(root.resolve("c"));
        Files.writeString(root.resolve("c/.DS_Store"), "");

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root.resolve("c") + ": class folder 'c' holds no images; add some or remove the folder");
    }

    @Test
    void aSingleClassIsRejected() throws IOException {
        writeGray(root.resolve("only/x.png"), new int[][] {{1}});

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(root + ": 1 class folder ('only'); expected at least 2, one sub-folder of images per class");
    }

    @Test
    void aFolderInsideAClassFolderIsRejected() throws IOException {
        writeGray(root.resolve("a/x.png"), new int[][] {{1}});
        writeGray(root.resolve("b/more/x.png"), new int[][] {{1}});

        assertThatThrownBy(() -> ImageFolderReader.read(root, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(root.resolve("b/more") + ": a folder inside class folder 'b'");
    }

    @Test
    void aMissingFolderIsRejected() {
        Path missing = root.resolve("nope");

        assertThatThrownBy(() -> ImageFolderReader.read(missing, ImageFolderOptions.resize(new ImageShape(1, 1, 1)),
                DType.FLOAT32))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": no such directory");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ImageFolderOptions rawValues(ImageFolderOptions options) {
        return new ImageFolderOptions(options.shape(), options.sizeMode(), false, options.maxPixels());
    }

    /** An 8-bit grayscale PNG; {@code values[y][x]}. */
    private static void writeGray(Path file, int[][] values) throws IOException {
        BufferedImage image = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < values.length; y++) {
            for (int x = 0; x < values[0].length; x++) {
                image.getRaster().setSample(x, y, 0, values[y][x]);
            }
        }
        write(image, "png", file);
    }

    /** A 24-bit RGB PNG; {@code rgb[y][x]} is 0xRRGGBB. */
    private static void writeRgb(Path file, int[][] rgb) throws IOException {
        BufferedImage image = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rgb.length; y++) {
            for (int x = 0; x < rgb[0].length; x++) {
                image.setRGB(x, y, rgb[y][x]);
            }
        }
        write(image, "png", file);
    }

    private static void write(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, format, file.toFile())).as("a %s writer exists", format).isTrue();
    }

    /** A PNG signature, an IHDR chunk (8-bit RGB, correct CRC) claiming width × height, and IEND: no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8) // bit depth
                .put((byte) 2) // colour type: RGB
                .put((byte) 0).put((byte) 0).put((byte) 0); // compression, filter, interlace
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /** length, type, data, CRC-32 of type and data (PNG specification, section 5.3). */
    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }
}
