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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final int EPOCHS = 30;
    private static final String[] RUN = {"train", "--data", "digits", "--layers", "48", "--keep-prob", "0.8", "--epochs",
        String.valueOf(EPOCHS), "--batch", "8", "--early-stopping", "patience=50", "--seed", "3"};
    private static final int KILLS = 8;
    private static final Pattern EPOCH_LINE = Pattern.compile("^\\s*epoch\\s+(\\d+)/" + EPOCHS + "\\s.*train cost.*");

    @TempDir
    Path dir;

    @Test
    void killedAtRandomAndResumedItEndsAsTheUninterruptedRun() throws Exception {
        Path reference = dir.resolve("reference");
        assertThat(inProcess(ChildPlumb.with(RUN, "--out", reference.toString()))).isZero();

        Path crashed = dir.resolve("crashed");
        SplittableRandom random = new SplittableRandom(2026);
        int kills = 0;
        Path checkpoint = crashed.resolve(RunDirectory.CHECKPOINT_FILE);
        while (kills < KILLS) {
            int done = Files.exists(checkpoint) ? CheckpointFile.read(checkpoint).epoch() : 0;
            if (done == EPOCHS) {
                break;
            }
            // the kill lands at a random point a few epochs on: just after that epoch's line (before or while its
            // checkpoint is written), or a few milliseconds into the next epoch's steps; the last kill comes after
            // the last epoch, during the final save
            int target = kills == KILLS - 1 ? EPOCHS : Math.min(EPOCHS, done + 1 + random.nextInt(3));
            Process child = ChildPlumb.start(command(crashed));
            List<String> output = new ArrayList<>();
            if (!reachedEpoch(child, target, output)) {
                child.waitFor(60, TimeUnit.SECONDS);
                assertThat(child.exitValue()).as("a run that ended before epoch %d: %s", target, output).isZero();
                break; // it finished before that epoch: the run is complete
            }
            Thread.sleep(random.nextInt(40));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
            child.waitFor(30, TimeUnit.SECONDS);
            kills++;
            // whatever the moment, the directory holds a complete checkpoint or none
            if (Files.exists(checkpoint)) {
                assertThat(CheckpointFile.read(checkpoint).epoch()).isBetween(done, EPOCHS);
            }
        }
        Process last = ChildPlumb.start(command(crashed));
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last resume finishes").isTrue();
        assertThat(last.exitValue()).as("output: %s", new String(last.getInputStream().readAllBytes())).isZero();

        assertThat(kills).as("kills that landed during the run").isGreaterThanOrEqualTo(KILLS - 1);
        assertThat(Files.readAllBytes(crashed.resolve("model").resolve("weights.safetensors")))
                .as("the model after %d kills", kills)
                .isEqualTo(Files.readAllBytes(reference.resolve("model").resolve("weights.safetensors")));
        RunRecord expected = new RunDirectory(reference).readRecord();
        RunRecord actual = new RunDirectory(crashed).readRecord();
        assertThat(actual.history().stream().map(e -> e.trainCost() + "/" + e.devCost()).toList())
                .isEqualTo(expected.history().stream().map(e -> e.trainCost() + "/" + e.devCost()).toList());
        assertThat(actual.result().evaluations()).isEqualTo(expected.result().evaluations());
    }

    // Reads the child's progress until it prints epoch >= target (true), or ends first (false); 120 s at most.
    private static boolean reachedEpoch(Process child, int target, List<String> output) throws Exception {
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(child::destroyForcibly,
                CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                Matcher m = EPOCH_LINE.matcher(line);
                if (m.matches() && Integer.parseInt(m.group(1)) >= target) {
                    Thread drain = new Thread(() -> {
                        try {
                            lines.transferTo(java.io.Writer.nullWriter());
                        } catch (java.io.IOException e) {
                            // the child is gone
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } finally {
            watchdog.cancel(false);
        }
    }

    // A new run while the directory holds none, else a resume of the run in it.
    private List<String> command(Path out) {
        List<String> args = new ArrayList<>();
        if (Files.exists(out.resolve(RunDirectory.CONFIG_FILE))) {
            args.addAll(List.of("train", "--resume", out.toString()));
        } else {
            args.addAll(List.of(ChildPlumb.with(RUN, "--out", out.toString())));
            args.add("--overwrite"); // a kill before config.yaml may leave the directory with only its lock file
        }
        return args;
    }


    private static int inProcess(String... args) {
        return Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
