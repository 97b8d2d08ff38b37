package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.protobuf.ByteString;

import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.nn.Parameter;
import dev.plumb.onnx.proto.OnnxProto.ModelProto;
import dev.plumb.onnx.proto.OnnxProto.NodeProto;
import dev.plumb.onnx.proto.OnnxProto.TensorProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/** ONNX import: Plumb's own exports come back bit for bit, PyTorch's export imports, and bad files are refused in one line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxImportTest {

    @TempDir
    static Path dir;

    Stream<TrainedModels.Trained> models() throws Exception {
        return TrainedModels.varied(dir).stream(); // every activation, normalizer, loss and precision; digits, CSV, text
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void exportThenImportGivesTheSameWeightsBitForBitAndTheSamePredictions(TrainedModels.Trained trained) throws Exception {
        Path file = dir.resolve(trained.name().replaceAll("[^a-z0-9]+", "-") + ".onnx");
        OnnxExport.write(trained.model(), file);
        OnnxImport.Imported read = OnnxImport.read(file);
        ModelBundle imported = read.model();
        ModelBundle original = trained.model();
        assertThat(read.description().contains("its vectorizer (in the metadata) is not imported"))
                .as("the import says it leaves a text model's vectorizer out").isEqualTo(original.vectorizer() != null);

        assertThat(imported.network().dtype()).isEqualTo(original.network().dtype());
        assertThat(imported.network().loss().id()).isEqualTo(original.network().loss().id());
        assertThat(imported.classNames()).isEqualTo(original.classNames());
        assertThat(imported.featureNames()).isEqualTo(original.featureNames());
        Map<String, Parameter> expected = original.network().parameters();
        assertThat(imported.network().parameters().keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Parameter> e : imported.network().parameters().entrySet()) {
            assertThat(e.getValue().value().toDoubleArray()).as(e.getKey())
                    .isEqualTo(expected.get(e.getKey()).value().toDoubleArray()); // bit for bit
        }
        assertThat(imported.network().spec().layers().stream().filter(l -> l.isDense()).map(l -> l.activation().id()).toList())
                .isEqualTo(original.network().spec().layers().stream().filter(l -> l.isDense()).map(l -> l.activation().id()).toList());
        double[] want = original.predict(trained.testFeatures()).toDoubleArray();
        double[] got = imported.predict(trained.testFeatures()).toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("output %d", i).isCloseTo(want[i], within(1e-5 * Math.max(1, Math.abs(want[i]))));
        }
        Path saved = dir.resolve("imported-" + file.getFileName());
        imported.save(saved);
        assertThat(ModelBundle.load(saved).predict(trained.testFeatures()).toDoubleArray()).isEqualTo(got);
    }

    @Test
    void aModelExportedByPyTorchImportsAndPredictsWhatPyTorchPredicted() throws Exception {
        Path file = resource("torch_mlp.onnx");
        OnnxImport.Imported imported = OnnxImport.read(file);
        ModelBundle model = imported.model();
        assertThat(imported.description()).startsWith("6 → Dense(16, relu) → Dense(8, tanh) → Dense(3, identity), float32")
                .contains("normalizer (x − offset) / divisor").contains("softmax probabilities").contains("pytorch 1.13");
        assertThat(model.classNames()).containsExactly("0", "1", "2");
        assertThat(model.network().loss().id()).isEqualTo("softmax_cross_entropy");

        List<String> lines = Files.readAllLines(resource("torch_mlp_expected.csv"), StandardCharsets.UTF_8);
        double[][] x = new double[lines.size() - 1][];
        double[][] p = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            double[] row = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
            x[i - 1] = Arrays.copyOfRange(row, 0, 6);
            p[i - 1] = Arrays.copyOfRange(row, 6, 9);
        }
        Matrix predicted = model.predict(Matrix.of(DType.FLOAT32, x));
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(predicted.get(i, j)).as("example %d, class %d", i, j).isCloseTo(p[i][j], within(1e-5));
            }
        }
    }

    @Test
    void anOpOutsideAnMlpIsRefusedNamingTheNodeItsOpAndWhatIsSupported() throws Exception {
        ModelProto exported = ModelProto.parseFrom(Files.readAllBytes(resource("torch_mlp.onnx")));
        ModelProto.Builder b = exported.toBuilder();
        for (int i = 0; i < b.getGraph().getNodeCount(); i++) {
            if (b.getGraph().getNode(i).getOpType().equals("Tanh")) {
                b.getGraphBuilder().setNode(i, NodeProto.newBuilder(b.getGraph().getNode(i)).setOpType("Conv"));
            }
        }
        Path file = dir.resolve("conv.onnx");
        Files.write(file, b.build().toByteArray());
        assertThatThrownBy(() -> OnnxImport.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("node '/4/Tanh' (Conv) cannot be imported")
                .hasMessageContaining("Gemm or MatMul+Add, Relu, LeakyRelu, Tanh, Sigmoid");
    }

    @Test
    void damagedFilesAreOneClearErrorAndNeverAHugeAllocation() throws Exception {
        byte[] good = Files.readAllBytes(resource("torch_mlp.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> OnnxImport.read(truncated)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("truncated.onnx").hasMessageContaining("not a valid ONNX model");

        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> OnnxImport.read(empty)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> OnnxImport.read(dir.resolve("missing.onnx"))).hasMessageContaining("no such file");
        Path text = dir.resolve("text.onnx");
        Files.writeString(text, "label,x\n1,2\n");
        assertThatThrownBy(() -> OnnxImport.read(text)).isInstanceOf(ModelFileException.class);

        // a weight tensor that claims 2^31 values but holds 384 bytes: refused from its shape, before any array
        ModelProto.Builder b = ModelProto.parseFrom(good).toBuilder();
        for (int i = 0; i < b.getGraph().getInitializerCount(); i++) {
            TensorProto t = b.getGraph().getInitializer(i);
            if (t.getName().equals("1.weight")) {
                b.getGraphBuilder().setInitializer(i, t.toBuilder().setDims(0, 1L << 27).setDims(1, 16));
            }
        }
        Path lying = dir.resolve("lying.onnx");
        Files.write(lying, b.build().toByteArray());
        assertThatThrownBy(() -> OnnxImport.read(lying)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("tensor '1.weight' declares shape [134217728, 16] (2147483648 values) but holds 384 bytes");

        ModelProto.Builder nan = ModelProto.parseFrom(good).toBuilder();
        TensorProto bias = nan.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("1.bias")).findFirst()
                .orElseThrow();
        byte[] raw = bias.getRawData().toByteArray();
        java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
        int index = nan.getGraph().getInitializerList().indexOf(bias);
        nan.getGraphBuilder().setInitializer(index, bias.toBuilder().setRawData(ByteString.copyFrom(raw)));
        Path withNan = dir.resolve("nan.onnx");
        Files.write(withNan, nan.build().toByteArray());
        assertThatThrownBy(() -> OnnxImport.read(withNan)).hasMessageContaining("tensor '1.bias' holds a non-finite value (NaN) at index 1");
    }

    private static Path resource(String name) throws Exception {
        Path file = dir.resolve("torch-" + name);
        if (!Files.exists(file)) {
            try (InputStream in = OnnxImportTest.class.getResourceAsStream("torch/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }
}
