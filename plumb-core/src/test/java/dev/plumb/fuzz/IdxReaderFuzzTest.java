package dev.plumb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.data.io.IdxArray;
import dev.plumb.data.io.IdxReader;
import dev.plumb.data.io.PixelScaling;

/**
 * {@link IdxReader}: any bytes, plain or gzipped, are read, or rejected with a {@link DataFileException} naming
 * the file ("never an index, EOF or out-of-memory error"; "the header is checked before anything is allocated
 * for the data"). An array that is read has as many values as its dimensions say; read as images (rank 2 to 4,
 * with a label file of zeros to match) or as labels (rank 1), it gives a data set or the typed exception too.
 *
 * <p>{@link #read} takes the file as it is: plain IDX and gzip seeds, so damaged and early-ending gzip streams
 * are fuzzed. {@link #readGzipped} gzips the input first, so the IDX header is parsed where the reader cannot
 * know the data's size in advance and allocation must follow the data that arrives, not the header's claim;
 * the reader documents a fixed first buffer of up to 64 MiB there ({@code INITIAL_GZIP_CAPACITY}), which the
 * allocation bound allows for.
 *
 * <p>Seeds: {@code src/test/resources/dev/plumb/fuzz/IdxReaderFuzzTestInputs/read/} and {@code …/readGzipped/}.
 * Fuzz locally with {@code JAZZER_FUZZ=1 mvn -B -ntp -pl plumb-core -am test
 * -Dtest='IdxReaderFuzzTest#readGzipped' -Dsurefire.failIfNoSpecifiedTests=false} (or {@code #read}; see
 * {@code package-info.java}).
 */
@Tag("fuzz")
class IdxReaderFuzzTest {

    /** IdxReader's documented first buffer for gzipped data, allocated before the data is known to exist. */
    private static final long INITIAL_GZIP_CAPACITY = 64L << 20;
    private static final ReaderContract CONTRACT = ReaderContract.of("IdxReader", DataFileException.class)
            .withFixedAllowance(INITIAL_GZIP_CAPACITY);
    private static final List<String> TEN_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @TempDir
    static Path work;

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) throws IOException {
        check(input, input);
    }

    @FuzzTest(maxDuration = "2m")
    void readGzipped(byte[] input) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(input);
        }
        check(input, bytes.toByteArray());
    }

    /** {@code input} is what the fuzzer made, {@code file} what is written (it, or it gzipped). */
    private static void check(byte[] input, byte[] file) throws IOException {
        Path images = work.resolve("images-idx");
        Files.write(images, file);
        long size = Math.max(input.length, file.length);
        IdxArray array = CONTRACT.readOrReject(images, size, () -> IdxReader.read(images));
        if (array == null) {
            return;
        }
        long count = 1;
        for (int d : array.dims()) {
            count *= d;
        }
        assertThat(array.count()).isEqualTo(count);
        assertThat((long) array.count() * array.type().bytes()).isLessThanOrEqualTo(size);
        if (array.rank() == 1) {
            CONTRACT.readOrReject(images, size, () -> IdxReader.readLabels(images, TEN_CLASSES.size()));
            return;
        }
        // one label per image, all class 0, so what is checked is the image file; a header claiming many
        // images of no pixels is left to read(): a label file to match would be the test's own allocation
        int n = array.dim(0);
        if (n > 1 << 16) {
            return;
        }
        Path labels = work.resolve("labels-idx");
        Files.write(labels, ByteBuffer.allocate(8 + n).putInt(0x0801).putInt(n).array());
        Dataset data = CONTRACT.readOrReject(images, size + n,
                () -> IdxReader.readImagesAndLabels(images, labels, PixelScaling.UNIT_INTERVAL, TEN_CLASSES));
        if (data != null) {
            assertThat(data.features().rows()).isEqualTo(n);
            assertThat((long) data.features().rows() * data.features().cols()).isEqualTo(count);
        }
    }
}
