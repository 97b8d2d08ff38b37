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

import dev.plumb.tensor.DType;
import dev.plumb.tensor.DoubleMatrix;
import dev.plumb.tensor.FloatMatrix;
import dev.plumb.tensor.Matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips, the byte layout against hand-assembled files, and atomic writes. Corrupt files are in
 * {@link CorruptSafeTensorsTest}. Expected bytes come from {@link RawSafeTensors}, which follows
 * the format description, never from the writer under test.
 */
class SafeTensorsTest {

    @TempDir
    Path dir;

    // ---- round trips ---------------------------------------------------------------------------

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1}, {1, 7}, {7, 1}, {3, 4}, {0, 3}, {3, 0}, {0, 0}, {300, 120}};
        return Arrays.stream(DType.values())
                .flatMap(dtype -> Arrays.stream(shapes).map(s -> Arguments.of(dtype, s[0], s[1])));
    }

    /** 300×120 float64 is 288 000 bytes, so the data crosses the 64 KiB copy buffer several times. */
    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("shapes")
    void roundTripIsBitIdentical(DType dtype, int rows, int cols) throws IOException {
        Matrix original = sample(dtype, rows, cols, new Random(31L * rows + cols));
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, Map.of("W", original));
        Matrix read = SafeTensors.read(file).tensors().get("W");

        assertThat(read.dtype()).isEqualTo(dtype);
        assertThat(read.shapeString()).isEqualTo(original.shapeString());
        assertThat(rawBits(read)).isEqualTo(rawBits(original));
    }

    @Test
    void severalTensorsOfBothPrecisionsRoundTripInLayoutOrder() throws IOException {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        tensors.put("layers/1/W", sample(DType.FLOAT32, 4, 3, new Random(1)));
        tensors.put("layers/0/b", sample(DType.FLOAT32, 1, 4, new Random(2)));
        tensors.put("Gewichte-ü-λ", sample(DType.FLOAT64, 2, 2, new Random(3)));
        tensors.put("empty", sample(DType.FLOAT32, 0, 5, new Random(4)));
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, tensors);
        SafeTensorsFile read = SafeTensors.read(file);

        // float64 first (larger elements), then by name
        assertThat(read.tensors().keySet()).containsExactly("Gewichte-ü-λ", "empty", "layers/0/b", "layers/1/W");
        tensors.forEach((name, m) -> assertThat(rawBits(read.tensors().get(name))).as(name).isEqualTo(rawBits(m)));
    }

    @Test
    void metadataRoundTripsSortedByKey() throws IOException {
        Map<String, String> metadata = Map.of("format", "plumb", "note", "ä \"quoted\"\nsecond line", "", "empty key");
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, Map.of("W", sample(DType.FLOAT32, 2, 2, new Random(5))), metadata);

        assertThat(SafeTensors.read(file).metadata()).containsExactlyEntriesOf(new TreeMap<>(metadata));
    }

    @Test
    void readResultIsUnmodifiable() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("W", sample(DType.FLOAT32, 1, 1, new Random(6))), Map.of("k", "v"));
        SafeTensorsFile read = SafeTensors.read(file);

        assertThatThrownBy(() -> read.tensors().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> read.metadata().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- byte layout against hand-assembled files ----------------------------------------------

    @Test
    void bytesMatchAHandAssembledFile() throws IOException {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        tensors.put("b", FloatMatrix.wrap(1, 2, new float[] {1.5f, -2f}));
        tensors.put("a", FloatMatrix.wrap(2, 1, new float[] {0.25f, 3f}));
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, tensors, Map.of("format", "plumb"));

        // the caller's metadata and each tensor's SHA-256, sorted by key
        String header = json("{'__metadata__':{'format':'plumb','sha256:a':'" + sha256(f32(0.25f, 3f))
                + "','sha256:b':'" + sha256(f32(1.5f, -2f)) + "'},"
                + "'a':{'dtype':'F32','shape':[2,1],'data_offsets':[0,8]},"
                + "'b':{'dtype':'F32','shape':[1,2],'data_offsets':[8,16]}}");
        assertThat(Files.readAllBytes(file)).isEqualTo(file(padded(header), f32(0.25f, 3f), f32(1.5f, -2f)));
    }

    @Test
    void largerElementsComeFirstSoEveryTensorIsAligned() throws IOException {
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        tensors.put("a", FloatMatrix.wrap(1, 1, new float[] {1f}));
        tensors.put("z", DoubleMatrix.wrap(1, 1, new double[] {2.0}));
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, tensors);

        String header = json("{'__metadata__':{'sha256:a':'" + sha256(f32(1f)) + "','sha256:z':'" + sha256(f64(2.0))
                + "'},'z':{'dtype':'F64','shape':[1,1],'data_offsets':[0,8]},"
                + "'a':{'dtype':'F32','shape':[1,1],'data_offsets':[8,12]}}");
        assertThat(Files.readAllBytes(file)).isEqualTo(file(padded(header), f64(2.0), f32(1f)));
    }

    @Test
    void noTensorsAndNoMetadataIsAnEmptyPaddedHeader() throws IOException {
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, Map.of());

        assertThat(Files.readAllBytes(file)).isEqualTo(file("{}      "));
        assertThat(SafeTensors.read(file).tensors()).isEmpty();
    }

    @Test
    void readsRank0And1TensorsAndSpacePaddingInDataOrder() throws IOException {
        // listed out of data order, a scalar, a vector, an empty matrix, and padding spaces
        String header = json("{'v':{'dtype':'F32','shape':[3],'data_offsets':[8,20]},"
                + "'s':{'dtype':'F64','shape':[],'data_offsets':[0,8]},"
                + "'e':{'dtype':'F32','shape':[0,5],'data_offsets':[20,20]}}") + "     ";
        Path file = dir.resolve("model.safetensors");
        Files.write(file, file(header, f64(-0.5), f32(1f, 2f, 3f)));

        SafeTensorsFile read = SafeTensors.read(file);

        assertThat(read.tensors().keySet()).containsExactly("s", "v", "e");
        assertThat(read.tensors().get("s").contentEquals(DoubleMatrix.wrap(1, 1, new double[] {-0.5}))).isTrue();
        assertThat(read.tensors().get("v").contentEquals(FloatMatrix.wrap(1, 3, new float[] {1f, 2f, 3f}))).isTrue();
        assertThat(read.tensors().get("e").contentEquals(FloatMatrix.wrap(0, 5, new float[0]))).isTrue();
        assertThat(read.metadata()).isEmpty();
    }

    // ---- atomic writes -------------------------------------------------------------------------

    @Test
    void overwritingReplacesTheWholeFileAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("big", sample(DType.FLOAT64, 100, 100, new Random(7))));

        SafeTensors.write(file, Map.of("small", FloatMatrix.wrap(1, 1, new float[] {4f})));

        String header = json("{'__metadata__':{'sha256:small':'" + sha256(f32(4f)) + "'},"
                + "'small':{'dtype':'F32','shape':[1,1],'data_offsets':[0,4]}}");
        assertThat(Files.readAllBytes(file)).isEqualTo(file(padded(header), f32(4f)));
        assertThat(listing()).containsExactly("model.safetensors");
    }

    @Test
    void invalidTensorsLeaveTheOldFileIntact() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, Map.of("W", sample(DType.FLOAT32, 3, 3, new Random(8))));
        byte[] before = Files.readAllBytes(file);
        Map<String, Matrix> nullMatrix = new LinkedHashMap<>();
        nullMatrix.put("W", null);

        Matrix one = FloatMatrix.wrap(1, 1, new float[] {1f});

        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("", one)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument tensors: a tensor name is empty. Expected non-empty names.");
        assertThatThrownBy(() -> SafeTensors.write(file, nullMatrix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid argument tensors: tensor 'W' is null. Expected a matrix.");
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("__metadata__", one)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'__metadata__' is reserved for metadata");
        assertThatThrownBy(() -> SafeTensors.write(file, Map.of("bad\uD800", one)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("model.safetensors");
    }

    @Test
    void aFailedWriteLeavesWhatWasThereAndNoTempFiles() throws IOException {
        // a directory where the file should go: refused before anything is written (a rename would fail on it)
        Path file = dir.resolve("model.safetensors");
        Files.createDirectory(file);
        Files.writeString(file.resolve("keep.txt"), "kept");

        Matrix weights = sample(DType.FLOAT32, 2, 2, new Random(10));

        Throwable thrown = catchThrowable(() -> SafeTensors.write(file, Map.of("W", weights)));

        assertThat(thrown).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": is not a regular file (a directory)");
        assertThat(Files.readString(file.resolve("keep.txt"))).isEqualTo("kept");
        assertThat(listing()).containsExactly("model.safetensors");
    }

    @Test
    void writingUnderAFileNamesTheFile() throws IOException {
        // missing directories are created, but not where a file stands
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x").resolve("model.safetensors");

        assertThatThrownBy(() -> SafeTensors.write(file, Map.of()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": cannot write: ");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Random values with the awkward ones first: a NaN with a payload, -0, infinities, extremes. */
    private static Matrix sample(DType dtype, int rows, int cols, Random random) {
        int n = rows * cols;
        if (dtype == DType.FLOAT32) {
            float[] special = {Float.intBitsToFloat(0x7fc00001), -0f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = i < special.length ? special[i] : (float) random.nextGaussian();
            }
            return FloatMatrix.wrap(rows, cols, data);
        }
        double[] special = {Double.longBitsToDouble(0x7ff8000000000001L), -0.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = i < special.length ? special[i] : random.nextGaussian();
        }
        return DoubleMatrix.wrap(rows, cols, data);
    }

    /** The exact bit patterns of the elements, so NaN payloads and -0 count. */
    private static long[] rawBits(Matrix m) {
        if (m.dtype() == DType.FLOAT32) {
            float[] data = m.toFloatArray(); // a copy of the array: NaN payloads kept
            long[] bits = new long[data.length];
            Arrays.setAll(bits, i -> Float.floatToRawIntBits(data[i]));
            return bits;
        }
        double[] data = m.toDoubleArray();
        long[] bits = new long[data.length];
        Arrays.setAll(bits, i -> Double.doubleToRawLongBits(data[i]));
        return bits;
    }

    private String[] listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
