package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.ImageFolderOptions;
import dev.plumb.data.io.ImageFolderReader;
import dev.plumb.tensor.DType;

/**
 * {@link ImageFolderReader#read}: a class folder holding any bytes as an image file is read, or rejected with
 * a {@link DataFileException} naming the file ("not an image, an unsupported format, a corrupt or truncated
 * image, an image larger than maxPixels (checked from the header before any pixel is decoded, so a crafted
 * header cannot exhaust memory)"). The folder is {@code pets/a/reference.png} (a valid 2×2 image) and
 * {@code pets/b/input} (the fuzzer's bytes), read resized to 4×4 gray and required to be exactly 4×4 RGB. A
 * folder that is read gives two rows of the target shape with values in [0, 1].
 *
 * <p>The pixel limit is one megapixel ({@link #MAX_PIXELS}), set as a caller would for small images; decoding
 * up to that many pixels is the reader's documented allowance, so the allocation bound grants 16 bytes per
 * allowed pixel (a 16-bit RGBA raster is 8).
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/ImageFolderReaderFuzzTestInputs/read/}. Fuzz locally with
 * {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test -Dtest='ImageFolderReaderFuzzTest#read'
 * -Dsurefire.failIfNoSpecifiedTests=false} (see {@code package-info.java}).
 */
@Tag("fuzz")
class ImageFolderReaderFuzzTest {

    private static final long MAX_PIXELS = 1 << 20;
    private static final ReaderContract CONTRACT = ReaderContract.of("ImageFolderReader.read", DataFileException.class)
            .withFixedAllowance(16 * MAX_PIXELS);
    private static final List<ImageFolderOptions> OPTIONS = List.of(
            new ImageFolderOptions(new ImageShape(4, 4, 1), ImageFolderOptions.SizeMode.RESIZE, true, MAX_PIXELS),
            new ImageFolderOptions(new ImageShape(4, 4, 3), ImageFolderOptions.SizeMode.REQUIRE_EXACT, true, MAX_PIXELS));

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        Path root = work.resolve("pets");
        Path reference = root.resolve("a").resolve("reference.png");
        if (!Files.exists(reference)) {
            writeReference(reference);
        }
        Path file = root.resolve("b").resolve("input");
        Files.createDirectories(file.getParent());
        Files.write(file, input);
        for (ImageFolderOptions options : OPTIONS) {
            Dataset data = CONTRACT.readOrReject(root, input.length,
                    () -> ImageFolderReader.read(root, options, DType.FLOAT32));
            if (data != null) {
                assertThat(data.features().rows()).isEqualTo(2);
                assertThat(data.features().cols()).isEqualTo(options.shape().size());
                for (int i = 0; i < data.features().size(); i++) {
                    assertThat(data.features().get(i)).isBetween(0.0, 1.0);
                }
            }
        }
    }

    private static void writeReference(Path file) {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF8000);
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
