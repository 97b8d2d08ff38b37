package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plumb gradcheck, plumb diagnose and plumb report as a user runs them. */
class DiagnosticsCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void gradcheckPassesOnBuiltInLayersWithExitStatus0() {
        int status = plumb("gradcheck", "--data", "digits", "--layers", "12", "--activation", "tanh", "--l2", "0.5",
                "--examples", "8", "--after-steps", "3");
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("W1").contains("b2").contains("verdict: CORRECT")
                .contains("after 3 sgd steps");
    }

    @Test
    void gradcheckFailsWithExitStatus1WhenTheChecksCannotAgree() {
        // ε so large that two-sided differences of tanh are visibly off: the check must not pass
        int status = plumb("gradcheck", "--data", "digits", "--layers", "12", "--activation", "tanh", "--examples", "8",
                "--epsilon", "0.5");
        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).containsAnyOf("SUSPICIOUS", "WRONG");
    }

    @Test
    void gradcheckOfAZeroBiasReluNetworkPassesOnEverySeedDespiteItsKinks() {
        // issue 13 §1: zero biases put examples exactly on the ReLU kink of layer 2; those coordinates are not
        // differentiable and must not make a correct network fail
        int kinkSeeds = 0;
        for (int seed = 1; seed <= 8; seed++) {
            out.getBuffer().setLength(0);
            int status = plumb("gradcheck", "--data", "digits", "--layers", "5,4", "--activation", "relu",
                    "--seed", String.valueOf(seed));
            assertThat(status).as("seed %d: %s%s", seed, out, err).isZero();
            kinkSeeds += out.toString().contains("non-differentiable") ? 1 : 0;
        }
        assertThat(kinkSeeds).isPositive();
    }

    @Test
    void diagnoseGivesTheNotesVerdicts() {
        assertThat(plumb("diagnose", "--train-error", "0.01", "--dev-error", "0.11")).isZero();
        assertThat(out.toString()).contains("high variance");
        out.getBuffer().setLength(0);
        assertThat(plumb("diagnose", "--train-error", "0.15", "--dev-error", "0.30")).isZero();
        assertThat(out.toString()).contains("high bias and high variance");
        out.getBuffer().setLength(0);
        assertThat(plumb("diagnose", "--train-error", "0.15", "--dev-error", "0.16", "--bayes-error", "0.15")).isZero();
        assertThat(out.toString()).contains("low bias and low variance");
        assertThat(plumb("diagnose", "--train-error", "1.5", "--dev-error", "0.1")).isEqualTo(2);
        assertThat(err.toString()).contains("trainError").contains("1.5");
    }

    @Test
    void trainCanGradientCheckItsNetworkIntoTheReport(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", "digits", "--epochs", "2", "--gradcheck", "10", "--out", run.toString())).isZero();
        assertThat(out.toString()).contains("Gradient check of network").contains("checked");
        assertThat(Files.readString(run.resolve("analysis.json"))).contains("\"gradientCheck\" : {");
    }

    @Test
    void diagnoseAndReportReadARunDirectory(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", "digits", "--epochs", "3", "--quiet", "--out", run.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(plumb("diagnose", run.toString())).isZero();
        assertThat(out.toString()).contains("Bias and variance").contains("Next steps");

        Files.delete(run.resolve("report.html"));
        assertThat(plumb("report", run.toString())).isZero();
        assertThat(run.resolve("report.html")).exists();
        assertThat(plumb("report", dir.resolve("nothing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no run record here");
    }

    @Test
    void aRunDirectoryFromAnOlderPlumbIsOneLineSayingHowToRunItAgain(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("old-run"));
        try (var in = getClass().getResourceAsStream("run-format-1.json")) {
            Files.write(run.resolve("run.json"), in.readAllBytes()); // written by Plumb before run record format 2
        }
        for (String[] args : new String[][] {{"report", run.toString()}, {"diagnose", run.toString()}}) {
            err.getBuffer().setLength(0);
            assertThat(plumb(args)).as(args[0]).isEqualTo(Main.USAGE_ERROR);
            assertThat(err.toString().lines().toList()).as(args[0]).containsExactly("plumb: " + run.resolve("run.json")
                    + " was written by an older Plumb (run record format 1; this Plumb 0.1.0 reads format 2). Train the run"
                    + " again to write a current record: plumb train --config " + run + "/config.yaml");
        }
    }
}
