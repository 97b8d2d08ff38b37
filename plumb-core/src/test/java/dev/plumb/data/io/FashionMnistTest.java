package dev.plumb.data.io;

import static dev.plumb.data.io.RawIdx.gzip;
import static dev.plumb.data.io.RawIdx.ubytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;
import dev.plumb.tensor.Matrix;

/**
 * {@link FashionMnist}: finding the four files, the errors when they are not there, and — when the
 * Debian package {@code dataset-fashion-mnist} is installed — the real data set's published facts.
 */
class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void missingDirectorySaysHowToInstall() {
        Path missing = dir.resolve("no-such-dir");

        assertThatThrownBy(() -> FashionMnist.train(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(missing + ": Fashion-MNIST directory does not exist; install it with "
                        + "'apt-get install dataset-fashion-mnist'")
                .hasMessageContaining("or pass a directory holding the four IDX files train-images-idx3-ubyte.gz, "
                        + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aFileInsteadOfADirectoryIsNamed() throws IOException {
        Path file = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[0]);

        assertThatThrownBy(() -> FashionMnist.test(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(file + ": is not a directory; install it with");
    }

    @Test
    void missingFileIsNamedWithBothAcceptedForms() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(tinyImages(2)));

        assertThatThrownBy(() -> FashionMnist.train(dir))
                .isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(dir.resolve("train-labels-idx1-ubyte.gz") + ": missing: the Fashion-MNIST "
                        + "directory " + dir + " holds neither train-labels-idx1-ubyte.gz nor train-labels-idx1-ubyte; "
                        + "install it with 'apt-get install dataset-fashion-mnist'");
    }

    @Test
    void uncompressedFilesAreReadWhenTheGzippedOnesAreAbsent() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), tinyImages(2));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), ubytes(new int[] {2}, 9, 0));

        Dataset test = FashionMnist.test(dir);

        assertThat(test.name()).isEqualTo("fashion-mnist test");
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.labels()).containsExactly(9, 0);
        assertThat(test.classNames().get(9)).isEqualTo("Ankle boot");
        assertThat(test.imageShape()).isEqualTo(new ImageShape(28, 28, 1));
        assertThat(test.features().get(1, 783)).isEqualTo((float) (((1 * 784 + 783) % 256) / 255.0));
    }

    @Test
    void imagesOfAnotherSizeAreNotFashionMnist() throws IOException {
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(ubytes(new int[] {1, 2, 2}, 1, 2, 3, 4)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(ubytes(new int[] {1}, 3)));

        assertThatThrownBy(() -> FashionMnist.train(dir))
                .isInstanceOf(DataFileException.class)
                .hasMessage(images + ": holds images of 2x2x1 pixels, but Fashion-MNIST images are 28x28x1; "
                        + "the directory holds another data set");
    }

    /** {@code n} 28×28 unsigned-byte images; pixel i of the file holds i mod 256. */
    private static byte[] tinyImages(int n) {
        int[] pixels = new int[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i % 256;
        }
        return ubytes(new int[] {n, 28, 28}, pixels);
    }

    /**
     * The installed files. Reference values: the data set's documentation (60,000 / 10,000 images, 28×28,
     * 6,000 per class in train), the header bytes of the files ({@code zcat … | od}: the first train labels are
     * 9 0 0 3, the first test labels 9 2 1 1), and the mean pixel computed independently in Python
     * (72.94035223214286 of 255 in train, 73.14656658163265 in test).
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Installed {

        // loaded once for the class (PER_CLASS lifecycle): the training set is 190 MB of floats
        Dataset train;
        Dataset test;

        // checked per test, not in @BeforeAll, so that each test is reported as skipped with the reason
        @BeforeEach
        void loadOnce() throws IOException {
            assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY), "Fashion-MNIST is not installed in "
                    + FashionMnist.DEFAULT_DIRECTORY + "; run 'apt-get install dataset-fashion-mnist' to test it");
            if (train == null) {
                train = FashionMnist.train();
                test = FashionMnist.test();
            }
        }

        @Test
        void sizesShapeAndClasses() {
            assertThat(train.size()).isEqualTo(60_000);
            assertThat(test.size()).isEqualTo(10_000);
            for (Dataset d : new Dataset[] {train, test}) {
                assertThat(d.imageShape()).isEqualTo(new ImageShape(28, 28, 1));
                assertThat(d.featureCount()).isEqualTo(784);
                assertThat(d.classCount()).isEqualTo(10);
                assertThat(d.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
            }
            assertThat(train.name()).isEqualTo("fashion-mnist train");
        }

        @Test
        void classesAreBalanced() {
            assertThat(classCounts(train)).containsOnly(6_000);
            assertThat(classCounts(test)).containsOnly(1_000);
            assertThat(train.labels()).startsWith(9, 0, 0, 3);
            assertThat(test.labels()).startsWith(9, 2, 1, 1);
        }

        @Test
        void pixelsAreScaledToTheUnitInterval() {
            for (Dataset d : new Dataset[] {train, test}) {
                Matrix x = d.features();
                double min = Double.MAX_VALUE;
                double max = -Double.MAX_VALUE;
                for (int i = 0; i < x.size(); i++) {
                    min = Math.min(min, x.get(i));
                    max = Math.max(max, x.get(i));
                }
                assertThat(min).isEqualTo(0.0);
                assertThat(max).isEqualTo(1.0);
            }
            assertThat(mean(train.features())).isCloseTo(72.94035223214286 / 255, within(1e-7));
            assertThat(mean(test.features())).isCloseTo(73.14656658163265 / 255, within(1e-7));
        }

        @Test
        void rawScalingKeepsByteValues() throws IOException {
            Dataset raw = FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY, PixelScaling.RAW);

            assertThat(mean(raw.features())).isCloseTo(73.14656658163265, within(1e-7));
        }

        private int[] classCounts(Dataset d) {
            int[] counts = new int[d.classCount()];
            for (int label : d.labels()) {
                counts[label]++;
            }
            return counts;
        }

        private double mean(Matrix x) {
            double sum = 0;
            for (int i = 0; i < x.size(); i++) {
                sum += x.get(i);
            }
            return sum / x.size();
        }
    }
}
