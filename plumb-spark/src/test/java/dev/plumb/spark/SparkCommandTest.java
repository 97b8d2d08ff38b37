package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Split;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;
import dev.plumb.tensor.DType;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;

/**
 * {@code plumb train --spark local[2]} as a user runs it: the command line in a child JVM (its own SparkContext, as a
 * real driver has; this JVM's belongs to {@link LocalSpark}), its run directory read back. The model trained on Spark
 * predicts on one machine exactly as its record says; a driver killed mid-run resumes from its checkpoint and ends
 * where an uninterrupted run ends.
 */
class SparkCommandTest {

    private static final List<String> RUN = List.of("--data", "digits", "--layers", "32", "--batch", "64",
            "--early-stopping", "off", "--seed", "11");

    /** The command line in a child JVM with Spark's options; stdout and stderr as one stream. */
    static Process plumb(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(StandaloneCluster.java(), "-Xmx1g", "-XX:+UseSerialGC"));
        command.addAll(StandaloneCluster.MODULE_OPTIONS);
        command.addAll(List.of("-cp", StandaloneCluster.testClassPath(),
                "dev.plumb.cli.Main", "train"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static List<String> args(Path out, int epochs, String... more) {
        List<String> all = new ArrayList<>(RUN);
        all.addAll(List.of("--epochs", String.valueOf(epochs), "--out", out.toString(), "--spark", "local[2]"));
        all.addAll(List.of(more));
        return all;
    }

    /** Runs to the end; the exit status and everything printed. */
    private static String runToEnd(List<String> args, int expectedStatus) throws Exception {
        Process p = plumb(args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(expectedStatus);
        return output;
    }

    private static final int EPOCHS = 8;

    @TempDir
    static Path shared;

    /** One uninterrupted run, which both tests read (each child JVM starts its own Spark: half a minute here). */
    private static Path whole;
    private static String wholeOutput;

    @BeforeAll
    static void trainOnce() throws Exception {
        whole = shared.resolve("whole");
        wholeOutput = runToEnd(args(whole, EPOCHS), 0);
    }

    @Test
    void aModelTrainedOnSparkPredictsOnOneMachineAsItsRecordSays() throws Exception {
        Path run = whole;
        String output = wholeOutput;
        assertThat(output).contains("on Spark local[2] (2 partitions, synchronous data-parallel steps)")
                .contains("split: train").contains("(content-hash)").doesNotContain("Exception");

        RunRecord record = RunRecord.read(run.resolve("run.json"));
        assertThat(record.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
        assertThat(record.history()).hasSize(EPOCHS);
        assertThat(record.setup().engine()).startsWith("spark local[2], 2 partitions, synchronous");
        assertThat(record.setup().split().method()).isEqualTo("content-hash");

        // the test part, found independently from the manifest's seed and ratios; the model as one machine loads it
        Split split = new Split(record.setup().split().settings().get(0), record.setup().split().settings().get(1),
                record.setup().split().settings().get(2), record.setup().split().seed(), record.setup().split().stratified());
        Dataset digits = Digits.load(DType.FLOAT64);
        ContentHashSplit assign = new ContentHashSplit(split);
        int[] test = IntStream.range(0, digits.size())
                .filter(i -> assign.part(SparkRows.features(digits.features(), i)) == ContentHashSplit.TEST).toArray();
        Dataset testPart = digits.subset("test", test);
        ModelBundle model = ModelBundle.load(run.resolve("model"));
        int[] predicted = Network.classes(model.predict(testPart.features()));
        long wrong = IntStream.range(0, test.length).filter(i -> predicted[i] != testPart.labels()[i]).count();
        assertThat(test.length).isEqualTo(record.evaluation("test").orElseThrow().examples());
        assertThat((double) wrong / test.length).isEqualTo(record.evaluation("test").orElseThrow().error(),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(run.resolve("report.html")).isRegularFile();
    }

    @Test
    void aKilledDriverResumesFromItsCheckpointAndEndsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        int epochs = EPOCHS;
        Path killed = tmp.resolve("killed");
        String checkpoints = tmp.resolve("checkpoints").toUri().toString(); // file:///…: Hadoop's file system API
        Process driver = plumb(args(killed, epochs, "--checkpoint-dir", checkpoints));
        StringBuilder seen = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                if (line.matches("\\s*epoch\\s+4/" + epochs + "\\s.*")) {
                    driver.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
                    break;
                }
            }
        }
        assertThat(driver.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(seen.toString()).as("the driver ran until epoch 4").containsPattern("epoch\\s+4/" + epochs);
        assertThat(killed.resolve("run.json")).doesNotExist();

        try (var kept = java.nio.file.Files.list(tmp.resolve("checkpoints"))) {
            assertThat(kept.map(f -> f.getFileName().toString())).as("the checkpoints went to --checkpoint-dir")
                    .anyMatch(n -> n.matches("checkpoint-\\d+\\.safetensors"));
        }
        assertThat(killed.resolve("checkpoint.safetensors")).doesNotExist();
        String resumed = runToEnd(List.of("--resume", killed.toString(), "--spark", "local[2]", "--checkpoint-dir",
                checkpoints), 0);
        assertThat(resumed).contains("resuming " + killed);
        RunRecord a = RunRecord.read(whole.resolve("run.json"));
        RunRecord b = RunRecord.read(killed.resolve("run.json"));
        assertThat(b.history()).hasSize(epochs);
        for (int e = 0; e < epochs; e++) {
            EpochLogs x = a.history().get(e);
            EpochLogs y = b.history().get(e);
            assertThat(y.trainCost()).as("train cost of epoch %d", e + 1).isCloseTo(x.trainCost(),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(y.devError()).as("dev error of epoch %d", e + 1).isEqualTo(x.devError());
        }
        // the weights themselves: the driver sums the partitions' gradients in partition order, so bit for bit
        ModelBundle one = ModelBundle.load(whole.resolve("model"));
        ModelBundle two = ModelBundle.load(killed.resolve("model"));
        one.network().parameters().forEach((name, p) -> assertThat(two.network().parameters().get(name).value()
                .toFloatArray()).as(name).containsExactly(p.value().toFloatArray()));
    }
}
