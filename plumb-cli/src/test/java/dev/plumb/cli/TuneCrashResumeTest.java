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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.tune.StudyDirectory;
import dev.plumb.tune.StudyRecord;

/**
 * A study killed with SIGKILL after a few trials, again and again, and resumed each time with
 * {@code plumb tune --resume}, ends as the study that was never killed: the same trials with the same errors, the same
 * pruning, the same chosen trial and the same single test evaluation.
 */
class TuneCrashResumeTest {

    private static final String[] STUDY = {"tune", "--data", "digits", "--layers", "8|32", "--lr", "1e-3..3e-2:log",
        "--epochs", "9", "--budget", "9", "--strategy", "random", "--learning-curve", "false", "--seed", "5"};

    @TempDir
    Path dir;

    @Test
    void killedAfterSomeTrialsAndResumedItEndsAsTheStudyThatWasNeverKilled() throws Exception {
        Path reference = dir.resolve("reference");
        int status = Main.run(ChildPlumb.with(STUDY, "--out", reference.toString(), "--parallel", "2"),
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        assertThat(status).isZero();
        StudyRecord expected = new StudyDirectory(reference).read();

        Path crashed = dir.resolve("crashed");
        int kills = 0;
        for (int trialLines : new int[] {2, 4, 3}) { // each run is killed after this many trials trained
            Process child = ChildPlumb.start(command(crashed));
            if (!printed(child, trialLines)) {
                break; // it finished first
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
            child.waitFor(30, TimeUnit.SECONDS);
            kills++;
        }
        Process last = ChildPlumb.start(command(crashed));
        String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(output).isZero();
        assertThat(kills).as("kills that landed during the study").isGreaterThanOrEqualTo(2);

        StudyRecord actual = new StudyDirectory(crashed).read();
        assertThat(actual.status()).isEqualTo(StudyRecord.Status.FINISHED);
        assertThat(withoutTimes(actual)).isEqualTo(withoutTimes(expected));
        assertThat(actual.best()).isEqualTo(expected.best());
        assertThat(actual.test()).usingRecursiveComparison().ignoringFields("evaluatedAt").isEqualTo(expected.test());
        assertThat(Files.readAllBytes(crashed.resolve("trial-00" + actual.best()).resolve("model").resolve("weights.safetensors")))
                .isEqualTo(Files.readAllBytes(reference.resolve("trial-00" + expected.best()).resolve("model")
                        .resolve("weights.safetensors")));
    }

    private static List<String> withoutTimes(StudyRecord r) {
        return r.trials().stream().map(t -> t.id() + " " + t.values() + " " + t.state() + " " + t.epochs() + " "
                + t.trainError() + " " + t.devError() + " " + t.rungs() + " " + t.note()).toList();
    }

    // A new study while the directory holds none, else a resume of it (one process, then another: 1 or 2 side by side).
    private static List<String> command(Path out) {
        if (Files.exists(out.resolve(StudyDirectory.STUDY_FILE))) {
            return List.of("tune", "--resume", out.toString(), "--parallel", "1");
        }
        List<String> args = new ArrayList<>(Arrays.asList(ChildPlumb.with(STUDY, "--out", out.toString(), "--parallel", "2")));
        args.add("--overwrite"); // a kill before study.json may leave trial directories behind
        return args;
    }

    // Reads the child's output until it has printed `count` trial lines (true), or ends first (false); 120 s at most.
    private static boolean printed(Process child, int count) throws Exception {
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(child::destroyForcibly,
                CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS));
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            int seen = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("trial ") && ++seen >= count) {
                    return true;
                }
            }
            return false;
        } finally {
            watchdog.cancel(false);
        }
    }
}
