package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb import as a user runs it: an exported model comes back, and the imported model evaluates, predicts and checks. */
class ImportCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    private int plumb(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anExportedModelImportsAndWorksWithEvaluatePredictAndGradcheck() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(plumb("train", "--data", "digits", "--layers", "16", "--epochs", "5", "--out", run.toString()))
                .as("stderr: %s", err).isZero();
        Path onnx = tmp.resolve("digits.onnx");
        assertThat(plumb("export", "--model", run.resolve("model").toString(), "--format", "onnx", "--out", onnx.toString()))
                .as("stderr: %s", err).isZero();

        Path imported = tmp.resolve("imported");
        assertThat(plumb("import", onnx.toString(), "--out", imported.toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("imported " + onnx).contains("64 → Dense(16, relu) → Dense(10, identity)")
                .contains("model directory: " + imported);

        // the imported model is the trained one: evaluate gives the same figures for both directories
        assertThat(plumb("evaluate", "--model", run.resolve("model").toString(), "--data", "digits")).isZero();
        String original = out.toString().lines().filter(l -> l.startsWith("error ")).findFirst().orElseThrow();
        assertThat(plumb("evaluate", "--model", imported.toString(), "--data", "digits")).as("stderr: %s", err).isZero();
        assertThat(out.toString().lines().filter(l -> l.startsWith("error ")).findFirst().orElseThrow()).isEqualTo(original);

        Path predictions = tmp.resolve("predictions.csv");
        Path features = tmp.resolve("features.csv");
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            csv.append(j == 0 ? "" : ",").append("pixel").append(j);
        }
        csv.append('\n');
        for (int j = 0; j < 64; j++) {
            csv.append(j == 0 ? "" : ",").append(j % 16);
        }
        csv.append('\n');
        Files.writeString(features, csv);
        assertThat(plumb("predict", "--model", imported.toString(), "--data", features.toString(), "--out",
                predictions.toString())).as("stderr: %s", err).isZero();
        assertThat(Files.readAllLines(predictions)).hasSize(2);

        assertThat(plumb("gradcheck", "--model", imported.toString(), "--data", "digits")).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("CORRECT");

        // and fine-tuning starts from it: one more epoch from the imported weights lowers the train cost
        assertThat(plumb("train", "--data", "digits", "--init-from", imported.toString(), "--epochs", "3", "--out",
                tmp.resolve("tuned").toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("init-from: " + imported);
        dev.plumb.train.RunRecord tuned = new dev.plumb.workflow.RunDirectory(tmp.resolve("tuned")).readRecord();
        dev.plumb.train.RunRecord trained = new dev.plumb.workflow.RunDirectory(run).readRecord();
        assertThat(tuned.evaluation("train").orElseThrow().cost())
                .isLessThan(trained.evaluation("train").orElseThrow().cost());
    }

    @Test
    void badFilesAndOutputsAreOneLineAndExitTwo() throws Exception {
        Path junk = tmp.resolve("junk.onnx");
        Files.writeString(junk, "this is not protobuf at all, just text that goes on for a while");
        assertThat(plumb("import", junk.toString(), "--out", tmp.resolve("m").toString())).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("junk.onnx").doesNotContain("Exception");

        assertThat(plumb("import", tmp.resolve("nope.onnx").toString(), "--out", tmp.resolve("m").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");

        Path aFile = tmp.resolve("a-file");
        Files.writeString(aFile, "x");
        assertThat(plumb("import", junk.toString(), "--out", aFile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("it is a file");
    }
}
