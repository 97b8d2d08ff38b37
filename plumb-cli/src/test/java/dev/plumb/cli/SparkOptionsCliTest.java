package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plumb train's Spark options where Spark is absent (this module's class path has neither Spark nor plumb-spark, as
 * plumb.jar has not): one line naming the problem and the fix, exit 2, no run directory left behind. The runs on
 * Spark themselves are plumb-spark's tests.
 */
class SparkOptionsCliTest {

    private final CliCall cli = new CliCall();

    @TempDir
    Path tmp;

    @Test
    void sparkWithoutItsModuleSaysHowToGetIt() {
        Path run = tmp.resolve("run");
        cli.assertRefused(cli.plumb("train", "--data", "digits", "--spark", "local[2]", "--out", run.toString()), "epoch ",
                "--spark needs Plumb's Spark module and Apache Spark on the class path", "./plumb train --spark");
        assertThat(run).doesNotExist();
    }

    @Test
    void checkpointDirWithoutSparkIsRefused() {
        cli.assertRefused(cli.plumb("train", "--data", "digits", "--checkpoint-dir", "hdfs://nn/runs/1", "--out",
                tmp.resolve("run").toString()), "epoch ", "--checkpoint-dir", "add --spark");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void sparkModeWithoutSparkIsRefused() {
        cli.assertRefused(cli.plumb("train", "--data", "digits", "--spark-mode", "average=4", "--out",
                tmp.resolve("run").toString()), "epoch ", "--spark-mode", "add --spark");
    }

    @Test
    void gradcheckWithSparkIsRefused() {
        cli.assertRefused(cli.plumb("train", "--data", "digits", "--spark", "local[2]", "--gradcheck", "--out",
                tmp.resolve("run").toString()), "epoch ", "--gradcheck needs the training examples in this JVM");
        assertThat(Files.exists(tmp.resolve("run"))).isFalse();
    }
}
