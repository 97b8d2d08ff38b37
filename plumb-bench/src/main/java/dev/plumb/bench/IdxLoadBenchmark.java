package dev.plumb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.FashionMnist;
import dev.plumb.data.io.IdxArray;
import dev.plumb.data.io.IdxReader;
import dev.plumb.data.io.PixelScaling;

/**
 * Loading the Fashion-MNIST training set from its gzipped IDX files (26 MB compressed, 47 MB of pixels):
 * the bar is under 2 s per load on 2 cores. Each measurement is one whole load, as a user pays it once
 * per run: {@code java -jar plumb-bench/target/plumb-benchmarks.jar IdxLoadBenchmark -f 1 -wi 2 -i 5}.
 * Needs the Debian package {@code dataset-fashion-mnist}, or {@code -p directory=…}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class IdxLoadBenchmark {

    @Param("/usr/share/datasets/fashion-mnist")
    public String directory;

    private Path images;
    private Path labels;

    @Setup
    public void locate() {
        images = Path.of(directory, "train-images-idx3-ubyte.gz");
        labels = Path.of(directory, "train-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new IllegalStateException("Fashion-MNIST .gz files not found in " + directory
                    + "; run 'apt-get install dataset-fashion-mnist' or pass -p directory=<dir>");
        }
    }

    /** The whole path a user takes: decompress, check, convert to [0, 1] floats, build the data set. */
    @Benchmark
    public Dataset trainImagesAndLabels() throws Exception {
        return IdxReader.readImagesAndLabels(images, labels, PixelScaling.UNIT_INTERVAL, FashionMnist.CLASS_NAMES);
    }

    /** Decompression and checks alone, for comparison: the rest is conversion and the data set. */
    @Benchmark
    public IdxArray trainImagesRead() throws Exception {
        return IdxReader.read(images);
    }
}
