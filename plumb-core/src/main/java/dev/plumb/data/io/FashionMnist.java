package dev.plumb.data.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.ImageShape;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 28×28 grayscale images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, read from the four IDX files of the original
 * distribution. Plumb does not bundle them: the Debian package {@code dataset-fashion-mnist} installs
 * them in {@link #DEFAULT_DIRECTORY}, or a caller names a directory that holds them, gzipped
 * ({@code train-images-idx3-ubyte.gz}) or not ({@code train-images-idx3-ubyte}).
 *
 * <p>Pixels are scaled to [0, 1] unless the caller asks for {@link PixelScaling#RAW}.
 */
public final class FashionMnist {

    /** The data set's name, as a command line or a configuration names it. */
    public static final String NAME = "fashion-mnist";
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** Class names by label, as the data set's authors list them. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final ImageShape IMAGE_SHAPE = new ImageShape(28, 28, 1);

    /** How to get the files, for a message about their absence. */
    public static final String HOW_TO_GET = "install it with 'apt-get install dataset-fashion-mnist' (it goes to "
            + DEFAULT_DIRECTORY + "), or pass a directory holding the four IDX files train-images-idx3-ubyte.gz, "
            + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzipped or not)";

    private FashionMnist() {
    }

    /** The 60,000 training images from {@link #DEFAULT_DIRECTORY}, pixels in [0, 1]. */
    public static Dataset train() throws DataFileException {
        return train(DEFAULT_DIRECTORY);
    }

    /** The 10,000 test images from {@link #DEFAULT_DIRECTORY}, pixels in [0, 1]. */
    public static Dataset test() throws DataFileException {
        return test(DEFAULT_DIRECTORY);
    }

    /** The training images from {@code directory}, pixels in [0, 1]. */
    public static Dataset train(Path directory) throws DataFileException {
        return train(directory, PixelScaling.UNIT_INTERVAL);
    }

    /** The test images from {@code directory}, pixels in [0, 1]. */
    public static Dataset test(Path directory) throws DataFileException {
        return test(directory, PixelScaling.UNIT_INTERVAL);
    }

    public static Dataset train(Path directory, PixelScaling scaling) throws DataFileException {
        return load(directory, "train", NAME + " train", scaling);
    }

    public static Dataset test(Path directory, PixelScaling scaling) throws DataFileException {
        return load(directory, "t10k", NAME + " test", scaling);
    }

    private static Dataset load(Path directory, String part, String name, PixelScaling scaling)
            throws DataFileException {
        if (!Files.isDirectory(directory)) {
            String problem = Files.exists(directory) ? "is not a directory" : "Fashion-MNIST directory does not exist";
            throw new DataFileException(directory, problem + "; " + HOW_TO_GET);
        }
        Path images = locate(directory, part + "-images-idx3-ubyte");
        Path labels = locate(directory, part + "-labels-idx1-ubyte");
        Dataset data = IdxReader.readImagesAndLabels(name, images, labels, scaling, CLASS_NAMES);
        if (!IMAGE_SHAPE.equals(data.imageShape())) {
            throw new DataFileException(images, "holds images of " + data.imageShape() + " pixels, but Fashion-MNIST "
                    + "images are " + IMAGE_SHAPE + "; the directory holds another data set");
        }
        return data;
    }

    /**
     * The IDX file {@code stem} of a Fashion-MNIST directory: the gzipped one if present, else the plain one (the Spark
     * reader finds its files the same way).
     */
    public static Path locate(Path directory, String stem) throws DataFileException {
        Path gzipped = directory.resolve(stem + ".gz");
        Path plain = directory.resolve(stem);
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DataFileException(gzipped, "missing: the Fashion-MNIST directory " + directory + " holds neither "
                + stem + ".gz nor " + stem + "; " + HOW_TO_GET);
    }
}
