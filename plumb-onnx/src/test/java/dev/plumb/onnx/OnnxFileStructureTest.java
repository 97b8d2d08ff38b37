package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.PlumbVersion;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Dense;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.onnx.proto.OnnxProto.AttributeProto;
import dev.plumb.onnx.proto.OnnxProto.GraphProto;
import dev.plumb.onnx.proto.OnnxProto.ModelProto;
import dev.plumb.onnx.proto.OnnxProto.NodeProto;
import dev.plumb.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.plumb.onnx.proto.OnnxProto.TensorProto;
import dev.plumb.onnx.proto.OnnxProto.TensorShapeProto;
import dev.plumb.onnx.proto.OnnxProto.ValueInfoProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The file is what the ONNX specification expects of a model, read back with the generated classes and with ONNX
 * Runtime's session: IR version and operator set import, a graph in topological order whose every input is defined,
 * named and documented inputs and outputs with a symbolic batch dimension, the trained weights bit for bit, and the
 * metadata Plumb promises; dropout absent; what cannot be exported refused in one line.
 */
class OnnxFileStructureTest {

    @TempDir
    static Path dir;

    static TrainedModels.Trained digits;
    static Path digitsFile;
    static ModelProto digitsModel;

    @BeforeAll
    static void exportDigits() throws Exception {
        digits = TrainedModels.train("digits", Map.of("data", "digits", "layers", "32,16", "keep-prob", "0.8", "epochs", "2",
                "normalize", "standard"));
        digitsFile = dir.resolve("digits.onnx");
        OnnxExport.Summary summary = OnnxExport.write(digits.model(), digitsFile);
        assertThat(summary.bytes()).isEqualTo(Files.size(digitsFile));
        digitsModel = ModelProto.parseFrom(Files.readAllBytes(digitsFile));
    }

    @Test
    void declaresIrVersionOpsetAndProducer() {
        assertThat(digitsModel.getIrVersion()).isEqualTo(8);
        assertThat(digitsModel.getOpsetImportList()).hasSize(1);
        assertThat(digitsModel.getOpsetImport(0).getDomain()).as("the default domain, ai.onnx").isEmpty();
        assertThat(digitsModel.getOpsetImport(0).getVersion()).isEqualTo(17);
        assertThat(digitsModel.getProducerName()).isEqualTo("plumb");
        assertThat(digitsModel.getProducerVersion()).isEqualTo(PlumbVersion.VERSION);
        assertThat(digitsModel.getDocString()).contains("Sub and Div", "not folded", "Gemm with transB=1", "dropout is absent");
    }

    @Test
    void theGraphIsTheNormalizerThenGemmAndActivationPerDenseLayerThenSoftmax() {
        GraphProto graph = digitsModel.getGraph();
        assertThat(graph.getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Identity", "Softmax");
        for (NodeProto node : graph.getNodeList()) {
            assertThat(node.getDocString()).as(node.getName() + "'s doc").isNotBlank();
            if (node.getOpType().equals("Gemm")) {
                assertThat(node.getAttributeList()).extracting(AttributeProto::getName, AttributeProto::getI)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("transB", 1L));
            }
            if (node.getOpType().equals("Softmax")) {
                assertThat(node.getAttribute(0).getName()).isEqualTo("axis");
                assertThat(node.getAttribute(0).getI()).isEqualTo(-1);
            }
        }
        // topological order, single assignment: every input is the graph's input, an initializer or an earlier output
        Set<String> defined = new HashSet<>();
        graph.getInputList().forEach(v -> defined.add(v.getName()));
        graph.getInitializerList().forEach(t -> defined.add(t.getName()));
        for (NodeProto node : graph.getNodeList()) {
            assertThat(defined).as(node.getName() + "'s inputs").containsAll(node.getInputList());
            for (String output : node.getOutputList()) {
                assertThat(defined.add(output)).as(output + " assigned once").isTrue();
            }
        }
        assertThat(defined).contains("probabilities");
    }

