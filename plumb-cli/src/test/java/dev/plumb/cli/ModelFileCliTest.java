package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.plumb.data.Standardizer;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.SafeTensors;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * {@code plumb predict} and {@code plumb evaluate} on a damaged model directory: one line naming the file and
 * the problem, exit status 2 — not a crash ("internal error: Index: 1 Size: 1"), not a malformed CSV, not NaN
 * predictions with exit 0. The model is saved with the core's API and then damaged as a user or a disk would.
 */
class ModelFileCliTest {

    @TempDir
    static Path dir;
    static Path labelled;
    static Path unlabelled;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeData() throws Exception {
        StringBuilder a = new StringBuilder("f1,f2,f3,f4,species\n");
        StringBuilder b = new StringBuilder("f1,f2,f3,f4\n");
        String[] names = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 12; i++) {
            String row = (i % 3) + ".5," + (i % 4) + ".25,1.0," + i + ".0";
            a.append(row).append(',').append(names[i % 3]).append('\n');
            b.append(row).append('\n');
        }
        labelled = Files.writeString(dir.resolve("labelled.csv"), a);
        unlabelled = Files.writeString(dir.resolve("unlabelled.csv"), b);
    }

    /** A valid 4 → 5 → 3 classifier of setosa, versicolor, virginica in a fresh directory. */
    private static Path model(String name) throws Exception {
        NetworkSpec spec = new NetworkSpec(4, List.of(LayerSpec.dense(5, Activation.tanh()),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0, 0);
        Path model = dir.resolve(name);
        new ModelBundle(spec.build(DType.FLOAT32, 1), Standardizer.of(new double[] {1, 1, 1, 5}, new double[] {1, 1, 1, 3}),
                List.of("setosa", "versicolor", "virginica"), null, null, List.of("f1", "f2", "f3", "f4")).save(model);
        return model;
    }

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private int run(String command, Path model) {
        Path predictions = dir.resolve("predictions-" + model.getFileName() + ".csv");
        return "predict".equals(command)
                ? plumb("predict", "--model", model.toString(), "--data", unlabelled.toString(), "--out", predictions.toString())
                : plumb("evaluate", "--model", model.toString(), "--data", labelled.toString(), "--label", "species");
    }

    @Test
    void theUndamagedModelPredictsAndEvaluates() throws Exception {
        Path model = model("valid");
        assertThat(run("predict", model)).as("stderr: %s", err).isZero();
        assertThat(run("evaluate", model)).as("stderr: %s", err).isZero();
        assertThat(Files.readAllLines(dir.resolve("predictions-valid.csv")).get(0))
                .isEqualTo("row,predicted,p_setosa,p_versicolor,p_virginica");
    }

    @ParameterizedTest(name = "{0} with {1} class names")
    @CsvSource(delimiter = '|', value = {
        "predict|too few|[ \"setosa\" ]|classNames lists 1 name but the network is a classifier with 3 outputs",
        "evaluate|too few|[ \"setosa\" ]|classNames lists 1 name but the network is a classifier with 3 outputs",
        "predict|too many|[ \"setosa\", \"versicolor\", \"virginica\", \"other\" ]|classNames lists 4 names",
        "evaluate|too many|[ \"setosa\", \"versicolor\", \"virginica\", \"other\" ]|classNames lists 4 names",
        "predict|duplicate|[ \"setosa\", \"setosa\", \"virginica\" ]|classNames has 'setosa' twice (at 0 and 1)",
        "evaluate|duplicate|[ \"setosa\", \"setosa\", \"virginica\" ]|classNames has 'setosa' twice (at 0 and 1)",
    })
    void classNamesThatDoNotFitTheOutputsAreOneLineAndExitStatus2(String command, String description, String names,
                                                                  String problem) throws Exception {
        Path model = model(command + "-" + description.replace(' ', '-'));
        Path config = model.resolve("model.json");
        String json = Files.readString(config);
        String valid = "\"classNames\" : [ \"setosa\", \"versicolor\", \"virginica\" ]";
        assertThat(json).contains(valid);
        Files.writeString(config, json.replace(valid, "\"classNames\" : " + names));

        assertThat(run(command, model)).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("plumb: " + config + ": " + problem)
                .doesNotContain("internal error");
        assertThat(dir.resolve("predictions-" + model.getFileName() + ".csv")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"predict", "evaluate"})
    void aNanWeightIsOneLineAndExitStatus2(String command) throws Exception {
        Path model = model(command + "-nan");
        Path weights = model.resolve("weights.safetensors");
        Map<String, Matrix> tensors = new LinkedHashMap<>(SafeTensors.read(weights).tensors());
        tensors.get("W1").set(2, 1, Double.NaN);
        SafeTensors.write(weights, tensors);

        assertThat(run(command, model)).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("plumb: " + weights + ": tensor 'W1' has 1 non-finite value (NaN or infinite) of 20; the"
                        + " first, NaN, is at row 2, column 1");
        assertThat(out.toString()).doesNotContain("NaN");
    }

    @Test
    void aFlippedByteInTheWeightsIsOneLineAndExitStatus2() throws Exception {
        Path model = model("flipped");
        Path weights = model.resolve("weights.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        long dataStart = 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        bytes[(int) dataStart] ^= 1; // the lowest bit of W1's first weight
        Files.write(weights, bytes);

        assertThat(run("predict", model)).isEqualTo(2);

        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("plumb: " + weights + ": checksum mismatch: the bytes of tensor 'W1'");
    }
}
