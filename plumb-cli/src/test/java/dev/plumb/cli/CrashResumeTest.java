package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.CheckpointFile;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.RunDirectory;

/**
 * A run killed with SIGKILL at random moments — during a step, between epochs, while a checkpoint or the final run
 * directory is being written — and resumed each time with {@code plumb train --resume}, ends with a model file that
 * is byte for byte the one an uninterrupted run writes, and the same history.
 */
class CrashResumeTest {

    private static final String[] RUN = {"train", "--data", "digits", "--layers", "48", "--keep-prob", "0.8", "--epochs",
        "30", "--batch", "8", "--early-stopping", "patience=50", "--seed", "3", "--quiet"};
    private static final int KILLS = 8;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomAndResumedItEndsAsTheUninterruptedRun() throws Exception {
        Path reference = dir.resolve("reference");
        assertThat(inProcess(with(RUN, "--out", reference.toString()))).isZero();

        Path crashed = dir.resolve("crashed");
        SplittableRandom random = new SplittableRandom(2026);
        int kills = 0;
        int resumes = 0;
        for (int attempt = 0; attempt < 4 * KILLS && kills < KILLS; attempt++) {
            Process child = start(command(crashed));
            long delay = 400 + random.nextLong(3600); // JVM start and data loading take about a second
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                break; // it finished before this kill: the run is complete
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
            child.waitFor(30, TimeUnit.SECONDS);
            kills++;
            // whatever the moment, the directory holds a complete checkpoint or none
            Path checkpoint = crashed.resolve(RunDirectory.CHECKPOINT_FILE);
            if (Files.exists(checkpoint)) {
                assertThat(CheckpointFile.read(checkpoint).epoch()).isBetween(1, 30);
            }
            resumes += Files.exists(crashed.resolve(RunDirectory.CONFIG_FILE)) ? 1 : 0;
        }
        Process last = start(command(crashed));
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last resume finishes").isTrue();
        assertThat(last.exitValue()).as("output: %s", new String(last.getInputStream().readAllBytes())).isZero();

        assertThat(kills).as("kills that landed before the run finished").isGreaterThanOrEqualTo(3);
        assertThat(resumes).as("kills after the run directory was begun").isGreaterThanOrEqualTo(2);
        assertThat(Files.readAllBytes(crashed.resolve("model").resolve("weights.safetensors")))
                .as("the model after %d kills", kills)
                .isEqualTo(Files.readAllBytes(reference.resolve("model").resolve("weights.safetensors")));
        RunRecord expected = new RunDirectory(reference).readRecord();
        RunRecord actual = new RunDirectory(crashed).readRecord();
        assertThat(actual.history().stream().map(e -> e.trainCost() + "/" + e.devCost()).toList())
                .isEqualTo(expected.history().stream().map(e -> e.trainCost() + "/" + e.devCost()).toList());
        assertThat(actual.result().evaluations()).isEqualTo(expected.result().evaluations());
    }

    // A new run while the directory holds none, else a resume of the run in it.
    private List<String> command(Path out) {
        List<String> args = new ArrayList<>();
        if (Files.exists(out.resolve(RunDirectory.CONFIG_FILE))) {
            args.addAll(List.of("train", "--resume", out.toString(), "--quiet"));
        } else {
            args.addAll(List.of(with(RUN, "--out", out.toString())));
            args.add("--overwrite"); // a kill before config.yaml may leave the directory with only its lock file
        }
        return args;
    }

    private static Process start(List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-cp", classpath, Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int inProcess(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
