package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.RunRecord;

/** Ctrl-C during training leaves a run directory with what finished and a note that it was interrupted. */
class InterruptTest {

    @Test
    void sigintStopsAfterTheCurrentEpochAndSavesTheRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), "train", "--data", "digits",
                "--epochs", "100000", "--out", run.toString()).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("epoch      3/")) {
                // wait until a few epochs have finished
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            while (lines.readLine() != null) {
                // drain
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.stopReason()).contains("interrupted");
        assertThat(record.history().size()).isGreaterThanOrEqualTo(3).isLessThan(100000);
        assertThat(run.resolve("model").resolve("weights.safetensors")).exists();
        assertThat(run.resolve("report.html")).exists();
    }
}
