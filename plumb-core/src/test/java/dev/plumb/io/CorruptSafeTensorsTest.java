package dev.plumb.io;

import static dev.plumb.io.RawSafeTensors.concat;
import static dev.plumb.io.RawSafeTensors.f32;
import static dev.plumb.io.RawSafeTensors.f64;
import static dev.plumb.io.RawSafeTensors.file;
import static dev.plumb.io.RawSafeTensors.json;
import static dev.plumb.io.RawSafeTensors.lengthField;
import static dev.plumb.io.RawSafeTensors.padded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SafeTensors#read} on damaged and malformed files: each is one {@link ModelFileException}
 * whose message starts with the file and names the specific problem. (Named to match the
 * {@code SafeTensorsTest*} test selection; the round trips are in {@link SafeTensorsTest}.)
 */
class CorruptSafeTensorsTest {

    @TempDir
    Path dir;

    private static final String W1 = "'W1':{'dtype':'F32','shape':[2,2],'data_offsets':[0,16]}";
    private static final byte[] W1_DATA = f32(1, 2, 3, 4);
    private static final byte[] VALID = file(padded(json("{" + W1 + "}")), W1_DATA);

    static Stream<Arguments> corruptFiles() {
        return Stream.of(
                // the length field
                bad("empty file",
                        new byte[0],
                        "file is empty (0 bytes)"),
                bad("5-byte file",
                        new byte[5],
                        "file is only 5 bytes long"),
                bad("header length 1",
                        concat(lengthField(1), bytes("{")),
                        "header length is 1 byte, less than the 2"),
                bad("header length beyond the file",
                        concat(lengthField(1000), bytes("{}")),
                        "truncated: header length is 1000 bytes but only 2 bytes follow the length field"),
                bad("header length 2^63-1",
                        concat(lengthField(Long.MAX_VALUE), bytes("{}")),
                        "header length is 9223372036854775807 bytes, more than the limit of 100000000 bytes"),
                bad("header length negative as signed",
                        concat(lengthField(-1), bytes("{}")),
                        "header length is 18446744073709551615 bytes, more than the limit"),
                bad("truncated inside the header",
                        Arrays.copyOf(VALID, 20),
                        "truncated: header length is"),
                // the header as text and JSON
                bad("header not UTF-8",
                        concat(lengthField(4), new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}),
                        "header is not valid UTF-8: malformed byte sequence at byte 1 of the header"),
                bad("header not JSON",
                        file("not json"),
                        "header is not valid JSON: "),
                bad("header only spaces",
                        file("        "),
                        "header is empty, expected a JSON object"),
                bad("header a JSON array",
                        file(json("[{" + W1 + "}]"), W1_DATA),
                        "header is a JSON array, expected a JSON object"),
                bad("header starting with whitespace",
                        file(" " + json("{" + W1 + "}"), W1_DATA),
                        "header starts with whitespace"),
                bad("content after the header object",
                        file(json("{" + W1 + "} {}"), W1_DATA),
                        "header has content after its JSON object"),
                bad("duplicate tensor names",
                        file(json("{" + W1 + "," + W1 + "}"), W1_DATA),
                        "duplicate tensor name 'W1': it appears twice"),
                bad("metadata twice",
                        file(json("{'__metadata__':{},'__metadata__':{}}")),
                        "header has '__metadata__' twice"),
                bad("metadata not an object",
                        file(json("{'__metadata__':'x'}")),
                        "'__metadata__' is the string \"x\""),
                bad("metadata value not a string",
                        file(json("{'__metadata__':{'epochs':10}}")),
                        "'__metadata__' key 'epochs' has the number 10 as its value; metadata values must be strings"),
                // one tensor entry
                bad("empty tensor name",
                        tensor("'':{'dtype':'F32','shape':[2,2],'data_offsets':[0,16]}"),
                        "a tensor has an empty name"),
                bad("entry not an object",
                        tensor("'W1':'F32'"),
                        "tensor 'W1' is described by the string \"F32\""),
                bad("missing dtype",
                        tensor("'W1':{'shape':[2,2],'data_offsets':[0,16]}"),
                        "tensor 'W1' has no 'dtype'"),
                bad("missing shape",
                        tensor("'W1':{'dtype':'F32','data_offsets':[0,16]}"),
                        "tensor 'W1' has no 'shape'"),
                bad("missing data_offsets",
                        tensor("'W1':{'dtype':'F32','shape':[2,2]}"),
                        "tensor 'W1' has no 'data_offsets'"),
                bad("unknown field",
                        tensor("'W1':{'dtype':'F32','shape':[2,2],'data_offsets':[0,16],'order':'C'}"),
                        "tensor 'W1' has unknown field 'order'"),
                bad("dtype twice",
                        tensor("'W1':{'dtype':'F32','dtype':'F32','shape':[2,2],'data_offsets':[0,16]}"),
                        "tensor 'W1' has 'dtype' twice"),
                bad("dtype not a string",
                        tensor("'W1':{'dtype':32,'shape':[2,2],'data_offsets':[0,16]}"),
                        "tensor 'W1': 'dtype' is the number 32"),
                bad("unsupported dtype BF16",
                        file(json("{'W1':{'dtype':'BF16','shape':[2,2],'data_offsets':[0,8]}}"), new byte[8]),
                        "tensor 'W1' has unsupported dtype 'BF16'; Plumb reads F32 and F64"),
                bad("shape not an array",
                        tensor("'W1':{'dtype':'F32','shape':4,'data_offsets':[0,16]}"),
                        "tensor 'W1': 'shape' is the number 4, expected an array"),
                bad("negative shape dimension",
                        tensor("'W1':{'dtype':'F32','shape':[-2,-2],'data_offsets':[0,16]}"),
                        "tensor 'W1': 'shape' contains negative value -2"),
                bad("fractional shape dimension",
                        tensor("'W1':{'dtype':'F32','shape':[2.0,2],'data_offsets':[0,16]}"),
                        "tensor 'W1': 'shape' contains the number 2.0, expected only non-negative integers"),
                bad("shape product overflow",
                        tensor("'W1':{'dtype':'F32','shape':[2147483647,2147483647],'data_offsets':[0,16]}"),
                        "tensor 'W1': shape [2147483647, 2147483647] is too large: its size in bytes overflows"),
                bad("rank 3",
                        tensor("'W1':{'dtype':'F32','shape':[1,2,2],'data_offsets':[0,16]}"),
                        "tensor 'W1' has shape [1, 2, 2] (rank 3); Plumb reads tensors of rank 0, 1 or 2"),
                bad("more columns than a matrix has",
                        file(json("{'W1':{'dtype':'F32','shape':[0,3000000000],'data_offsets':[0,0]}}")),
                        "tensor 'W1' has shape [0, 3000000000]: a dimension exceeds 2147483647"),
                bad("more elements than a matrix holds",
                        tensor("'W1':{'dtype':'F32','shape':[50000,50000],'data_offsets':[0,10000000000]}"),
                        "tensor 'W1' has 2500000000 elements, more than the 2147483639 a Plumb matrix can hold"),
                bad("three data_offsets",
                        tensor("'W1':{'dtype':'F32','shape':[2,2],'data_offsets':[0,8,16]}"),
                        "tensor 'W1': 'data_offsets' is [0, 8, 16], expected exactly two integers"),
                bad("offset beyond 64 bits",
                        tensor("'W1':{'dtype':'F32','shape':[2,2],'data_offsets':[0,18446744073709551616]}"),
                        "'data_offsets' contains 18446744073709551616, which is larger than any file"),
                bad("end before begin",
                        tensor("'W1':{'dtype':'F32','shape':[2,2],'data_offsets':[16,0]}"),
                        "tensor 'W1': data_offsets [16, 0] end before they begin"),
                bad("size mismatch between shape and offsets",
                        tensor("'W1':{'dtype':'F32','shape':[2,3],'data_offsets':[0,16]}"),
                        "size mismatch: tensor 'W1' of dtype F32 and shape [2, 3] needs 24 bytes"
                                + " but its data_offsets [0, 16] span 16 bytes"),
                // the layout of all tensors over the data section
                bad("offsets out of range",
                        tensor("'W1':{'dtype':'F32','shape':[250],'data_offsets':[0,1000]}"),
                        "truncated: header says tensor 'W1' ends at byte 1000 of the data section"
                                + " but the file has only 16 data bytes"),
                bad("truncated file",
                        Arrays.copyOf(VALID, VALID.length - 3),
                        "truncated: header says tensor 'W1' ends at byte 16 of the data section"
                                + " but the file has only 13 data bytes"),
                bad("overlapping offsets",
                        file(json("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},"
                                + "'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}"), new byte[12]),
                        "tensors 'a' [0, 8] and 'b' [4, 12] overlap"),
                bad("gap between tensors",
                        file(json("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},"
                                + "'b':{'dtype':'F32','shape':[2],'data_offsets':[12,20]}}"), new byte[20]),
                        "gap: bytes [8, 12) of the data section belong to no tensor (between tensors 'a' and 'b')"),
                bad("gap before the first tensor",
                        file(json("{'a':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}"), new byte[12]),
                        "gap: bytes [0, 4) of the data section belong to no tensor (before the first tensor 'a')"),
                bad("garbage appended",
                        concat(VALID, new byte[] {9, 9, 9, 9}),
                        "4 bytes at the end of the data section belong to no tensor"
                                + " (the tensors cover 16 of 20 bytes)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFileIsOneModelFileExceptionNamingFileAndProblem(String description, byte[] bytes, String problem)
            throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, bytes);

        assertThatThrownBy(() -> SafeTensors.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void namesFromTheFileAreCutShortInMessages() throws IOException {
        String longName = "x".repeat(10_000);
        Path file = dir.resolve("model.safetensors");
        Files.write(file, tensor("'" + longName + "':{'dtype':'F32','shape':[1,2,2],'data_offsets':[0,16]}"));

        assertThatThrownBy(() -> SafeTensors.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("tensor '" + "x".repeat(77) + "...' has shape [1, 2, 2] (rank 3)")
                .hasMessageNotContaining("x".repeat(78));
    }

    @Test
    void readingADirectoryNamesIt() {
        assertThatThrownBy(() -> SafeTensors.read(dir))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(dir + ": is a directory, expected a .safetensors file");
    }

    @Test
    void theValidFileTheCasesDamageReads() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, VALID);

        assertThat(SafeTensors.read(file).tensors()).containsOnlyKeys("W1");
    }

    @Test
    void readingAMissingFileNamesTheFile() {
        Path file = dir.resolve("missing.safetensors");

        assertThatThrownBy(() -> SafeTensors.read(file))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": cannot read: no such file or directory: " + file)
                .satisfies(e -> assertThat(((ModelFileException) e).file()).isEqualTo(file));
    }

