package dev.plumb.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

/**
 * The PyTorch export, run by Debian's PyTorch ({@code python3-torch}): the generated {@code model.py} builds the
 * {@code Sequential}, loads {@code model.safetensors} with strict state_dict names and shapes, normalizes, and predicts
 * Plumb's probabilities to 1e-5 on every test example — digits, a CSV file and a text folder, both precisions, every
 * activation, normalizer and loss. Skipped, saying how to install it, where PyTorch is absent.
 */
class TorchExportTest {

    static final double TOLERANCE = 1e-5;
    /** Debian's interpreter, which python3-torch installs into (a python3 earlier on the PATH may be another one). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path dir;

    @BeforeAll
    static void pytorch() throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import torch"), null, dir.resolve("probe.txt")) == 0,
                "PyTorch is not installed: the torch export's test needs Debian's python3-torch (apt-get install -y python3-torch)");
    }

    record Case(String name, Map<String, String> options) {
    }

    @Test
    void pytorchPredictsWhatPlumbPredicts() throws Exception {
        Path csv = csv(dir.resolve("sizes.csv"), false);
        Path values = csv(dir.resolve("values.csv"), true);
        Path texts = texts(dir.resolve("texts"));
        List<Case> cases = List.of(
                new Case("digits-relu-standard-f32", Map.of("data", "digits", "layers", "32", "epochs", "3", "normalize", "standard")),
                new Case("digits-tanh-dropout-minmax-f64", Map.of("data", "digits", "layers", "24,16", "activation", "tanh",
                        "keep-prob", "0.8", "normalize", "minmax", "dtype", "float64", "epochs", "2")),
                new Case("csv-leaky-none-f64", Map.of("data", csv.toString(), "label", "label", "layers", "12,8",
                        "activation", "leaky_relu(0.2)", "normalize", "none", "dtype", "float64", "epochs", "8")),
                new Case("csv-sigmoid-bce-standard-f32", Map.of("data", csv.toString(), "label", "label", "layers", "10",
                        "activation", "sigmoid", "loss", "binary_cross_entropy", "normalize", "standard", "epochs", "8")),
                new Case("csv-regression-identity-minmax-f32", Map.of("data", values.toString(), "label", "label", "task",
                        "regression", "layers", "6", "activation", "identity", "normalize", "minmax", "epochs", "8")),
                new Case("text-softmax-hidden-standard-f64", Map.of("data", texts.toString(), "layers", "8",
                        "activation", "softmax", "normalize", "standard", "dtype", "float64", "epochs", "4")));
        List<String> dirs = new ArrayList<>();
        Map<String, Matrix> expected = new HashMap<>();
        for (Case c : cases) {
            Map<String, String> given = new HashMap<>(Map.of("seed", "7"));
            given.putAll(c.options());
            RunSpec spec = RunSpec.parse(given);
            PreparedData data = TrainingRun.prepare(spec);
            ModelBundle bundle = TrainingRun.train(spec, data, List.of()).model();
            Matrix features = data.raw().test().features().to(bundle.network().dtype());
            Path out = dir.resolve(c.name());
            TorchExport.Summary summary = TorchExport.write(bundle, out);
            assertThat(summary.tensors()).contains("0.weight", "0.bias");
            writeCsv(out.resolve("features.csv"), features);
            expected.put(c.name(), bundle.predict(features));
            dirs.add(out.toString());
        }
        Path driver = Files.writeString(dir.resolve("driver.py"), """
                import csv, importlib.util, sys
                for i, d in enumerate(sys.argv[1:]):
                    spec = importlib.util.spec_from_file_location("exported%d" % i, d + "/model.py")
                    module = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(module)
                    m = module.load()
                    with open(d + "/features.csv") as f:
                        rows = [[float(v) for v in row] for row in csv.reader(f) if row]
                    y = m.predict(rows).tolist() + m.predict(rows[:1]).tolist()  # all in one batch, then the first alone
                    with open(d + "/torch.csv", "w") as f:
                        for row in y:
                            f.write(",".join(repr(v) for v in row) + "\\n")
                """);
        List<String> command = new ArrayList<>(List.of(PYTHON, driver.toString()));
        command.addAll(dirs);
        Path log = dir.resolve("driver.log");
        assertThat(run(command, null, log)).as("python3 driver.py: %s", Files.readString(log)).isZero();
        for (Case c : cases) {
            Matrix want = expected.get(c.name());
            List<String> lines = Files.readAllLines(dir.resolve(c.name()).resolve("torch.csv"));
            assertThat(lines).as(c.name() + ": every test example, then the first alone").hasSize(want.rows() + 1);
            double worst = 0;
            for (int i = 0; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                assertThat(cells).hasSize(want.cols());
                for (int j = 0; j < cells.length; j++) {
                    worst = Math.max(worst, Math.abs(Double.parseDouble(cells[j]) - want.get(i % want.rows(), j)));
                }
            }
            System.out.printf("%s: largest |PyTorch − Plumb| = %.3g over %d test examples%n", c.name(), worst, want.rows());
            assertThat(worst).as(c.name() + ": largest |PyTorch − Plumb|").isLessThanOrEqualTo(TOLERANCE);
        }

        // the script also runs on its own: CSV in (a header line is skipped), CSV out with the class names
        Path digits = dir.resolve(cases.get(0).name());
        Path features = digits.resolve("features.csv");
        Files.writeString(features, "header," .repeat(63) + "header\n" + Files.readString(features));
        Path predictions = dir.resolve("predictions.csv");
        assertThat(run(List.of(PYTHON, digits.resolve("model.py").toString()), features, predictions)).isZero();
        List<String> out = Files.readAllLines(predictions);
        assertThat(out.get(0)).isEqualTo("p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9");
        assertThat(out).hasSize(expected.get(cases.get(0).name()).rows() + 1);
    }

    @Test
    void theScriptNamesTheStateDictAndSaysWhatGoesInAndOut() throws Exception {
        ModelBundle bundle = new ModelBundle(NetworkSpec.mlp(3, new int[] {4}, 2, Activation.leakyRelu(0.1),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1), null, List.of("no", "yes"));
        Path out = dir.resolve("small");
        TorchExport.Summary summary = TorchExport.write(bundle, out);
        assertThat(summary.modules()).containsExactly("nn.Linear(3, 4)", "nn.LeakyReLU(negative_slope=0.1)",
                "nn.Linear(4, 2)", "nn.Identity()", "nn.Softmax(dim=-1)");
        assertThat(summary.tensors()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        String script = Files.readString(out.resolve("model.py"));
        assertThat(script).contains("nn.Sequential(", "nn.Linear(3, 4),", "# 0: dense layer 1: weight = W1 [4, 3], bias = b1",
                "Output: class probabilities [batch, 2] in the order of m.class_names", "used as they are (the model has no normalizer)");
        byte[] file = Files.readAllBytes(out.resolve("model.safetensors"));
        long headerLength = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).as("header padded to 8 bytes").isZero();
        String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).contains("\"0.bias\":{", "\"shape\":[4]", "\"shape\":[4,3]", "\"class_names\":\"[\\\"no\\\",\\\"yes\\\"]\"");
        assertThat(file).hasSize((int) (8 + headerLength + 4L * (4 * 3 + 4 + 2 * 4 + 2)));
    }

    @Test
    void aFileAsDestinationIsRefusedAndLeftAsItWas() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "mine");
        ModelBundle bundle = new ModelBundle(NetworkSpec.mlp(3, new int[] {4}, 2, Activation.relu(),
                Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1), null, List.of("no", "yes"));
        assertThatThrownBy(() -> TorchExport.write(bundle, file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is a file; the torch export writes a directory");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    static int run(List<String> command, Path stdin, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()));
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Every value printed exactly: a float32 value widened to double reads back as the same float. */
    static void writeCsv(Path file, Matrix x) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                csv.append(j == 0 ? "" : ",").append(Double.toString(x.get(i, j)));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }

    static Path csv(Path file, boolean regression) throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder("a,b,c,d,constant,label\n");
        for (int i = 0; i < 200; i++) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian() * 10 + 50;
            double c = rng.nextDouble() * 1000;
            double d = rng.nextInt(90);
            double score = a + (b - 50) / 10 - (c - 500) / 300 + rng.nextGaussian() * 0.3;
            String label = regression ? String.format(Locale.ROOT, "%.4f", score + d / 90)
                    : score < -0.8 ? "small" : score < 0.8 ? "medium" : "large";
            csv.append(String.format(Locale.ROOT, "%.5f,%.4f,%.3f,%.0f,3.5,%s%n", a, b, c, d, label));
        }
        return Files.writeString(file, csv.toString());
    }

    static Path texts(Path root) throws IOException {
        Map<String, String[]> words = Map.of(
                "sport", new String[] {"goal", "match", "team", "score", "league", "coach"},
                "weather", new String[] {"rain", "sun", "cloud", "storm", "wind", "forecast"},
                "cooking", new String[] {"oven", "recipe", "salt", "bake", "flour", "butter"});
        SplittableRandom rng = new SplittableRandom(5);
        for (Map.Entry<String, String[]> e : words.entrySet()) {
            Path folder = Files.createDirectories(root.resolve(e.getKey()));
            for (int doc = 0; doc < 30; doc++) {
                StringBuilder text = new StringBuilder("the");
                for (int w = 0; w < 8; w++) {
                    text.append(' ').append(e.getValue()[rng.nextInt(e.getValue().length)]);
                }
                Files.writeString(folder.resolve("doc" + doc + ".txt"), text.toString());
            }
        }
        return root;
    }
}
