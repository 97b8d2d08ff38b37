package dev.plumb.onnx;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.ByteString;

import dev.plumb.data.Normalizer;
import dev.plumb.data.TextVectorizer;
import dev.plumb.io.AtomicFile;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
import dev.plumb.io.PlumbVersion;
import dev.plumb.nn.Activation;
import dev.plumb.nn.BinaryCrossEntropy;
import dev.plumb.nn.Dense;
import dev.plumb.nn.Dropout;
import dev.plumb.nn.Identity;
import dev.plumb.nn.Layer;
import dev.plumb.nn.LeakyRelu;
import dev.plumb.nn.Loss;
import dev.plumb.nn.MeanSquaredError;
import dev.plumb.nn.Network;
import dev.plumb.nn.Relu;
import dev.plumb.nn.Sigmoid;
import dev.plumb.nn.Softmax;
import dev.plumb.nn.SoftmaxCrossEntropy;
import dev.plumb.nn.Tanh;
import dev.plumb.onnx.proto.OnnxProto.AttributeProto;
import dev.plumb.onnx.proto.OnnxProto.GraphProto;
import dev.plumb.onnx.proto.OnnxProto.ModelProto;
import dev.plumb.onnx.proto.OnnxProto.NodeProto;
import dev.plumb.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.plumb.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.plumb.onnx.proto.OnnxProto.TensorProto;
import dev.plumb.onnx.proto.OnnxProto.TensorShapeProto;
import dev.plumb.onnx.proto.OnnxProto.TypeProto;
import dev.plumb.onnx.proto.OnnxProto.ValueInfoProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a saved Plumb model ({@link ModelBundle}) as a standard ONNX model of its whole prediction path, so that
 * ONNX Runtime (or any ONNX consumer) predicts what {@link ModelBundle#predict} predicts:
 *
 * <ul>
 *   <li>input {@value #INPUT}, {@code [batch, features]} in the model's precision (float32 or float64), raw
 *       features as {@code predict} takes them, with a symbolic {@value #BATCH} dimension;</li>
 *   <li>the saved normalizer as two nodes, {@code Sub} (μ, or min) and {@code Div} (σ, or max − min; 1 for a
 *       constant feature), with the statistics as initializers — kept apart from the first layer's weights rather
 *       than folded into them, so the weights in the file are the trained weights bit for bit and the arithmetic is
 *       Plumb's own (x − offset) / divisor;</li>
 *   <li>every dense layer as {@code Gemm(h, W, b, transB=1)} (Plumb's W is {@code [units, inputs]}, like PyTorch's
 *       {@code nn.Linear}), each followed by its activation: {@code Relu}, {@code LeakyRelu} (alpha = the slope),
 *       {@code Tanh}, {@code Sigmoid}, {@code Softmax} (axis −1) or {@code Identity}; dropout layers are absent
 *       (inference);</li>
 *   <li>the loss's prediction as the output: {@code Softmax} (axis −1) for softmax cross-entropy and {@code Sigmoid}
 *       for binary cross-entropy, giving {@value #PROBABILITIES} {@code [batch, classes]} in the order of the
 *       class names; the raw values for mean squared error, giving {@value #PREDICTIONS} {@code [batch, outputs]}.</li>
 * </ul>
 *
 * <p>The file declares ONNX IR version {@value #IR_VERSION} and the default operator set {@value #OPSET}, and holds in
 * its metadata ({@code metadata_props}) Plumb's version, the class names, the feature names, the normalizer, the
 * loss and the precision. A text model's vectorizer (tokenizing and counting words) has no ONNX form that a runtime
 * would run the same way; the file holds the network from the vectorizer's output on, and the vectorizer's state
 * (vocabulary, idf, options) goes into the metadata as {@code vectorizer}, so that a consumer can build the same
 * features. The model's {@code doc_string} says all of this.
 */
public final class OnnxExport {

    /** The ONNX IR version the file declares: 8 (ONNX 1.12), the one that goes with operator set 17. */
    public static final long IR_VERSION = 8;
    /** The version of the default ("ai.onnx") operator set the graph uses. */
    public static final long OPSET = 17;
    /** Name of the graph's input: raw features, one example per row. */
    public static final String INPUT = "features";
    /** Name of the symbolic batch dimension of the input and the output. */
    public static final String BATCH = "batch";
    /** Name of the output of a classifier: class probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** Name of the output of a regression model: the predicted values. */
    public static final String PREDICTIONS = "predictions";
    /** {@code producer_name} of every file Plumb writes. */
    public static final String PRODUCER = "plumb";

    /** Keys of {@code metadata_props}. */
    public static final String META_PLUMB_VERSION = "plumb_version";
    public static final String META_CLASS_NAMES = "class_names";
    public static final String META_FEATURE_NAMES = "feature_names";
    public static final String META_NORMALIZER = "normalizer";
    public static final String META_LOSS = "loss";
    public static final String META_DTYPE = "dtype";
    public static final String META_VECTORIZER = "vectorizer";
    public static final String META_ARCHITECTURE = "architecture";

    /** Protobuf messages cannot exceed 2 GiB; weights beyond this much are refused before anything is built. */
    static final long MAX_TENSOR_BYTES = 1_900L << 20;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OnnxExport() {
    }

    /**
     * What was written, for a command to report.
     *
     * @param file         the ONNX file
     * @param inputName    the graph's input
     * @param inputs       features per example
     * @param outputName   the graph's output
     * @param outputs      values per example
     * @param output       what the output holds ("softmax probabilities", …)
     * @param dtype        the tensors' precision
     * @param normalizer   "standard", "minmax" or "none"
     * @param denseLayers  number of dense layers (Gemm nodes)
     * @param nodes        number of graph nodes
     * @param textFeatures true when the model reads text: the file takes the vectorizer's output
     * @param bytes        size of the file
     */
    public record Summary(Path file, String inputName, int inputs, String outputName, int outputs, String output,
                         DType dtype, String normalizer, int denseLayers, int nodes, boolean textFeatures, long bytes) {

        /** One line for a terminal. */
        public String describe() {
            return String.format(Locale.ROOT, "ONNX (IR %d, opset %d), %,d bytes: input %s [batch, %d] %s%s, normalizer %s,"
                            + " %d dense layer%s, output %s [batch, %d] (%s)", IR_VERSION, OPSET, bytes, inputName, inputs,
                    dtype.name().toLowerCase(Locale.ROOT), textFeatures ? " (the text vectorizer's output)" : "",
                    normalizer.equals("none") ? "none" : normalizer + " (Sub/Div)", denseLayers,
                    denseLayers == 1 ? "" : "s", outputName, outputs, output);
        }
    }

    /**
     * Writes {@code bundle} to {@code path} as an ONNX model, atomically (through {@link AtomicFile}: a failed
     * write leaves no partial file, and any previous file at the path unchanged).
     *
     * @throws IllegalArgumentException naming what cannot be exported (an activation or loss of your own) or a path
     *                                  that is a directory
     * @throws ModelFileException       if the file cannot be written
     */
    public static Summary write(ModelBundle bundle, Path path) throws ModelFileException {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("Invalid output " + path + ": it is a directory; give a file path such as "
                    + path.resolve("model.onnx"));
        }
        ModelProto model = toModel(bundle);
        AtomicFile.write(path, channel -> {
            OutputStream out = Channels.newOutputStream(channel); // not closed here: AtomicFile closes the channel
            model.writeTo(out);
            out.flush();
        });
        Network network = bundle.network();
        int dense = (int) network.layers().stream().filter(Dense.class::isInstance).count();
        GraphProto graph = model.getGraph();
        return new Summary(path, INPUT, network.inputs(), outputName(network.loss()), network.outputs(),
                outputDescription(network.loss()), network.dtype(), bundle.normalizer() == null ? "none"
                : bundle.normalizer().kind(), dense, graph.getNodeCount(), bundle.vectorizer() != null,
                model.getSerializedSize());
    }

    /**
     * The ONNX model of {@code bundle}'s prediction path (see the class comment).
     *
     * @throws IllegalArgumentException naming what cannot be exported
     */
    public static ModelProto toModel(ModelBundle bundle) {
        Network network = bundle.network();
        refuseWhatIsNotExportable(network);
        DType dtype = network.dtype();
        int elemType = elemType(dtype);
        Loss loss = network.loss();
        GraphProto.Builder graph = GraphProto.newBuilder().setName("plumb");
        String current = INPUT;
        int index = 0;

        Normalizer normalizer = bundle.normalizer();
        if (normalizer != null) {
            graph.addInitializer(vector("normalizer_offset", dtype, normalizer.offsets()));
            graph.addInitializer(vector("normalizer_divisor", dtype, normalizer.divisors()));
            graph.addNode(node("Sub", "normalize_subtract", List.of(current, "normalizer_offset"), "centered",
                    "x − " + (normalizer.kind().equals("standard") ? "μ" : "min") + " per feature"));
            graph.addNode(node("Div", "normalize_divide", List.of("centered", "normalizer_divisor"), "normalized",
                    "÷ " + (normalizer.kind().equals("standard") ? "σ" : "(max − min)") + " per feature (1 for a constant feature)"));
            current = "normalized";
        }

        int denseCount = (int) network.layers().stream().filter(Dense.class::isInstance).count();
        String output = outputName(loss);
        int dense = 0;
        for (Layer layer : network.layers()) {
            if (!(layer instanceof Dense d)) {
                continue; // dropout: the identity at inference
            }
            dense++;
            String w = "W" + dense;
            String b = "b" + dense;
            graph.addInitializer(matrix(w, dtype, d.weights()));
            graph.addInitializer(vector(b, dtype, d.biases().toDoubleArray()));
            String z = "z" + dense;
            NodeProto.Builder gemm = node("Gemm", "dense" + dense, List.of(current, w, b), z,
                    "dense layer " + dense + ": z = x·W" + dense + "ᵀ + b" + dense + " (W" + dense + " is [" + d.units()
                            + ", " + d.inputs() + "])");
            gemm.addAttribute(intAttribute("transB", 1));
            graph.addNode(gemm);
            boolean last = dense == denseCount;
            String a = last && loss instanceof MeanSquaredError ? output : "a" + dense;
            graph.addNode(activation(d.activation(), "activation" + dense, z, a));
            current = a;
        }
        if (loss instanceof SoftmaxCrossEntropy) {
            graph.addNode(axisMinusOne(node("Softmax", "output_softmax", List.of(current), output,
                    "class probabilities: softmax of the last layer's outputs (the loss's prediction)")));
        } else if (loss instanceof BinaryCrossEntropy) {
            graph.addNode(node("Sigmoid", "output_sigmoid", List.of(current), output,
                    "probabilities: the sigmoid of each of the last layer's outputs (the loss's prediction)"));
        }

        graph.addInput(valueInfo(INPUT, elemType, network.inputs(), inputDoc(bundle)));
        graph.addOutput(valueInfo(output, elemType, network.outputs(), outputDoc(bundle)));
        graph.setDocString("Plumb model: " + architecture(network));

        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(PRODUCER)
                .setProducerVersion(PlumbVersion.VERSION)
                .setDomain("dev.plumb")
                .setModelVersion(1)
                .setDocString(modelDoc(bundle))
                .setGraph(graph);
        metadata(model, bundle);
        return model.build();
    }

    private static void refuseWhatIsNotExportable(Network network) {
        List<String> problems = new ArrayList<>();
        long bytes = 0;
        int dense = 0;
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense d) {
                dense++;
                if (!Activation.isBuiltIn(d.activation())) {
                    problems.add("the activation '" + d.activation().id() + "' (" + d.activation().getClass().getName()
                            + ") of dense layer " + dense);
                }
                bytes += ((long) d.units() * d.inputs() + d.units()) * network.dtype().bytes();
            } else if (!(layer instanceof Dropout)) {
                problems.add("the layer " + layer.describe() + " (" + layer.getClass().getName() + ")");
            }
        }
        Loss loss = network.loss();
        if (!(loss instanceof SoftmaxCrossEntropy || loss instanceof BinaryCrossEntropy || loss instanceof MeanSquaredError)) {
            problems.add("the loss '" + loss.id() + "' (" + loss.getClass().getName() + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot export the model to ONNX: it uses " + String.join(" and ", problems)
                    + "; ONNX export covers Plumb's dense and dropout layers, the activations relu, leaky_relu, tanh,"
                    + " sigmoid, softmax and identity, and the losses softmax_cross_entropy, binary_cross_entropy and mse");
        }
        if (bytes > MAX_TENSOR_BYTES) {
            throw new IllegalArgumentException("Cannot export the model to ONNX: its weights take " + bytes + " bytes, and an"
                    + " ONNX file in one piece is limited to 2 GiB by protobuf");
        }
    }

    private static NodeProto.Builder activation(Activation activation, String name, String input, String output) {
        if (activation instanceof Relu) {
            return node("Relu", name, List.of(input), output, "relu: max(0, z)");
        }
        if (activation instanceof LeakyRelu leaky) {
            return node("LeakyRelu", name, List.of(input), output, "leaky relu: z for z > 0, " + leaky.slope() + "·z otherwise")
                    .addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
                            .setF((float) leaky.slope()));
        }
        if (activation instanceof Tanh) {
            return node("Tanh", name, List.of(input), output, "tanh");
        }
        if (activation instanceof Sigmoid) {
            return node("Sigmoid", name, List.of(input), output, "sigmoid: 1 / (1 + e^−z)");
        }
        if (activation instanceof Softmax) {
            return axisMinusOne(node("Softmax", name, List.of(input), output, "softmax over the layer's units"));
        }
        if (activation instanceof Identity) {
            return node("Identity", name, List.of(input), output, "identity (a linear layer)");
        }
        throw new IllegalArgumentException("Cannot export the activation '" + activation.id() + "' to ONNX"); // refused above
    }

    private static NodeProto.Builder axisMinusOne(NodeProto.Builder node) {
        return node.addAttribute(intAttribute("axis", -1));
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output, String doc) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).setDocString(doc);
    }

    private static ValueInfoProto valueInfo(String name, int elemType, int width, String doc) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).setDocString(doc).build();
    }

    private static int elemType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64 -> TensorProto.DataType.DOUBLE_VALUE;
        };
    }

    /** A 1-D tensor, its values rounded to {@code dtype} as Plumb rounds them. */
    private static TensorProto vector(String name, DType dtype, double[] values) {
        return tensor(name, dtype, new long[] {values.length}, values);
    }

    /** A 2-D tensor [rows, cols], row-major as Plumb stores it. */
    private static TensorProto matrix(String name, DType dtype, Matrix m) {
        return tensor(name, dtype, new long[] {m.rows(), m.cols()}, m.toDoubleArray());
    }

    private static TensorProto tensor(String name, DType dtype, long[] dims, double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (dtype == DType.FLOAT32) {
                bytes.putFloat((float) v);
            } else {
                bytes.putDouble(v);
            }
        }
        bytes.flip();
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(elemType(dtype))
                .setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    private static String outputName(Loss loss) {
        return loss.isClassification() ? PROBABILITIES : PREDICTIONS;
    }

    private static String outputDescription(Loss loss) {
        if (loss instanceof SoftmaxCrossEntropy) {
            return "softmax probabilities";
        }
        if (loss instanceof BinaryCrossEntropy) {
            return "sigmoid probabilities";
        }
        return "predicted values";
    }

    private static String architecture(Network network) {
        List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(network.inputs()));
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense d) {
                parts.add("Dense(" + d.units() + ", " + d.activation().id() + ")");
            }
        }
        return String.join(" → ", parts) + ", loss " + network.loss().id() + ", " + network.dtype().name().toLowerCase(Locale.ROOT);
    }

    private static String inputDoc(ModelBundle bundle) {
        Network network = bundle.network();
        String what = bundle.vectorizer() != null
                ? "the text vectorizer's output, not text: one row per document, " + network.inputs() + " term weights ("
                + bundle.vectorizer().options().weighting().name().toLowerCase(Locale.ROOT) + ") over the vocabulary in the"
                + " metadata entry '" + META_VECTORIZER + "'"
                : "raw features, one row per example, " + network.inputs() + " columns"
                + (bundle.featureNames().isEmpty() ? "" : " in the order of the metadata entry '" + META_FEATURE_NAMES + "'");
        return what + (bundle.normalizer() == null ? "; used as they are (the model has no normalizer)"
                : "; normalized inside the graph with the statistics saved with the model (" + bundle.normalizer().kind() + ")");
    }

    private static String outputDoc(ModelBundle bundle) {
        Loss loss = bundle.network().loss();
        if (loss.isClassification()) {
            return outputDescription(loss) + ", one row per example, one column per class in the order of the metadata"
                    + " entry '" + META_CLASS_NAMES + "'";
        }
        return "predicted values, one row per example";
    }

    private static String modelDoc(ModelBundle bundle) {
        Network network = bundle.network();
        Normalizer normalizer = bundle.normalizer();
        StringBuilder doc = new StringBuilder("A Plumb model (").append(architecture(network)).append("), exported by Plumb ")
                .append(PlumbVersion.VERSION).append(". Input '").append(INPUT).append("' [").append(BATCH).append(", ")
                .append(network.inputs()).append("]: ").append(inputDoc(bundle)).append(". ");
        if (normalizer != null) {
            doc.append("The normalizer is the graph's first two nodes, Sub and Div with the initializers normalizer_offset (")
                    .append(normalizer.kind().equals("standard") ? "μ" : "min").append(") and normalizer_divisor (")
                    .append(normalizer.kind().equals("standard") ? "σ" : "max − min")
                    .append("; 1 for a constant feature), not folded into the first layer, so W1 and b1 are the trained weights. ");
        }
        doc.append("Each dense layer is a Gemm with transB=1 (W is [units, inputs]) followed by its activation; dropout is"
                + " absent (inference). Output '").append(outputName(network.loss())).append("' [").append(BATCH).append(", ")
                .append(network.outputs()).append("]: ").append(outputDoc(bundle)).append('.');
        if (bundle.vectorizer() != null) {
            doc.append(" The model reads text: tokenizing and weighting words is not in the graph; build the features with"
                    + " Plumb's TextVectorizer from the state in the metadata entry '" + META_VECTORIZER
                    + "' (vocabulary, idf and options), or let Plumb predict on the documents.");
        }
        return doc.toString();
    }

    private static void metadata(ModelProto.Builder model, ModelBundle bundle) {
        Map<String, String> meta = new LinkedHashMap<>();
        Network network = bundle.network();
        meta.put(META_PLUMB_VERSION, PlumbVersion.VERSION);
        meta.put(META_ARCHITECTURE, architecture(network));
        meta.put(META_DTYPE, network.dtype().name().toLowerCase(Locale.ROOT));
        meta.put(META_LOSS, network.loss().id());
        meta.put(META_NORMALIZER, bundle.normalizer() == null ? "none" : bundle.normalizer().kind());
        meta.put(META_CLASS_NAMES, JSON.writeValueAsString(bundle.classNames()));
        meta.put(META_FEATURE_NAMES, JSON.writeValueAsString(bundle.featureNames()));
        TextVectorizer vectorizer = bundle.vectorizer();
        if (vectorizer != null) {
            meta.put(META_VECTORIZER, JSON.writeValueAsString(vectorizer.state()));
        }
        meta.forEach((key, value) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    }
}
