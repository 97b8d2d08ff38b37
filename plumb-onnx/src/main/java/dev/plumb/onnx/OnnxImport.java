package dev.plumb.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.plumb.data.Normalizer;
import dev.plumb.data.Standardizer;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.ModelFileException;
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
import dev.plumb.onnx.proto.OnnxProto.ValueInfoProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ONNX multilayer perceptron into a Plumb {@link ModelBundle}, so that a model trained elsewhere can be
 * evaluated, used for predictions, gradient-checked, diagnosed and fine-tuned like one Plumb trained.
 *
 * <p>The graph must be one chain from its single input to its single output, made of:
 * <ul>
 *   <li>optionally, first, {@code Sub} and/or {@code Div} by constant vectors: the input normalization, kept as the
 *       model's normalizer ((x − offset) / divisor, recorded as a standardizer with μ = offset and σ = divisor);</li>
 *   <li>dense layers: {@code Gemm} (transA = 0, alpha = beta = 1, transB 0 or 1, bias optional) or {@code MatMul}
 *       followed by an optional {@code Add} of a constant vector;</li>
 *   <li>after each dense layer, optionally, an activation: {@code Relu}, {@code LeakyRelu}, {@code Tanh},
 *       {@code Sigmoid} or {@code Identity};</li>
 *   <li>optionally, last, {@code Softmax} over the last axis (the model becomes a softmax classifier) or
 *       {@code Sigmoid} (independent sigmoid outputs, binary cross-entropy); without either the outputs are
 *       regression values (mean squared error).</li>
 * </ul>
 * {@code Identity} and {@code Dropout} nodes anywhere in the chain are passed through; constants may be initializers
 * or {@code Constant} nodes. Anything else is refused in one line naming the node, its op type and what is supported.
 *
 * <p>The reader is strict like the safetensors reader: the file's size is checked before it is read, every tensor's
 * declared shape is checked against the bytes it holds before any array is made, and a truncated or corrupt file is
 * one {@link ModelFileException}, never an {@code OutOfMemoryError}. Class and feature names come from the
 * file's metadata when Plumb wrote it ({@code class_names}, {@code feature_names}); otherwise classes are named
 * 0, 1, … and features are unnamed.
 */
public final class OnnxImport {

    /** Op types the importer understands. */
    public static final List<String> SUPPORTED = List.of("Sub", "Div", "Gemm", "MatMul", "Add", "Relu", "LeakyRelu",
            "Tanh", "Sigmoid", "Identity", "Softmax", "Dropout", "Constant");

    /** Protobuf messages cannot exceed 2 GiB, so no ONNX file in one piece is larger. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OnnxImport() {
    }

    /**
     * What was imported, for a command to report.
     *
     * @param model       the bundle
     * @param description one line: the architecture, the normalizer, the output
     */
    public record Imported(ModelBundle model, String description) {
    }

    /** Reads {@code file} (see the class comment). */
    public static Imported read(Path file) throws ModelFileException {
        ModelProto model = parse(file);
        try {
            return new Reader(file, model).read();
        } catch (IllegalArgumentException | ArithmeticException e) { // a value Plumb refuses (a slope, a size)
            throw new ModelFileException(file, "cannot be imported: " + e.getMessage(), e);
        }
    }