    // ---- properties: no input makes the reader fail in any other way -------------------------------

    /** Every proper prefix of a valid file, including the empty one: all of them, not a sample. */
    static IntStream cutLengths() {
        return IntStream.range(0, validFile().length);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @MethodSource("cutLengths")
    void truncatingAValidFileAtAnyLengthIsAModelFileException(int length) throws IOException {
        byte[] truncated = Arrays.copyOf(validFile(), length);

        Throwable thrown = readFromTempFile(truncated);

        assertThat(thrown).isInstanceOf(ModelFileException.class).hasMessageContaining("damaged.safetensors: ");
    }

    private static final int RANDOM_OVERWRITES = 1000;

    /** Surefire's console names a parameterized case by its index; this puts its display name, the seed, in the message. */
    @RegisterExtension
    static final TestExecutionExceptionHandler NAME_THE_CASE = (context, thrown) -> {
        throw new AssertionError(context.getDisplayName() + ": " + thrown.getMessage(), thrown);
    };

    /**
     * Edge cases first — the first two and last two bytes and every byte of the length field, each set to
     * 0, 1, -1, {@link Byte#MIN_VALUE} and {@link Byte#MAX_VALUE} — then {@value #RANDOM_OVERWRITES} seeded
     * random (position, value) pairs; the display name gives the seed, and {@code overwrite(seed)} rebuilds
     * the case.
     */
    static Stream<Arguments> overwrites() {
        int length = validFile().length;
        IntStream edgePositions = IntStream.concat(IntStream.range(0, 8), IntStream.of(length - 2, length - 1));
        byte[] edgeValues = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
        Stream<Arguments> edgeCases = edgePositions.boxed().flatMap(position -> IntStream.range(0, edgeValues.length)
                .mapToObj(v -> Arguments.of("edge case", position, edgeValues[v])));
        Stream<Arguments> random = IntStream.rangeClosed(1, RANDOM_OVERWRITES).mapToObj(CorruptSafeTensorsTest::overwrite);
        return Stream.concat(edgeCases, random);
    }

    /** The case of one seed: a position uniform over the valid file and a value uniform over all 256 bytes. */
    static Arguments overwrite(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return Arguments.of("seed " + seed, random.nextInt(validFile().length), (byte) random.nextInt(256));
    }

    /** Any single byte overwritten anywhere: the file reads, or it is a ModelFileException — nothing else. */
    @ParameterizedTest(name = "{0}: byte {1} set to {2}")
    @MethodSource("overwrites")
    void overwritingAnyByteReadsOrIsAModelFileException(String origin, int position, byte value) throws IOException {
        byte[] damaged = validFile();
        damaged[position] = value;

        Throwable thrown = readFromTempFile(damaged);

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ModelFileException.class).hasMessageContaining("damaged.safetensors: ");
        }
    }

    private static byte[] validFile() {
        String header = json("{'__metadata__':{'epochs':'3'},"
                + "'W':{'dtype':'F64','shape':[2,2],'data_offsets':[0,32]},"
                + "'b':{'dtype':'F32','shape':[2],'data_offsets':[32,40]}}");
        return file(padded(header), f64(1, -2, 3.5, 0), f32(0.5f, -0.25f));
    }

    private static Throwable readFromTempFile(byte[] bytes) throws IOException {
        Path tempDir = Files.createTempDirectory("safetensors-property");
        Path file = tempDir.resolve("damaged.safetensors");
        try {
            Files.write(file, bytes);
            return catchThrowable(() -> SafeTensors.read(file));
        } finally {
            Files.deleteIfExists(file);
            Files.delete(tempDir);
        }
    }


    private static Arguments bad(String description, byte[] bytes, String problem) {
        return Arguments.of(description, bytes, problem);
    }

    /** A file with one tensor entry (JSON in single quotes) and the 16 data bytes of W1. */
    private static byte[] tensor(String entry) {
        return file(json("{" + entry + "}"), W1_DATA);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
