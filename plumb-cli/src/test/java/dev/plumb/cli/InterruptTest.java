package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.RunRecord;

/**
 * Ctrl-C during training stops at the next mini-batch and leaves a run directory with what finished, a record that
 * names the signal, and the exit status a shell expects (130).
 */
class InterruptTest {

    /** Three epochs of digits take a few seconds; a child still short of them after this long is stuck. */
    private static final long EPOCH_3_WITHIN_SECONDS = 120;

    @Test
    void sigintStopsAtTheNextMiniBatchAndSavesTheRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        int status = interrupted(List.of("train", "--data", "digits", "--epochs", "100000", "--out", run.toString()),
                line -> line.contains("epoch      3/"), 0); // a few epochs have finished
        assertThat(status).as("exit status after SIGINT").isEqualTo(130);
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.training().stopReason()).contains("interrupted by SIGINT (Ctrl-C)");
        assertThat(record.outcome()).isEqualTo(dev.plumb.train.TrainingOutcome.INTERRUPTED);
        assertThat(run.resolve("checkpoint.safetensors")).as("the checkpoint --resume continues from").exists();
        assertThat(record.history().size()).isGreaterThanOrEqualTo(3).isLessThan(100000);
        assertThat(run.resolve("model").resolve("weights.safetensors")).exists();
        assertThat(run.resolve("report.html")).exists();
    }

    /**
     * Ctrl-C during a study stops the trial in training, writes study.json as interrupted and a study.html that says
     * so and gives the command that resumes it; the test set is not looked at.
     */
    @Test
    void sigintStopsAStudyWhosePageSaysHowToResumeIt(@TempDir Path dir) throws Exception {
        Path study = dir.resolve("study");
        int status = interrupted(List.of("tune", "--data", "digits", "--strategy", "recipe", "--budget", "20", "--epochs",
                "400", "--parallel", "1", "--learning-curve", "false", "--out", study.toString()),
                line -> line.startsWith("study: recipe"), 1500); // into the first trial's training
        assertThat(status).as("exit status after SIGINT").isEqualTo(130);
        dev.plumb.tune.StudyRecord record = new dev.plumb.tune.StudyDirectory(study).read();
        assertThat(record.status()).isEqualTo(dev.plumb.tune.StudyRecord.Status.INTERRUPTED);
        assertThat(record.test()).as("the test set is not looked at").isNull();
        String html = Files.readString(study.resolve("study.html"));
        assertThat(html).contains("This study was interrupted").contains("<pre><code>plumb tune --resume " + study + "</code></pre>");
    }

    /**
     * Runs {@code plumb args} in a child JVM, sends it SIGINT {@code afterMillis} after it printed a line that
     * {@code ready} accepts, and returns its exit status.
     */
    private static int interrupted(List<String> args, java.util.function.Predicate<String> ready, long afterMillis)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        if (envResetsSignals()) {
            // A build started in the background by a shell without job control (`mvn verify &` in a script)
            // hands its children SIGINT ignored, and a JVM that starts with SIGINT ignored keeps ignoring
            // it. A terminal's Ctrl-C never meets that, so give the child the default disposition back.
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(java, "-cp", classpath, Main.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // a child that hangs before the line would block readLine for ever: killing it ends the stream
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(p::destroyForcibly,
                    CompletableFuture.delayedExecutor(EPOCH_3_WITHIN_SECONDS, TimeUnit.SECONDS));
            String line;
            while ((line = lines.readLine()) != null && !ready.test(line)) {
                // wait until it has got far enough
            }
            watchdog.cancel(false);
            assertThat(line).as("the child got far enough within %d s, before it ended", EPOCH_3_WITHIN_SECONDS).isNotNull();
            Thread.sleep(afterMillis);
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            Thread drain = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // drain, so that the child never blocks on a full pipe
                    }
                } catch (java.io.IOException e) {
                    // the child is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("plumb " + args.get(0) + " did not stop within 60 s of SIGINT");
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether this machine's env(1) can reset a signal to its default (GNU coreutils 8.31 and later). */
    private static boolean envResetsSignals() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