    private static ModelProto parse(Path file) throws ModelFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file; pass an .onnx model file");
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, "is a directory; pass an .onnx model file");
        }
        if (size == 0) {
            throw new ModelFileException(file, "is empty (0 bytes); it is not an ONNX model");
        }
        if (size > MAX_FILE_BYTES) {
            throw new ModelFileException(file, "is " + size + " bytes; an ONNX model in one file is at most 2 GiB "
                    + "(models with external data files are not supported)");
        }
        try {
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new ModelFileException(file, "holds no graph; it is not an ONNX model (or it is empty)");
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFileException(file, "not a valid ONNX model: " + e.getMessage()
                    + " (the file is truncated, damaged or of another format)", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** One pass over one graph. */
    private static final class Reader {
        private final Path file;
        private final ModelProto model;
        private final GraphProto graph;
        private final Map<String, TensorProto> constants = new HashMap<>();
        private final Map<String, List<NodeProto>> consumers = new HashMap<>();
        private DType dtype;

        Reader(Path file, ModelProto model) {
            this.file = file;
            this.model = model;
            this.graph = model.getGraph();
        }

        Imported read() throws ModelFileException {
            for (TensorProto t : graph.getInitializerList()) {
                constants.put(t.getName(), t);
            }
            for (NodeProto node : graph.getNodeList()) {
                if (node.getOpType().equals("Constant")) {
                    if (node.getOutputCount() != 1) {
                        throw unsupported(node, "a Constant has one output");
                    }
                    constants.put(node.getOutput(0), constantValue(node));
                    continue;
                }
                for (String input : node.getInputList()) {
                    if (!input.isEmpty() && !constants.containsKey(input)) {
                        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                    }
                }
            }
            List<ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !constants.containsKey(v.getName())).toList();
            if (inputs.size() != 1 || graph.getOutputCount() != 1) {
                throw problem("has " + inputs.size() + " input(s) and " + graph.getOutputCount() + " output(s); an MLP has one "
                        + "of each (features in, predictions out)");
            }
            String current = inputs.get(0).getName();
            String output = graph.getOutput(0).getName();

            double[] offset = null;
            double[] divisor = null;
            List<LayerSpec> layers = new ArrayList<>();
            List<Matrix[]> weights = new ArrayList<>();
            Loss loss = Loss.meanSquaredError();
            int width = -1;
            String outputKind = "regression values";
            while (!current.equals(output)) {
                NodeProto node = next(current);
                String op = node.getOpType();
                switch (op) {
                    case "Identity", "Dropout" -> current = node.getOutput(0);
                    case "Sub", "Div" -> {
                        if (!layers.isEmpty() || (op.equals("Sub") && (offset != null || divisor != null))
                                || (op.equals("Div") && divisor != null)) {
                            throw unsupported(node, "a Sub or Div is read only in front of the first dense layer, as the "
                                    + "input normalization (Sub by offsets, then Div by divisors)");
                        }
                        double[] v = vector(constantOperand(node, current), node);
                        if (op.equals("Sub")) {
                            offset = v;
                        } else {
                            divisor = v;
                        }
                        current = node.getOutput(0);
                    }
                    case "Gemm", "MatMul" -> {
                        Matrix[] wb = dense(node, current);
                        current = node.getOutput(0);
                        if (op.equals("MatMul")) {
                            List<NodeProto> after = consumers.getOrDefault(current, List.of());
                            if (after.size() == 1 && after.get(0).getOpType().equals("Add") && !current.equals(output)) {
                                NodeProto add = after.get(0);
                                double[] bias = vector(constantOperand(add, current), add);
                                wb[1] = bias(bias, wb[0].rows(), add);
                                current = add.getOutput(0);
                            }
                        }
                        if (width >= 0 && wb[0].cols() != width) {
                            throw unsupported(node, "its weights take " + wb[0].cols() + " inputs but the layer before gives "
                                    + width);
                        }
                        width = wb[0].rows();
                        Activation activation = Activation.identity();
                        if (!current.equals(output)) {
                            NodeProto a = next(current);
                            Activation read = activation(a);
                            // a Softmax or Sigmoid that gives the graph's output right after a dense layer is the model's
                            // output (its loss's prediction), not the layer's activation
                            boolean isOutput = endsAt(a, output) && (a.getOpType().equals("Softmax")
                                    || a.getOpType().equals("Sigmoid"));
                            if (read != null && !isOutput) {
                                activation = read;
                                current = a.getOutput(0);
                            }
                        }
                        layers.add(LayerSpec.dense(wb[0].rows(), activation));
                        weights.add(wb);
                    }
                    case "Softmax" -> {
                        requireLast(node, output, "Softmax is read only as the output (class probabilities)");
                        long axis = intAttribute(node, "axis", -1);
                        if (axis != -1 && axis != 1) {
                            throw unsupported(node, "softmax over axis " + axis + "; the output softmax is over the last "
                                    + "axis (-1 or 1 for [batch, classes])");
                        }
                        loss = Loss.softmaxCrossEntropy();
                        outputKind = "softmax probabilities";
                        current = node.getOutput(0);
                    }
                    case "Sigmoid" -> {
                        requireLast(node, output, "a Sigmoid after an activation is read only as the output");
                        loss = Loss.binaryCrossEntropy();
                        outputKind = "sigmoid probabilities";
                        current = node.getOutput(0);
                    }
                    default -> throw unsupported(node, "it is not part of an MLP that Plumb reads");
                }
            }
            if (layers.isEmpty()) {
                throw problem("has no dense layer (Gemm or MatMul); Plumb imports multilayer perceptrons");
            }
            int inputs0 = weights.get(0)[0].cols();
            Normalizer normalizer = normalizer(offset, divisor, inputs0);
            NetworkSpec spec = new NetworkSpec(inputs0, layers, loss, 0, 0);
            Network network = spec.build(dtype, 0);
            for (int i = 0; i < weights.size(); i++) {
                network.parameters().get(Network.parameterName(Dense.WEIGHT, i + 1)).value().copyFrom(weights.get(i)[0]);
                network.parameters().get(Network.parameterName(Dense.BIAS, i + 1)).value().copyFrom(weights.get(i)[1]);
            }
            int outputs = weights.get(weights.size() - 1)[0].rows();
            List<String> classNames = names("class_names", outputs, loss.isClassification());
            List<String> featureNames = names("feature_names", inputs0, false);
            ModelBundle bundle;
            try {
                bundle = new ModelBundle(network, normalizer, classNames, null, null, featureNames);
            } catch (IllegalArgumentException e) {
                throw problem("cannot be made into a Plumb model: " + e.getMessage());
            }
            String description = String.format(Locale.ROOT, "%s, %s, normalizer %s, output %s (%d), from %s",
                    architecture(inputs0, layers), dtype.name().toLowerCase(Locale.ROOT),
                    normalizer == null ? "none" : "(x − offset) / divisor", outputKind, outputs,
                    model.getProducerName().isEmpty() ? "an unnamed producer" : (model.getProducerName() + " "
                            + model.getProducerVersion()).strip());
            if (model.getMetadataPropsList().stream().anyMatch(e -> e.getKey().equals(OnnxExport.META_VECTORIZER))) {
                description += "; note: the file comes from a text model, and its vectorizer (in the metadata) is not "
                        + "imported — the imported model takes feature vectors (the vectorizer's output), not text";
            }
            return new Imported(bundle, description);
        }

        // The one node that reads `value`; a fork or a dead end is not a chain.
        private NodeProto next(String value) throws ModelFileException {
            List<NodeProto> readers = consumers.getOrDefault(value, List.of());
            if (readers.size() != 1) {
                throw problem(readers.isEmpty() ? "has no node reading '" + value + "', so its output '"
                        + graph.getOutput(0).getName() + "' cannot be reached by a chain" : "has " + readers.size()
                        + " nodes reading '" + value + "'; an MLP is one chain of nodes");
            }
            NodeProto node = readers.get(0);
            if (!SUPPORTED.contains(node.getOpType())) {
                throw unsupported(node, "it is not part of an MLP that Plumb reads");
            }
            if (node.getOutputCount() != 1 || node.getOutput(0).isEmpty()) {
                throw unsupported(node, "it has " + node.getOutputCount() + " outputs; each node of an MLP has one");
            }
            return node;
        }

        private static boolean endsAt(NodeProto node, String output) {
            return node.getOutput(0).equals(output);
        }

        private void requireLast(NodeProto node, String output, String why) throws ModelFileException {
            if (!node.getOutput(0).equals(output)) {
                throw unsupported(node, why);
            }
        }

        // W [units, inputs] and b [1, units] of a Gemm or MatMul reading `x`.
        private Matrix[] dense(NodeProto node, String x) throws ModelFileException {
            if (node.getInputCount() < 2 || !node.getInput(0).equals(x)) {
                throw unsupported(node, "a dense layer takes the previous value as its first input and constant weights "
                        + "as its second");
            }
            TensorProto w = constant(node.getInput(1), node);
            if (w.getDimsCount() != 2) {
                throw unsupported(node, "its weights have " + w.getDimsCount() + " dimensions; a dense layer's have 2");
            }
            boolean transB = node.getOpType().equals("Gemm") && intAttribute(node, "transB", 0) == 1;
            if (node.getOpType().equals("Gemm")) {
                if (intAttribute(node, "transA", 0) != 0 || floatAttribute(node, "alpha", 1f) != 1f
                        || floatAttribute(node, "beta", 1f) != 1f) {
                    throw unsupported(node, "Gemm with transA = 1 or alpha, beta other than 1; a dense layer is "
                            + "Gemm(x, W, b) with transA = 0 and alpha = beta = 1");
                }
            }
            double[] values = values(w, node);
            int r = dim(w, 0, node);
            int c = dim(w, 1, node);
            // Plumb's W is [units, inputs]: Gemm with transB = 1 stores it so; MatMul and Gemm without it store Wᵀ
            Matrix weights = transB ? Matrix.fromRowMajor(dtype, r, c, values) : transpose(values, r, c);
            Matrix bias = Matrix.zeros(dtype, 1, weights.rows());
            if (node.getOpType().equals("Gemm") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                bias = bias(vector(constant(node.getInput(2), node), node), weights.rows(), node);
            }
            return new Matrix[] {weights, bias};
        }

        private Matrix transpose(double[] values, int rows, int cols) {
            double[] t = new double[values.length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[j * rows + i] = values[i * cols + j];
                }
            }
            return Matrix.fromRowMajor(dtype, cols, rows, t);
        }

        private Matrix bias(double[] b, int units, NodeProto node) throws ModelFileException {
            if (b.length != units) {
                throw unsupported(node, "its bias has " + b.length + " values for " + units + " units");
            }
            return Matrix.fromRowMajor(dtype, 1, units, b);
        }

        private static Activation activation(NodeProto node) {
            return switch (node.getOpType()) {
                case "Relu" -> Activation.relu();
                // alpha is a float attribute: read back as the decimal it was written from (0.2f → 0.2, not 0.200000003)
                case "LeakyRelu" -> Activation.leakyRelu(Double.parseDouble(Float.toString(floatAttribute(node, "alpha", 0.01f))));
                case "Softmax" -> intAttribute(node, "axis", -1) == -1 || intAttribute(node, "axis", -1) == 1
                        ? Activation.softmax() : null;
                case "Tanh" -> Activation.tanh();
                case "Sigmoid" -> Activation.sigmoid();
                case "Identity" -> Activation.identity();
                default -> null;
            };
        }

        private Normalizer normalizer(double[] offset, double[] divisor, int inputs) throws ModelFileException {
            if (offset == null && divisor == null) {
                return null;
            }
            double[] mu = offset != null ? offset : new double[inputs];
            double[] sigma = divisor != null ? divisor : filled(inputs, 1);
            if (mu.length != inputs || sigma.length != inputs) {
                throw problem("normalizes " + Math.max(mu.length, sigma.length) + " features but its first layer takes "
                        + inputs);
            }
            try {
                return Standardizer.of(mu, sigma);
            } catch (IllegalArgumentException e) {
                throw problem("has an input normalization Plumb cannot use: " + e.getMessage());
            }
        }

        private static double[] filled(int n, double value) {
            double[] v = new double[n];
            java.util.Arrays.fill(v, value);
            return v;
        }

        // Names from Plumb's metadata when present and of the right count; else 0..n-1 for classes, none for features.
        private List<String> names(String key, int count, boolean numbered) throws ModelFileException {
            for (StringStringEntryProto e : model.getMetadataPropsList()) {
                if (e.getKey().equals(key)) {
                    try {
                        List<String> names = JSON.readValue(e.getValue(), new TypeReference<List<String>>() { });
                        if (names != null && names.size() == count) {
                            return names;
                        }
                        if (names != null && !names.isEmpty()) {
                            throw problem("metadata " + key + " names " + names.size() + " but the network has " + count);
                        }
                    } catch (JacksonException ex) {
                        throw problem("metadata " + key + " is not a JSON list of names: " + ex.getOriginalMessage());
                    }
                }
            }
            if (!numbered) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(String.valueOf(i));
            }
            return out;
        }

        private TensorProto constantOperand(NodeProto node, String current) throws ModelFileException {
            if (node.getInputCount() != 2) {
                throw unsupported(node, "it takes " + node.getInputCount() + " inputs; two are expected");
            }
            String other = node.getInput(0).equals(current) ? node.getInput(1) : node.getInput(0);
            if (!node.getInput(0).equals(current) && !(node.getOpType().equals("Add"))) {
                throw unsupported(node, "the constant must be its second operand (x " + (node.getOpType().equals("Sub")
                        ? "−" : "÷") + " c)");
            }
            return constant(other, node);
        }

        private TensorProto constant(String name, NodeProto node) throws ModelFileException {
            TensorProto t = constants.get(name);
            if (t == null) {
                throw unsupported(node, "its operand '" + name + "' is not a constant (an initializer or a Constant node)");
            }
            return t;
        }

        private TensorProto constantValue(NodeProto node) throws ModelFileException {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.getName().equals("value") && a.hasT()) {
                    return a.getT();
                }
            }
            throw unsupported(node, "a Constant is read only with a tensor 'value'");
        }

        private double[] vector(TensorProto t, NodeProto node) throws ModelFileException {
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            int nonOne = 0;
            for (long d : t.getDimsList()) {
                if (d != 1) {
                    nonOne++;
                }
            }
            if (nonOne > 1) {
                throw unsupported(node, "its constant '" + t.getName() + "' has shape " + t.getDimsList() + "; a vector "
                        + "(one value per feature or unit) is expected");
            }
            return values(t, node);
        }

        private int dim(TensorProto t, int i, NodeProto node) throws ModelFileException {
            long d = t.getDims(i);
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw unsupported(node, "tensor '" + t.getName() + "' has dimension " + d);
            }
            return (int) d;
        }

        // The tensor's values, its shape checked against the bytes it holds before any array is made.
        private double[] values(TensorProto t, NodeProto node) throws ModelFileException {
            DType type = switch (t.getDataType()) {
                case TensorProto.DataType.FLOAT_VALUE -> DType.FLOAT32;
                case TensorProto.DataType.DOUBLE_VALUE -> DType.FLOAT64;
                default -> throw unsupported(node, "tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                        + "; Plumb reads float (1) and double (11) tensors");
            };
            if (dtype == null) {
                dtype = type;
            } else if (dtype != type) {
                throw problem("mixes float and double tensors ('" + t.getName() + "' is " + type.name().toLowerCase(Locale.ROOT)
                        + "); a Plumb model has one precision");
            }
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw unsupported(node, "tensor '" + t.getName() + "' is stored in an external file; save the model "
                        + "with its weights inside the .onnx file");
            }
            long count = 1;
            for (long d : t.getDimsList()) {
                if (d < 0) {
                    throw unsupported(node, "tensor '" + t.getName() + "' has a negative dimension " + d);
                }
                count = Math.multiplyExact(count, d);
            }
            long have = !t.getRawData().isEmpty() ? t.getRawData().size() / (long) type.bytes()
                    : type == DType.FLOAT32 ? t.getFloatDataCount() : t.getDoubleDataCount();
            long rawBytes = t.getRawData().size();
            if (have != count || (!t.getRawData().isEmpty() && rawBytes % type.bytes() != 0)) {
                throw problem("tensor '" + t.getName() + "' declares shape " + t.getDimsList() + " (" + count + " values) "
                        + "but holds " + (t.getRawData().isEmpty() ? have + " values" : rawBytes + " bytes")
                        + "; the file is damaged");
            }
            double[] out = new double[(int) count];
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < out.length; i++) {
                    out[i] = type == DType.FLOAT32 ? b.getFloat() : b.getDouble();
                }
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = type == DType.FLOAT32 ? t.getFloatData(i) : t.getDoubleData(i);
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (!Double.isFinite(out[i])) {
                    throw problem("tensor '" + t.getName() + "' holds a non-finite value (" + out[i] + ") at index " + i);
                }
            }
            return out;
        }

        private static long intAttribute(NodeProto node, String name, long fallback) {
            return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                    .map(AttributeProto::getI).orElse(fallback);
        }

        private static float floatAttribute(NodeProto node, String name, float fallback) {
            return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                    .map(AttributeProto::getF).orElse(fallback);
        }

        private ModelFileException unsupported(NodeProto node, String why) {
            return new ModelFileException(file, "node '" + node.getName() + "' (" + node.getOpType() + ") cannot be "
                    + "imported: " + why + ". Plumb imports MLPs made of Gemm or MatMul+Add, Relu, LeakyRelu, Tanh, Sigmoid, "
                    + "Identity, an optional Sub/Div normalization in front and Softmax or Sigmoid at the end");
        }

        private ModelFileException problem(String what) {
            return new ModelFileException(file, what);
        }

        private static String architecture(int inputs, List<LayerSpec> layers) {
            StringBuilder s = new StringBuilder(String.valueOf(inputs));
            for (LayerSpec l : layers) {
                s.append(" → Dense(").append(l.units()).append(", ").append(l.activation().id()).append(')');
            }
            return s.toString();
        }
    }
}