    @Test
    void inputAndOutputAreNamedDocumentedAndHaveASymbolicBatchDimension() {
        GraphProto graph = digitsModel.getGraph();
        assertThat(graph.getInputList()).extracting(ValueInfoProto::getName).containsExactly("features");
        assertThat(graph.getOutputList()).extracting(ValueInfoProto::getName).containsExactly("probabilities");
        ValueInfoProto input = graph.getInput(0);
        ValueInfoProto output = graph.getOutput(0);
        assertThat(input.getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
        assertThat(input.getType().getTensorType().getShape().getDimList())
                .extracting(TensorShapeProto.Dimension::getDimParam, TensorShapeProto.Dimension::getDimValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("batch", 0L), org.assertj.core.groups.Tuple.tuple("", 64L));
        assertThat(output.getType().getTensorType().getShape().getDimList())
                .extracting(TensorShapeProto.Dimension::getDimParam, TensorShapeProto.Dimension::getDimValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("batch", 0L), org.assertj.core.groups.Tuple.tuple("", 10L));
        assertThat(input.getDocString()).contains("raw features", "64 columns", "normalized inside the graph");
        assertThat(output.getDocString()).contains("softmax probabilities", "class_names");
    }

    @Test
    void theInitializersAreTheTrainedWeightsBitForBitAndTheNormalizersStatistics() {
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        digitsModel.getGraph().getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        assertThat(initializers.keySet()).containsExactly("normalizer_offset", "normalizer_divisor", "W1", "b1", "W2", "b2",
                "W3", "b3");
        Network network = digits.model().network();
        int index = 0;
        for (var layer : network.layers()) {
            if (layer instanceof Dense dense) {
                index++;
                TensorProto w = initializers.get("W" + index);
                assertThat(w.getDimsList()).containsExactly((long) dense.units(), (long) dense.inputs());
                assertThat(floats(w)).containsExactly(dense.weights().toFloatArray());
                TensorProto b = initializers.get("b" + index);
                assertThat(b.getDimsList()).containsExactly((long) dense.units());
                assertThat(floats(b)).containsExactly(dense.biases().toFloatArray());
            }
        }
        assertThat(index).as("dense layers; the dropout layers are not in the file").isEqualTo(3);
        double[] divisors = digits.model().normalizer().divisors();
        float[] written = floats(initializers.get("normalizer_divisor"));
        for (int j = 0; j < divisors.length; j++) {
            assertThat(written[j]).isEqualTo((float) divisors[j]);
        }
        assertThat(written).as("digits has constant pixels: their divisor is 1, never 0").contains(1f);
    }

    @Test
    void metadataHoldsTheClassNamesFeatureNamesAndPlumbsVersion() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : digitsModel.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        assertThat(meta).containsEntry("plumb_version", PlumbVersion.VERSION)
                .containsEntry("class_names", "[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]")
                .containsEntry("normalizer", "standard").containsEntry("dtype", "float32")
                .containsEntry("loss", "softmax_cross_entropy").containsKey("feature_names");
        OrtEnvironment env = OrtEnvironment.getEnvironment(); // process-wide: not closed here
        try (OrtSession session = env.createSession(digitsFile.toString(), new OrtSession.SessionOptions())) {
            OnnxModelMetadata metadata = session.getMetadata();
            assertThat(metadata.getProducerName()).isEqualTo("plumb");
            assertThat(metadata.getCustomMetadata()).containsEntry("class_names", meta.get("class_names"))
                    .containsEntry("plumb_version", PlumbVersion.VERSION);
            NodeInfo in = session.getInputInfo().get("features");
            NodeInfo out = session.getOutputInfo().get("probabilities");
            assertThat(((TensorInfo) in.getInfo()).getShape()).as("the runtime sees a dynamic batch").containsExactly(-1L, 64L);
            assertThat(((TensorInfo) out.getInfo()).getShape()).containsExactly(-1L, 10L);
        }
    }

    @Test
    void aTextModelsFileSaysHowItsFeaturesAreMade() throws Exception {
        TrainedModels.Trained text = TrainedModels.train("text", Map.of("data", TrainedModels.textFolder(dir).toString(),
                "layers", "4", "epochs", "1", "normalize", "none"));
        Path file = dir.resolve("text.onnx");
        OnnxExport.Summary summary = OnnxExport.write(text.model(), file);
        assertThat(summary.textFeatures()).isTrue();
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(model.getDocString()).contains("The model reads text", "TextVectorizer", "'vectorizer'");
        assertThat(model.getGraph().getInput(0).getDocString()).contains("the text vectorizer's output, not text");
        String vectorizer = model.getMetadataPropsList().stream().filter(e -> e.getKey().equals("vectorizer")).findFirst()
                .orElseThrow().getValue();
        assertThat(vectorizer).contains("\"vocabulary\"", "\"goal\"", "\"idf\"", "TFIDF");
        assertThat(model.getGraph().getNodeList()).extracting(NodeProto::getOpType).doesNotContain("Sub", "Div");
    }

    @Test
    void aFloat64ModelHasDoubleTensorsThroughout() throws Exception {
        Network network = NetworkSpec.mlp(3, new int[] {4}, 2, Activation.leakyRelu(0.3), Loss.binaryCrossEntropy())
                .build(DType.FLOAT64, 1);
        ModelProto model = OnnxExport.toModel(new ModelBundle(network, null, List.of("yes", "no")));
        assertThat(model.getGraph().getInput(0).getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.DOUBLE_VALUE);
        assertThat(model.getGraph().getOutput(0).getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.DOUBLE_VALUE);
        assertThat(model.getGraph().getInitializerList()).allSatisfy(t ->
                assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.DOUBLE_VALUE));
        assertThat(model.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Gemm", "LeakyRelu", "Gemm", "Identity", "Sigmoid");
        assertThat(model.getGraph().getNode(1).getAttribute(0).getName()).isEqualTo("alpha");
        assertThat(model.getGraph().getNode(1).getAttribute(0).getF()).isEqualTo(0.3f);
    }

    @Test
    void aModelWithAnActivationOfYourOwnIsRefusedInOneLineNamingIt() {
        Activation square = new Activation() {
            public void forward(Matrix z, Matrix a) {
                for (int i = 0; i < z.size(); i++) {
                    a.set(i, z.get(i) * z.get(i));
                }
            }

            public void backward(Matrix z, Matrix a, Matrix dA, Matrix dZ) {
                for (int i = 0; i < z.size(); i++) {
                    dZ.set(i, 2 * z.get(i) * dA.get(i));
                }
            }

            public String id() {
                return "square";
            }
        };
        Network network = new NetworkSpec(2, List.of(LayerSpec.dense(3, square), LayerSpec.dense(2, Activation.identity())),
                Loss.softmaxCrossEntropy(), 0, 0).build(DType.FLOAT32, 1);
        Path file = dir.resolve("square.onnx");
        assertThatThrownBy(() -> OnnxExport.write(new ModelBundle(network, null, List.of("a", "b")), file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot export the model to ONNX: it uses the activation 'square'")
                .hasMessageContaining("of dense layer 1")
                .hasMessageNotContaining("\n");
        assertThat(file).doesNotExist();
    }

    static float[] floats(TensorProto tensor) {
        assertThat(tensor.getDataType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
        ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
