package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;

/**
 * The standalone-cluster rows of BENCHMARKS.md's Spark section, not part of {@code mvn verify}: {@code plumb train
 * --spark spark://…} on Fashion-MNIST 784-256-128-10 submitted to a master and two workers (one core each) on this
 * machine, both modes at global batch 128, 1024 and 4096 — the median epoch time and the dev accuracy. Driver and
 * executors run with the full JIT here (the tests use the client compiler only, for start-up). Run after {@code mvn
 * -B -ntp -o -pl plumb-cli -am package -DskipTests}:
 * <pre>mvn -B -ntp -o -pl plumb-core,plumb-onnx,plumb-cli,plumb-spark test -Dtest=ClusterMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dplumb.spark.measure=true</pre>
 */
@EnabledIfSystemProperty(named = "plumb.spark.measure", matches = "true")
class ClusterMeasurement {

    private static final int EPOCHS = Integer.getInteger("plumb.spark.epochs", 3);

    @Test
    void fashionMnistOnAStandaloneCluster() throws Exception {
        StandaloneCluster.assumeAvailable();
        Path dir = Files.createDirectories(Path.of("target", "cluster-measurement")).toAbsolutePath();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "3g")) {
            Path jar = ClusterTrainingTest.primaryResource(dir.resolve("plumb-submit.jar"));
            for (int batch : new int[] {128, 1024, 4096}) {
                for (String mode : new String[] {"sync", "average=4"}) {
                    String name = "b" + batch + "-" + mode.replace("=", "");
                    Path out = dir.resolve(name);
                    List<String> train = new ArrayList<>(List.of("--data", "fashion-mnist", "--layers", "256,128",
                            "--optimizer", "adam", "--lr", "0.001", "--batch", String.valueOf(batch), "--early-stopping", "off",
                            "--epochs", String.valueOf(EPOCHS), "--spark-mode", mode, "--seed", "1", "--out", out.toString(),
                            "--overwrite"));
                    long start = System.nanoTime();
                    try (ClusterTrainingTest.Submission run = ClusterTrainingTest.Submission.start(cluster, jar,
                            dir.resolve(name), train, List.of("-Xmx3g", "-XX:+UseParallelGC"), "2g")) {
                        assertThat(run.awaitExit(3600)).isZero();
                    }
                    RunRecord record = RunRecord.read(out.resolve("run.json"));
                    assertThat(record.outcome()).isEqualTo(TrainingOutcome.COMPLETED);
                    double[] seconds = record.history().stream().mapToDouble(EpochLogs::seconds).sorted().toArray();
                    System.out.printf(Locale.ROOT, "MEASURE cluster batch %4d  %-10s epoch %7.2f s (median of %d: %s)  dev "
                                    + "accuracy %.4f  wall %.0f s%n", batch, mode, seconds[seconds.length / 2], seconds.length,
                            Arrays.toString(seconds), 1 - record.evaluation("dev").orElseThrow().error(),
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }
}
