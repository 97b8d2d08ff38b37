package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.onnx.proto.OnnxProto.ModelProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The file is written atomically (through {@code AtomicFile}): an unwritable or wrong destination is one error naming
 * it, and leaves neither a partial file nor a temporary one; a previous file, even a corrupt one, is either replaced
 * whole or left exactly as it was.
 */
class OnnxExportWriteTest {

    @TempDir
    Path dir;

    static ModelBundle bundle() {
        return new ModelBundle(NetworkSpec.mlp(5, new int[] {4}, 3, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT32, 3), null, List.of("a", "b", "c"));
    }

    @Test
    void aDestinationInAMissingDirectoryIsRefusedAndNothingIsCreated() {
        Path out = dir.resolve("missing").resolve("model.onnx");
        assertThatThrownBy(() -> OnnxExport.write(bundle(), out)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cannot write").hasMessageContaining("no such file or directory");
        assertThat(dir.resolve("missing")).doesNotExist();
        assertThat(entries(dir)).isEmpty();
    }

    @Test
    void aDestinationUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a directory");
        assertThatThrownBy(() -> OnnxExport.write(bundle(), file.resolve("model.onnx"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cannot write");
        assertThat(entries(dir)).containsExactly("notes.txt");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void aDestinationOnAFileSystemThatTakesNoFilesIsRefused() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux's /proc, where no one can create files");
        assertThatThrownBy(() -> OnnxExport.write(bundle(), proc.resolve("plumb-model.onnx")))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("cannot write");
        assertThat(proc.resolve("plumb-model.onnx")).doesNotExist();
    }

    @Test
    void aDirectoryAsDestinationIsRefusedAndLeftAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("model.onnx"));
        assertThatThrownBy(() -> OnnxExport.write(bundle(), out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory; give a file path such as");
        assertThat(out).isEmptyDirectory();
        assertThat(entries(dir)).containsExactly("model.onnx");
    }

    @Test
    void aCorruptPreviousFileIsReplacedWholeAndNoTemporaryFileStays() throws Exception {
        Path out = dir.resolve("model.onnx");
        Files.write(out, "\u0000garbage, half of an old export".getBytes(StandardCharsets.UTF_8));
        OnnxExport.write(bundle(), out);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(model.getGraph().getNodeCount()).isPositive();
        assertThat(Files.readAllBytes(out)).isEqualTo(OnnxExport.toModel(bundle()).toByteArray());
        assertThat(entries(dir)).containsExactly("model.onnx");
    }

    @Test
    void aRefusedExportLeavesThePreviousFileAsItWas() throws Exception {
        Path out = dir.resolve("model.onnx");
        OnnxExport.write(bundle(), out);
        byte[] before = Files.readAllBytes(out);
        Activation cube = new Activation() {
            public void forward(Matrix z, Matrix a) {
                for (int i = 0; i < z.size(); i++) {
                    a.set(i, z.get(i) * z.get(i) * z.get(i));
                }
            }

            public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
                for (int i = 0; i < z.size(); i++) {
                    dZ.set(i, 3 * z.get(i) * z.get(i) * dA.get(i));
                }
            }

            public String id() {
                return "cube";
            }
        };
        ModelBundle notExportable = new ModelBundle(NetworkSpec.mlp(5, new int[] {4}, 3, cube, Loss.softmaxCrossEntropy())
                .build(DType.FLOAT32, 1), null, List.of("a", "b", "c"));
        assertThatThrownBy(() -> OnnxExport.write(notExportable, out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cube'");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        assertThat(entries(dir)).containsExactly("model.onnx");
    }

    static List<String> entries(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
