package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.ModelFileException;

/**
 * Damaged ONNX files — bytes flipped, overwritten, cut, inserted, fields' lengths garbled — are read or refused with a
 * {@link ModelFileException} naming the file, never another exception, an {@link OutOfMemoryError} or a hang: the
 * importer's contract, checked over thousands of seeded mutations of a PyTorch export and a Plumb export.
 */
class OnnxImportMutationTest {

    @TempDir
    Path dir;

    @Test
    void everyMutationIsReadOrRefusedWithOneTypedErrorNamingTheFile() throws Exception {
        byte[] torch;
        try (InputStream in = getClass().getResourceAsStream("torch/torch_mlp.onnx")) {
            torch = in.readAllBytes();
        }
        Path exported = dir.resolve("plumb.onnx");
        OnnxExport.write(TrainedModels.train("digits", Map.of("data", "digits", "layers", "8", "epochs", "1")).model(),
                exported);
        byte[] plumb = Files.readAllBytes(exported);
        SplittableRandom random = new SplittableRandom(20261206);
        Path file = dir.resolve("mutant.onnx");
        int read = 0;
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] original = i % 2 == 0 ? torch : plumb;
            byte[] mutant = mutate(original, random);
            Files.write(file, mutant);
            long start = System.nanoTime();
            try {
                OnnxImport.read(file);
                read++;
            } catch (ModelFileException e) {
                assertThat(e.getMessage()).as("mutant %d", i).contains(file.toString());
                refused++;
            } catch (Throwable t) {
                throw new AssertionError("mutant " + i + " (" + mutant.length + " bytes) made the importer throw " + t, t);
            }
            assertThat((System.nanoTime() - start) / 1e9).as("seconds for mutant %d", i).isLessThan(5);
        }
        assertThat(refused).as("mutants refused").isGreaterThan(1000);
        assertThat(read + refused).isEqualTo(3000);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip a few bits
                for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                    int at = random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // overwrite a run with random bytes (garbles tags and lengths)
                int at = random.nextInt(b.length);
                for (int k = at; k < Math.min(b.length, at + 1 + random.nextInt(12)); k++) {
                    b[k] = (byte) random.nextInt(256);
                }
            }
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // cut
            case 3 -> { // insert random bytes
                int at = random.nextInt(b.length);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] c = new byte[b.length + extra.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(extra, 0, c, at, extra.length);
                System.arraycopy(b, at, c, at + extra.length, b.length - at);
                b = c;
            }
            default -> { // a large varint where a byte was: lengths and dimensions that claim gigabytes
                int at = random.nextInt(b.length - 5);
                b[at] = (byte) 0xff;
                b[at + 1] = (byte) 0xff;
                b[at + 2] = (byte) 0xff;
                b[at + 3] = (byte) 0x7f;
            }
        }
        return b;
    }
}
