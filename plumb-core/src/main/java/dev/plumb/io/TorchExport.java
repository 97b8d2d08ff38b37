package dev.plumb.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.plumb.data.Normalizer;
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
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a saved model for PyTorch into a directory: {@value #WEIGHTS_FILE}, the weights under the {@code state_dict}
 * names and in the layouts of an equivalent {@code torch.nn.Sequential} ({@code "0.weight"} [out, in] and
 * {@code "0.bias"} [out] for the first {@code nn.Linear} — Plumb's W is already [out, in]), the normalizer as the
 * tensors {@code normalizer.offset} and {@code normalizer.divisor}, and the class names, feature names and Plumb's
 * version in the file's metadata; and {@value #SCRIPT_FILE}, a short generated script that builds the
 * {@code Sequential} (each dense layer an {@code nn.Linear} followed by its activation module, a dropout layer an
 * {@code nn.Dropout} — the identity in eval mode — and for a classifier the loss's prediction, {@code nn.Softmax(dim=-1)}
 * or {@code nn.Sigmoid()}), loads the file (with a reader of its own, so it needs only torch) and applies the
 * normalizer: {@code model.load().predict(raw_features)} gives what {@link ModelBundle#predict} gives. Each file is
 * written atomically ({@link AtomicFile}). A text model's script takes the vectorizer's output, as the ONNX export does;
 * the vectorizer's state is in the metadata as {@code vectorizer}.
 */
public final class TorchExport {

    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String SCRIPT_FILE = "model.py";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TorchExport() {
    }

    /**
     * What was written, for a command to report.
     *
     * @param directory  the directory holding the two files
     * @param inputs     features per example
     * @param modules    the {@code Sequential}'s modules, as Python expressions, in order
     * @param tensors    the names of the tensors in {@value #WEIGHTS_FILE}
     * @param dtype      their precision
     * @param normalizer "standard", "minmax" or "none"
     * @param text       true when the model reads text (the script takes the vectorizer's output)
     */
    public record Summary(Path directory, int inputs, List<String> modules, List<String> tensors, DType dtype, String normalizer,
                          boolean text) {

        /** One line for a terminal. */
        public String describe() {
            return String.format(Locale.ROOT, "%s and %s: torch.nn.Sequential of %d modules, %d tensors (%s), normalizer %s",
                    WEIGHTS_FILE, SCRIPT_FILE, modules.size(), tensors.size(), dtype.name().toLowerCase(Locale.ROOT),
                    normalizer);
        }
    }

    /**
     * Writes {@code bundle} to {@code directory} (created if missing) as {@value #WEIGHTS_FILE} and {@value #SCRIPT_FILE},
     * replacing those two files if they exist.
     *
     * @throws IllegalArgumentException naming what cannot be exported, or a directory path that is a file
     * @throws ModelFileException       if a file cannot be written
     */
    public static Summary write(ModelBundle bundle, Path directory) throws ModelFileException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("Invalid output " + directory + ": it is a file; the torch export writes a"
                    + " directory (" + WEIGHTS_FILE + " and " + SCRIPT_FILE + "), e.g. " + directory + "-torch");
        }
        Network network = bundle.network();
        DType dtype = network.dtype();
        List<String> modules = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int dense = 0;
        for (Layer layer : network.layers()) {
            if (layer instanceof Dense d) {
                dense++;
                int index = modules.size();
                tensors.put(index + ".weight", new Tensor(new long[] {d.units(), d.inputs()}, d.weights()));
                tensors.put(index + ".bias", new Tensor(new long[] {d.units()}, d.biases()));
                modules.add("nn.Linear(" + d.inputs() + ", " + d.units() + ")");
                comments.add("dense layer " + dense + ": weight = W" + dense + " [" + d.units() + ", " + d.inputs() + "], bias = b"
                        + dense);
                String activation = module(d.activation());
                if (activation == null) {
                    problems.add("the activation '" + d.activation().id() + "' (" + d.activation().getClass().getName()
                            + ") of dense layer " + dense);
                }
                modules.add(activation);
                comments.add("its activation, " + d.activation().id());
            } else if (layer instanceof Dropout dropout) {
                modules.add("nn.Dropout(p=" + pythonFloat(1 - dropout.keepProb()) + ")");
                comments.add("dropout (keep probability " + dropout.keepProb() + "): the identity in eval mode");
            } else {
                problems.add("the layer " + layer.describe() + " (" + layer.getClass().getName() + ")");
            }
        }
        Loss loss = network.loss();
        if (loss instanceof SoftmaxCrossEntropy) {
            modules.add("nn.Softmax(dim=-1)");
            comments.add("the loss's prediction: class probabilities");
        } else if (loss instanceof BinaryCrossEntropy) {
            modules.add("nn.Sigmoid()");
            comments.add("the loss's prediction: a probability per output");
        } else if (!(loss instanceof MeanSquaredError)) {
            problems.add("the loss '" + loss.id() + "' (" + loss.getClass().getName() + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot export the model to PyTorch: it uses " + String.join(" and ", problems)
                    + "; the export covers Plumb's dense and dropout layers, the activations relu, leaky_relu, tanh, sigmoid,"
                    + " softmax and identity, and the losses softmax_cross_entropy, binary_cross_entropy and mse");
        }
        Normalizer normalizer = bundle.normalizer();
        if (normalizer != null) {
            tensors.put("normalizer.offset", new Tensor(new long[] {normalizer.featureCount()},
                    Matrix.fromRowMajor(dtype, 1, normalizer.featureCount(), normalizer.offsets())));
            tensors.put("normalizer.divisor", new Tensor(new long[] {normalizer.featureCount()},
                    Matrix.fromRowMajor(dtype, 1, normalizer.featureCount(), normalizer.divisors())));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("producer", "plumb");
        metadata.put("plumb_version", PlumbVersion.VERSION);
        metadata.put("class_names", JSON.writeValueAsString(bundle.classNames()));
        metadata.put("feature_names", JSON.writeValueAsString(bundle.featureNames()));
        metadata.put("normalizer", normalizer == null ? "none" : normalizer.kind());
        metadata.put("loss", loss.id());
        if (bundle.vectorizer() != null) {
            metadata.put("vectorizer", JSON.writeValueAsString(bundle.vectorizer().state()));
        }

        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new ModelFileException(directory, "cannot create the directory: " + e.getMessage(), e);
        }
        AtomicFile.write(directory.resolve(WEIGHTS_FILE), safetensors(tensors, metadata, dtype));
        AtomicFile.write(directory.resolve(SCRIPT_FILE), script(bundle, modules, comments));
        return new Summary(directory, network.inputs(), List.copyOf(modules), List.copyOf(tensors.keySet()), dtype,
                normalizer == null ? "none" : normalizer.kind(), bundle.vectorizer() != null);
    }

    /** The {@code torch.nn} module of a built-in activation; null for one of your own. */
    private static String module(Activation activation) {
        if (activation instanceof Relu) {
            return "nn.ReLU()";
        }
        if (activation instanceof LeakyRelu leaky) {
            return "nn.LeakyReLU(negative_slope=" + pythonFloat(leaky.slope()) + ")";
        }
        if (activation instanceof Tanh) {
            return "nn.Tanh()";
        }
        if (activation instanceof Sigmoid) {
            return "nn.Sigmoid()";
        }
        if (activation instanceof Softmax) {
            return "nn.Softmax(dim=-1)";
        }
        if (activation instanceof Identity) {
            return "nn.Identity()";
        }
        return null;
    }

    /** A Python float literal that reads back as the same double. */
    private static String pythonFloat(double value) {
        return Double.toString(value); // shortest round-tripping digits; Python reads "1.0E-4" too
    }

    private record Tensor(long[] shape, Matrix values) {
    }

    /** A safetensors file: the 8-byte header length, the JSON header (padded to 8 bytes), the data, little-endian. */
    private static byte[] safetensors(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long bytes = (long) e.getValue().values().size() * dtype.bytes();
            header.put(e.getKey(), Map.of("dtype", dtype.safetensorsName(), "shape", e.getValue().shape(),
                    "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Cannot export the model to PyTorch: its weights take " + offset
                    + " bytes, more than this exporter writes in one file (2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            Matrix m = t.values();
            for (int i = 0; i < m.size(); i++) {
                if (dtype == DType.FLOAT32) {
                    out.putFloat((float) m.get(i));
                } else {
                    out.putDouble(m.get(i));
                }
            }
        }
        return out.array();
    }

    private static String script(ModelBundle bundle, List<String> modules, List<String> comments) {
        Network network = bundle.network();
        boolean classifier = network.loss() instanceof SoftmaxCrossEntropy || network.loss() instanceof BinaryCrossEntropy;
        String torchDtype = network.dtype() == DType.FLOAT32 ? "torch.float32" : "torch.float64";
        StringBuilder sequential = new StringBuilder();
        int width = modules.stream().mapToInt(String::length).max().orElse(0) + 1;
        for (int i = 0; i < modules.size(); i++) {
            String module = modules.get(i) + ",";
            sequential.append("        ").append(module).append(" ".repeat(Math.max(1, width + 2 - module.length())))
                    .append("# ").append(i).append(": ").append(comments.get(i)).append('\n');
        }
        Normalizer normalizer = bundle.normalizer();
        String input = bundle.vectorizer() != null
                ? "the text vectorizer's output (" + network.inputs() + " term weights per document; the vectorizer's\n"
                + "vocabulary, idf and options are in the metadata entry \"vectorizer\"), not text"
                : "raw features, " + network.inputs() + " columns" + (bundle.featureNames().isEmpty() ? ""
                : " in the order of m.feature_names");
        String normalization = normalizer == null ? "used as they are (the model has no normalizer)"
                : "normalized as Plumb did, (x - normalizer.offset) / normalizer.divisor (" + normalizer.kind() + ")";
        String output = classifier ? "class probabilities [batch, " + network.outputs() + "] in the order of m.class_names"
                : "predicted values [batch, " + network.outputs() + "]";
        return """
                # Generated by Plumb %s (plumb export --format torch). Needs only PyTorch.
                \"\"\"A Plumb model as a torch.nn.Sequential, with its weights in model.safetensors beside this file.

                    import model
                    m = model.load()              # the Sequential (m.network, eval mode), its normalizer and names
                    y = m.predict(x)              # x: [batch, %d]; y: %s

                or, from a shell, CSV in and CSV out:  python3 model.py < features.csv > predictions.csv

                Input: %s, %s.
                Output: %s.
                \"\"\"
                import csv
                import json
                import os
                import struct
                import sys

                import torch
                from torch import nn

                DTYPE = %s
                WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")


                def build():
                    \"\"\"The network: each dense layer an nn.Linear (weight [out, in], as Plumb stores W), then its activation.\"\"\"
                    return nn.Sequential(
                %s    ).to(DTYPE)


                def read_safetensors(path):
                    \"\"\"The tensors and the metadata of a safetensors file (little-endian F32/F64).\"\"\"
                    with open(path, "rb") as f:
                        data = f.read()
                    (length,) = struct.unpack("<Q", data[:8])
                    header = json.loads(data[8:8 + length].decode("utf-8"))
                    metadata = header.pop("__metadata__", {})
                    types = {"F32": torch.float32, "F64": torch.float64}
                    tensors = {}
                    for name, info in header.items():
                        begin, end = info["data_offsets"]
                        raw = bytearray(data[8 + length + begin:8 + length + end])
                        tensors[name] = torch.frombuffer(raw, dtype=types[info["dtype"]]).reshape(info["shape"])
                    return tensors, metadata


                class Model:
                    \"\"\"The network in eval mode, the normalizer, the class and feature names.\"\"\"

                    def __init__(self, path=WEIGHTS):
                        tensors, self.metadata = read_safetensors(path)
                        self.offset = tensors.pop("normalizer.offset", None)
                        self.divisor = tensors.pop("normalizer.divisor", None)
                        self.network = build()
                        self.network.load_state_dict(tensors)  # strict: every name and shape must match
                        self.network.eval()
                        self.class_names = json.loads(self.metadata.get("class_names", "[]"))
                        self.feature_names = json.loads(self.metadata.get("feature_names", "[]"))

                    def normalize(self, x):
                        x = torch.as_tensor(x, dtype=DTYPE)
                        return x if self.offset is None else (x - self.offset) / self.divisor

                    @torch.no_grad()
                    def predict(self, x):
                        \"\"\"Raw features [batch, %d] -> %s.\"\"\"
                        return self.network(self.normalize(x))


                def load(path=WEIGHTS):
                    return Model(path)


                if __name__ == "__main__":
                    rows = [row for row in csv.reader(sys.stdin) if row]
                    if rows and not all(_is_number(v) for v in rows[0]):
                        rows = rows[1:]  # a header line
                    m = load()
                    y = m.predict([[float(v) for v in row] for row in rows])
                    out = csv.writer(sys.stdout)
                    out.writerow(["p_" + c for c in m.class_names] if m.class_names else
                                 ["prediction%%d" %% j for j in range(y.shape[1])])
                    for row in y.tolist():
                        out.writerow([repr(v) for v in row])
                """.formatted(PlumbVersion.VERSION, network.inputs(), output, input, normalization, output, torchDtype,
                sequential, network.inputs(), output)
                .replace("\nif __name__ == \"__main__\":", "\ndef _is_number(text):\n    try:\n        float(text)\n"
                        + "        return True\n    except ValueError:\n        return False\n\n\nif __name__ == \"__main__\":");
    }
}
