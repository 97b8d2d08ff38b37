package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.plumb.data.Digits;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.VectorizerOptions;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.onnx.proto.OnnxProto.ModelProto;
import dev.plumb.onnx.proto.OnnxProto.NodeProto;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * {@code plumb export}: a model trained by {@code plumb train} becomes an ONNX file that ONNX Runtime runs to the same
 * probabilities; bad input — no model, an unknown format, an unwritable or wrong destination — is one line and exit
 * status 2, and leaves no file behind.
 */
class ExportCommandTest {

    @TempDir
    static Path dir;
    static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void trainDigits() {
        StringWriter log = new StringWriter();
        int status = Main.run(new String[] {"train", "--data", "digits", "--layers", "16", "--epochs", "2", "--normalize", "standard", "--out",
            dir.resolve("run").toString()}, new PrintWriter(log, true), new PrintWriter(log, true));
        assertThat(status).as("plumb train: %s", log).isZero();
        model = dir.resolve("run").resolve("model");
    }

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void exportsATrainedModelThatOnnxRuntimeRunsToPlumbsProbabilities() throws Exception {
        Path file = dir.resolve("digits.onnx");
        assertThat(plumb("export", "--model", model.toString(), "--format", "onnx", "--out", file.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("wrote " + file + ": ONNX (IR 8, opset 17)")
                .contains("input features [batch, 64] float32", "normalizer standard (Sub/Div)", "output probabilities [batch, 10]");
        ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(onnx.getGraph().getNodeList()).extracting(NodeProto::getOpType)
                .containsExactly("Sub", "Div", "Gemm", "Relu", "Gemm", "Identity", "Softmax");

        ModelBundle bundle = ModelBundle.load(model);
        Matrix digits = Digits.load().features().rowRange(0, 50);
        Matrix expected = bundle.predict(digits);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(digits.toFloatArray()), new long[] {50, 64});
             OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 10; j++) {
                    assertThat((double) probabilities[i][j]).isCloseTo(expected.get(i, j), org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void aTextModelIsExportedFromTheVectorizersOutputAndTheCommandSaysSo() throws Exception {
        List<String> documents = List.of("win money now", "free prize claim", "meeting at noon", "review the report");
        TextVectorizer vectorizer = TextVectorizer.fit(documents, VectorizerOptions.defaults());
        Network network = NetworkSpec.mlp(vectorizer.featureCount(), new int[] {3}, 2, Activation.tanh(),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1);
        Path text = dir.resolve("text-model");
        new ModelBundle(network, null, List.of("ham", "spam"), null, vectorizer).save(text);
        Path file = dir.resolve("text.onnx");
        assertThat(plumb("export", "--model", text.toString(), "--out", file.toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("(the text vectorizer's output)", "note: the model reads text; the export takes the"
                + " vectorizer's output (" + vectorizer.featureCount() + " term weights per document)", "metadata entry 'vectorizer'");
        assertThat(ModelProto.parseFrom(Files.readAllBytes(file)).getMetadataPropsList())
                .anySatisfy(e -> assertThat(e.getKey()).isEqualTo("vectorizer"));
    }

    @Test
    void torchWritesTheWeightsAndTheScriptIntoADirectory() throws Exception {
        Path target = dir.resolve("digits-torch");
        assertThat(plumb("export", "--model", model.toString(), "--format", "torch", "--out", target.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("wrote " + target + ": model.safetensors and model.py: torch.nn.Sequential of 5"
                + " modules, 6 tensors (float32), normalizer standard").contains("python3 " + target.resolve("model.py"));
        assertThat(target.resolve("model.safetensors")).isRegularFile();
        assertThat(Files.readString(target.resolve("model.py"))).contains("nn.Linear(64, 16),", "nn.Softmax(dim=-1),");
    }

    @Test
    void torchRefusesAFileAsItsDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("taken.txt"), "mine");
        assertThat(plumb("export", "--model", model.toString(), "--format", "torch", "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: ").contains("it is a file; the torch export writes a directory")
                .hasLineCount(1);
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    void theFormatDefaultsToOnnxAndAnExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        Path file = Files.writeString(dir.resolve("old.onnx"), "an old file", StandardCharsets.UTF_8);
        assertThat(plumb("export", "--model", model.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: ").contains("the file exists; pass --overwrite").hasLineCount(1);
        assertThat(Files.readString(file)).isEqualTo("an old file");
        assertThat(plumb("export", "--model", model.toString(), "--out", file.toString(), "--overwrite"))
                .as("stderr: %s", err).isZero();
        assertThat(ModelProto.parseFrom(Files.readAllBytes(file)).getProducerName()).isEqualTo("plumb");
    }

    @Test
    void aDeviceOrALinkIsNeverReplacedEvenWithOverwrite() throws Exception {
        assertThat(plumb("export", "--model", model.toString(), "--out", "/dev/null", "--overwrite")).isEqualTo(2);
        assertThat(err.toString()).contains("not a regular file").hasLineCount(1);
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).as("/dev/null is still a device").isFalse();

        Path target = Files.writeString(dir.resolve("linked-target.csv"), "data,label\n1,a\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.onnx"), target);
        assertThat(plumb("export", "--model", model.toString(), "--out", link.toString(), "--overwrite")).isEqualTo(2);
        assertThat(err.toString()).contains("not a regular file");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("data,label\n1,a\n");
    }

    @Test
    void torchRefusesADirectoryThatIsNotEmptyUnlessOverwrite() throws Exception {
        Path run = Files.createDirectories(dir.resolve("a-run"));
        Files.writeString(run.resolve("run.json"), "{}");
        assertThat(plumb("export", "--model", model.toString(), "--format", "torch", "--out", run.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the directory is not empty; pass --overwrite").hasLineCount(1);
        assertThat(run.resolve("model.py")).doesNotExist();
    }

    @Test
    void aMissingModelDirectoryIsOneLineAndExitStatus2() {
        Path file = dir.resolve("none.onnx");
        assertThat(plumb("export", "--model", dir.resolve("no-such-model").toString(), "--format", "onnx", "--out",
                file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: ").contains("not a model directory").hasLineCount(1);
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnknownFormatIsOneLineListingTheFormatsAndExitStatus2() {
        Path file = dir.resolve("model.pt");
        assertThat(plumb("export", "--model", model.toString(), "--format", "pickle", "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("plumb: Invalid value for --format: 'pickle'. Expected one of: onnx, torch"
                + System.lineSeparator());
        assertThat(file).doesNotExist();
    }

    @Test
    void anUnwritableDestinationIsOneLineAndExitStatus2AndLeavesNoFile() throws Exception {
        Path file = dir.resolve("missing-dir").resolve("digits.onnx");
        assertThat(plumb("export", "--model", model.toString(), "--out", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: ").contains("cannot write", "no such file or directory").hasLineCount(1);
        assertThat(dir.resolve("missing-dir")).doesNotExist();
    }

    @Test
    void aDirectoryAsDestinationIsOneLineAndExitStatus2() throws Exception {
        Path target = Files.createDirectories(dir.resolve("exports"));
        assertThat(plumb("export", "--model", model.toString(), "--out", target.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("plumb: ").contains("is a directory; give a file path such as").hasLineCount(1);
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void withoutOutItSaysWhatIsMissing() {
        assertThat(plumb("export", "--model", model.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--out=PATH'").hasLineCount(1);
    }
}
