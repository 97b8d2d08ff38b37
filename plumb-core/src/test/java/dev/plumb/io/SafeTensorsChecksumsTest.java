package dev.plumb.io;

import static dev.plumb.io.RawSafeTensors.f32;
import static dev.plumb.io.RawSafeTensors.f64;
import static dev.plumb.io.RawSafeTensors.file;
import static dev.plumb.io.RawSafeTensors.json;
import static dev.plumb.io.RawSafeTensors.padded;
import static dev.plumb.io.RawSafeTensors.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.tensor.DoubleMatrix;
import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

/**
 * The SHA-256 of each tensor that {@link SafeTensors#write} records and {@link SafeTensors#read} verifies: every
 * damaged data byte is caught and its tensor named, files of other writers (no checksums) still read, the header
 * cannot claim checksums inconsistently, and checking costs no copy of the data. Expected digests are computed
 * by the JDK's SHA-256 over hand-assembled bytes ({@link RawSafeTensors}), not by the code under test.
 */
class SafeTensorsChecksumsTest {

    @TempDir
    Path dir;

    /** W: F64 2x2 at data bytes [0, 32); b: F32 1x2 at [32, 40) — as the reference layout orders them. */
    private Path writtenByPlumb() throws IOException {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        tensors.put("b", FloatMatrix.wrap(1, 2, new float[] {0.5f, -0.25f}));
        tensors.put("W", DoubleMatrix.wrap(2, 2, new double[] {1, -2, 3.5, 0}));
        Path file = dir.resolve("plumb.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "plumb"));
        return file;
    }

    private static long dataStart(byte[] bytes) {
        return 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyDamagedDataByteIsRefusedNamingItsTensor() throws IOException {
        Path file = writtenByPlumb();
        byte[] valid = Files.readAllBytes(file);
        int start = (int) dataStart(valid);
        assertThat(valid.length - start).isEqualTo(40);

        for (int position = 0; position < 40; position++) {
            byte[] damaged = valid.clone();
            damaged[start + position] ^= 1; // the smallest change: one bit
            Files.write(file, damaged);

            String owner = position < 32 ? "'W' (bytes [0, 32)" : "'b' (bytes [32, 40)";
            assertThatThrownBy(() -> SafeTensors.read(file)).as("data byte %d", position)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(file + ": checksum mismatch: the bytes of tensor " + owner)
                    .hasMessageContaining("restore the file from a good copy or save it again");
        }
    }

    @Test
    void aFileFromAnotherWriterWithoutChecksumsStillReads() throws IOException {
        // the reference layout as another tool writes it: no sha256 keys, its own metadata
        String header = json("{'__metadata__':{'format':'pt'},"
                + "'W':{'dtype':'F64','shape':[2,2],'data_offsets':[0,32]},"
                + "'b':{'dtype':'F32','shape':[2],'data_offsets':[32,40]}}");
        Path file = dir.resolve("other.safetensors");
        Files.write(file, file(padded(header), f64(1, -2, 3.5, 0), f32(0.5f, -0.25f)));

        SafeTensorsFile read = SafeTensors.read(file);

        assertThat(read.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(read.tensors().get("W").contentEquals(DoubleMatrix.wrap(2, 2, new double[] {1, -2, 3.5, 0}))).isTrue();
        assertThat(read.tensors().get("b").contentEquals(FloatMatrix.wrap(1, 2, new float[] {0.5f, -0.25f}))).isTrue();
    }

    @Test
    void withoutChecksumsTheSameDamageWouldReadAsAWrongWeight() throws IOException {
        // why the checksum is there: a flipped mantissa bit is a valid, slightly different number
        String header = json("{'b':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}");
        byte[] bytes = file(padded(header), f32(0.5f, -0.25f));
        bytes[bytes.length - 8] ^= 1;
        Path file = Files.write(dir.resolve("unchecked.safetensors"), bytes);

        assertThat(SafeTensors.read(file).tensors().get("b").get(0)).isEqualTo(Math.nextUp(0.5f));
    }

    @Test
    void checksumsInAnotherCaseOrWrittenByHandAreVerifiedToo() throws IOException {
        String header = json("{'__metadata__':{'sha256:b':'" + sha256(f32(0.5f, -0.25f)).toUpperCase() + "'},"
                + "'b':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}");
        Path file = Files.write(dir.resolve("upper.safetensors"), file(padded(header), f32(0.5f, -0.25f)));
        assertThat(SafeTensors.read(file).tensors().get("b").get(1)).isEqualTo(-0.25);

        Files.write(file, file(padded(header), f32(0.5f, -0.5f)));
        assertThatThrownBy(() -> SafeTensors.read(file)).hasMessageContaining("checksum mismatch: the bytes of tensor 'b'");
    }

    @Test
    void checksumsAreTheFormatsOwnMetadata() throws IOException {
        Path file = writtenByPlumb();
        String header = new String(Files.readAllBytes(file), 8, (int) dataStart(Files.readAllBytes(file)) - 8,
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(header).contains("\"sha256:W\":\"" + sha256(f64(1, -2, 3.5, 0)) + "\"")
                .contains("\"sha256:b\":\"" + sha256(f32(0.5f, -0.25f)) + "\"");

        assertThat(SafeTensors.read(file).metadata()).containsExactly(Map.entry("format", "plumb"));
        Matrix one = FloatMatrix.wrap(1, 1, new float[] {1f});
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("W", one), Map.of("sha256:W", "mine")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument metadata: the key 'sha256:W' starts with 'sha256:', which is reserved for"
                        + " the tensors' checksums. Expected a key with another prefix.");
    }

    @Test
    void aHeaderWhoseChecksumsDoNotMatchItsTensorsIsRefused() throws IOException {
        String b = "'b':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}";
        String c = "'c':{'dtype':'F32','shape':[1],'data_offsets':[8,12]}";
        byte[] data = f32(0.5f, -0.25f, 2f);
        String digestB = sha256(f32(0.5f, -0.25f));
        Path file = dir.resolve("header.safetensors");

        // a tensor renamed by a damaged header: its checksum names a tensor that is gone
        Files.write(file, file(json("{'__metadata__':{'sha256:b':'" + digestB + "','sha256:x':'" + sha256(f32(2f))
                + "'}," + b + "," + c + "}"), data));
        assertThat(catchThrowable(() -> SafeTensors.read(file))).hasMessage(file + ": metadata key 'sha256:x' holds"
                + " the checksum of a tensor 'x' that the file does not have; the header is corrupt (a tensor name was"
                + " changed or a tensor removed) — save or download the file again");

        Files.write(file, file(json("{'__metadata__':{'sha256:b':'" + digestB + "'}," + b + "," + c + "}"), data));
        assertThat(catchThrowable(() -> SafeTensors.read(file))).hasMessageStartingWith(file + ": tensor 'c' has no"
                + " checksum ('sha256:c' in the metadata) although the other tensors have one");

        Files.write(file, file(json("{'__metadata__':{'sha256:b':'" + digestB.substring(1) + "z'}," + b + "}"),
                f32(0.5f, -0.25f)));
        assertThat(catchThrowable(() -> SafeTensors.read(file))).hasMessageStartingWith(file + ": metadata key"
                + " 'sha256:b' is '" + digestB.substring(1) + "z', not a SHA-256 digest (64 hexadecimal digits)");
    }

    /**
     * Checking and recording digests moves the data through the one copy buffer: writing allocates far less than
     * the tensor, and reading little more than the matrix it returns (a second copy would double it).
     */
    @Test
    void checksumsCostNoSecondCopyOfTheData() throws IOException {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs per-thread allocation counters (com.sun.management)");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off in this JVM");
        int rows = 2048;
        int cols = 2048;
        long tensorBytes = 4L * rows * cols; // 16 MiB
        float[] values = new float[rows * cols];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Map<String, Matrix> tensors = Map.of("W", FloatMatrix.wrap(rows, cols, values));
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, tensors); // warm-up: class loading and first-call allocations
        SafeTensors.read(file);

        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        SafeTensors.write(file, tensors);
        long writing = threads.getThreadAllocatedBytes(id) - before;
        before = threads.getThreadAllocatedBytes(id);
        SafeTensorsFile read = SafeTensors.read(file);
        long reading = threads.getThreadAllocatedBytes(id) - before;

        assertThat(read.tensors().get("W").get(rows * cols - 1)).isEqualTo(values[rows * cols - 1]);
        assertThat(writing).as("bytes allocated writing a %d-byte tensor", tensorBytes).isLessThan(tensorBytes / 8);
        assertThat(reading).as("bytes allocated reading a %d-byte tensor", tensorBytes)
                .isLessThan(tensorBytes + tensorBytes / 8);
    }
}
