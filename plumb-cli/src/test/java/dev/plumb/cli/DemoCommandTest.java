package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.ModelBundle;
import dev.plumb.train.RunRecord;

class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void demoTrainsToAtLeast95PercentTestAccuracyAndSavesTheRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("demo");
        int status = plumb("demo", "--out", run.toString());

        assertThat(status).as("stderr: %s", err).isZero();
        String text = out.toString();
        Matcher test = Pattern.compile("test\\s+error\\s+([\\d.]+)%\\s+accuracy\\s+([\\d.]+)%").matcher(text);
        assertThat(test.find()).as(text).isTrue();
        assertThat(Double.parseDouble(test.group(2))).isGreaterThanOrEqualTo(95.0);
        Matcher sizes = Pattern.compile("train (\\d+), dev (\\d+), test (\\d+)").matcher(text);
        assertThat(sizes.find()).as(text).isTrue();
        int nTrain = Integer.parseInt(sizes.group(1));
        int nDev = Integer.parseInt(sizes.group(2));
        int nTest = Integer.parseInt(sizes.group(3));
        assertThat(nTrain + nDev + nTest).isEqualTo(1797);
        assertThat(nDev).isBetween(355, 363);   // 20% of each class, rounded per class
        assertThat(nTest).isBetween(355, 363);
        assertThat(text).contains(run.resolve("model").toString());

        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.history()).hasSize(30);
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(ModelBundle.load(run.resolve("model")).network().parameterCount()).isEqualTo(64 * DemoCommand.HIDDEN + DemoCommand.HIDDEN + DemoCommand.HIDDEN * 10 + 10);
    }

    @Test
    void anUnknownFlagIsOneLineAndExitStatus2() {
        int status = plumb("demo", "--epochz", "3");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("--epochz").contains("plumb demo --help");
    }

    @Test
    void anInvalidValueNamesTheArgumentWithoutAStackTrace(@TempDir Path dir) {
        int status = plumb("demo", "--epochs", "0", "--out", dir.toString());
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("epochs").contains("0").doesNotContain("at dev.plumb");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void helpShowsDefaultsAndAnExample() {
        assertThat(plumb("demo", "--help")).isZero();
        assertThat(out.toString()).contains("Default: 30").contains("Example:");
    }
}
