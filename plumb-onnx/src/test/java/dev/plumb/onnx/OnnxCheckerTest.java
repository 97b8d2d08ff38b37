package dev.plumb.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.MinMaxScaler;
import dev.plumb.data.Standardizer;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;

/**
 * ONNX's own checker accepts every kind of file Plumb writes: {@code onnx.checker.check_model(full_check=True)} and
 * strict shape inference of Debian's {@code python3-onnx} (ONNX 1.12, the release of IR 8 and opset 17), which infers
 * the output {@code [batch, outputs]} from the input's symbolic batch. Skipped, saying how to install it, where
 * python3-onnx is absent.
 */
class OnnxCheckerTest {

    /** Debian's interpreter, which python3-onnx installs into (a python3 earlier on the PATH may be another one). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path dir;

    @Test
    void onnxsCheckerAndStrictShapeInferenceAcceptEveryKindOfFile() throws Exception {
        Path probe = dir.resolve("probe.txt");
        assumeTrue(run(List.of(PYTHON, "-c", "import onnx"), probe) == 0,
                "ONNX's checker is not installed: this test needs Debian's python3-onnx (apt-get install -y python3-onnx)");
        Map<String, ModelBundle> models = new LinkedHashMap<>();
        List<String> three = List.of("a", "b", "c");
        models.put("relu-standard-f32", new ModelBundle(NetworkSpec.mlp(4, new int[] {5, 3}, 3, Activation.relu(),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1), Standardizer.of(new double[] {1, 2, 3, 4},
                new double[] {1, 0, 2, 0.5}), three));
        models.put("leaky-minmax-dropout-f64", new ModelBundle(new NetworkSpec(4, List.of(LayerSpec.dense(6,
                Activation.leakyRelu(0.2)), LayerSpec.dropout(0.8), LayerSpec.dense(3, Activation.identity())),
                Loss.softmaxCrossEntropy(), 0, 0).build(DType.FLOAT64, 2), MinMaxScaler.of(new double[] {0, 0, 0, 0},
                new double[] {1, 2, 3, 4}), three));
        models.put("tanh-sigmoid-bce-f32", new ModelBundle(NetworkSpec.mlp(4, new int[] {3}, 3, Activation.tanh(),
                Loss.binaryCrossEntropy()).build(DType.FLOAT32, 3), null, three));
        models.put("softmax-hidden-sigmoid-mse-f64", new ModelBundle(new NetworkSpec(4, List.of(LayerSpec.dense(5,
                Activation.softmax()), LayerSpec.dense(2, Activation.sigmoid())), Loss.meanSquaredError(), 0, 0)
                .build(DType.FLOAT64, 4), null, List.of()));
        TextVectorizer vectorizer = TextVectorizer.fit(List.of("win money now", "free prize", "meeting at noon"),
                VectorizerOptions.defaults());
        models.put("text-f32", new ModelBundle(NetworkSpec.mlp(vectorizer.featureCount(), new int[] {2}, 2,
                Activation.relu(), Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 5), null, List.of("ham", "spam"), null,
                vectorizer));

        List<String> command = new ArrayList<>(List.of(PYTHON, "-c", """
                import sys, onnx
                for path in sys.argv[1:]:
                    model = onnx.load(path)
                    onnx.checker.check_model(model, full_check=True)
                    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
                    out = inferred.graph.output[0]
                    dims = [d.dim_param or str(d.dim_value) for d in out.type.tensor_type.shape.dim]
                    print(path.rsplit("/", 1)[-1], out.name, "x".join(dims), len(inferred.graph.value_info))
                """));
        Map<String, String> expected = new LinkedHashMap<>();
        for (Map.Entry<String, ModelBundle> e : models.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".onnx");
            OnnxExport.Summary summary = OnnxExport.write(e.getValue(), file);
            command.add(file.toString());
            expected.put(e.getKey(), e.getKey() + ".onnx " + summary.outputName() + " batchx" + summary.outputs() + " "
                    + (summary.nodes() - 1)); // every intermediate value's shape inferred
        }
        Path log = dir.resolve("checker.txt");
        assertThat(run(command, log)).as("onnx.checker: %s", Files.readString(log)).isZero();
        assertThat(Files.readAllLines(log)).containsExactlyElementsOf(expected.values());
    }

    static int run(List<String> command, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
