package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.RunDirectory;

/**
 * The run directory is checked before any training, written by one process at a time, never silently overwritten,
 * and a run in it can be resumed: each mistake is one line on stderr and exit status 2.
 */
class RunDirectoryCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int plumb(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String[] train(Path runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "digits", "--layers", "16", "--epochs", "3", "--quiet",
                "--out", runDir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void anOutThatIsAFileIsRefusedBeforeTheDataIsLoaded() throws Exception {
        Path file = Files.writeString(dir.resolve("results.txt"), "not a directory");
        assertThat(plumb(train(file))).isEqualTo(2);
        assertThat(err.toString()).contains("results.txt").contains("is a file").contains("choose another --out");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(out.toString()).as("nothing loaded or trained").doesNotContain("data:");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void aRunThatFailsBeforeItBeginsLeavesNoDirectoryBehindButKeepsOneThatExisted() throws Exception {
        Path fresh = dir.resolve("fresh");
        List<String> args = new ArrayList<>(List.of(train(fresh)));
        args.set(args.indexOf("digits"), dir.resolve("missing.csv").toString());
        assertThat(plumb(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains("missing.csv");
        assertThat(fresh).as("created by the failed run, so removed with it").doesNotExist();

        Path existing = Files.createDirectories(dir.resolve("existing"));
        args.set(args.indexOf(fresh.toString()), existing.toString());
        assertThat(plumb(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(existing).as("the user's directory stays").isDirectory();
    }

    @Test
    void aDirectoryThatHoldsARunIsNotOverwrittenUnlessAsked() throws Exception {
        Path run = dir.resolve("run");
        assertThat(plumb(train(run))).as("stderr: %s", err).isZero();
        byte[] weights = Files.readAllBytes(run.resolve("model/weights.safetensors"));

        assertThat(plumb(train(run, "--seed", "7"))).isEqualTo(2);
        assertThat(err.toString()).contains("already holds a run").contains("--overwrite").contains("--resume");
        assertThat(Files.readAllBytes(run.resolve("model/weights.safetensors"))).as("untouched").isEqualTo(weights);

        assertThat(plumb(train(run, "--seed", "7", "--overwrite"))).as("stderr: %s", err).isZero();
        assertThat(Files.readAllBytes(run.resolve("model/weights.safetensors"))).isNotEqualTo(weights);
        assertThat(Files.readString(run.resolve("config.yaml"))).contains("seed: \"7\"");
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never read
    void aRunDirectoryInUseByAnotherRunIsRefused() throws Exception {
        Path run = dir.resolve("busy");
        try (RunDirectory.Lock held = new RunDirectory(run).lock()) {
            assertThat(plumb(train(run))).isEqualTo(2);
            assertThat(err.toString()).contains("is in use by another plumb train").contains("choose another --out");
        }
        assertThat(plumb(train(run))).as("free again: stderr %s", err).isZero();
    }

    /** Two processes into one directory: the second is refused while the first trains, and the first's run is intact. */
    @Test
    void twoProcessesNeverMixTheirFiles() throws Exception {
        Path run = dir.resolve("shared");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process first = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), "train", "--data", "digits",
                "--layers", "16", "--epochs", "400", "--out", run.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((line = lines.readLine()) != null && !line.matches(".*epoch\\s+2/.*") && System.nanoTime() < deadline) {
                // wait until the first run is training
            }
            assertThat(line).as("the first run reached epoch 2").isNotNull();
            assertThat(plumb(train(run, "--overwrite"))).isEqualTo(2);
            assertThat(err.toString()).contains("in use by another plumb train");
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(run.resolve("config.yaml"))).as("the first run's configuration").contains("epochs: \"400\"");
    }

    @Test
    void resumeTakesItsOptionsFromTheRunAndSaysWhatItCannotDo() throws Exception {
        Path run = dir.resolve("done");
        assertThat(plumb(train(run))).isZero();
        byte[] weights = Files.readAllBytes(run.resolve("model/weights.safetensors"));
        assertThat(plumb("train", "--resume", run.toString(), "--quiet")).as("stderr: %s", err).isZero();
        assertThat(Files.readAllBytes(run.resolve("model/weights.safetensors"))).as("a finished run resumes to itself")
                .isEqualTo(weights);

        assertThat(plumb("train", "--resume", run.toString(), "--epochs", "9")).isEqualTo(2);
        assertThat(err.toString()).contains("--resume takes every option from").contains("drop --epochs");
        assertThat(plumb("train", "--resume", dir.resolve("nothing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("has no config.yaml");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(dir.resolve("nothing")).as("resuming nothing creates nothing").doesNotExist();
    }

    @Test
    void anExplodingCostIsADivergedRunWithExitStatus2() throws Exception {
        Path run = dir.resolve("adam");
        assertThat(plumb("train", "--data", "digits", "--lr", "1e6", "--epochs", "4", "--quiet", "--out", run.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("the training cost exploded after epoch").contains("Lower the learning rate");
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(new RunDirectory(run).readRecord().outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(Files.readString(run.resolve("report.html"))).contains("cost exploded");

        assertThat(plumb("train", "--data", "digits", "--lr", "1e6", "--epochs", "2", "--quiet", "--on-divergence",
                "continue", "--out", dir.resolve("onwards").toString())).isZero();
        assertThat(new RunDirectory(dir.resolve("onwards")).readRecord().training().stopReason())
                .contains("exploded at epoch 1").contains("training went on");
    }
}
