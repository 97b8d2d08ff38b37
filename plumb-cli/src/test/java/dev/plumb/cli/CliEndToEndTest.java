package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.ConfigFile;
import dev.plumb.workflow.RunOption;
import picocli.CommandLine;

/** train → evaluate → predict → report on a small CSV the test writes, as a user runs them. */
class CliEndToEndTest {

    @TempDir
    static Path dir;
    static Path train;
    static Path holdout;
    static Path fresh;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeData() throws Exception {
        // three well-separated classes in 4 features: a network learns them easily
        SplittableRandom rng = new SplittableRandom(3);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] centres = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.5, 2.0}};
        StringBuilder a = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        StringBuilder b = new StringBuilder(a);
        StringBuilder c = new StringBuilder("petal_width,sepal_length,sepal_width,petal_length\n");
        for (int i = 0; i < 330; i++) {
            int k = i % 3;
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = Math.round((centres[k][j] + rng.nextGaussian() * 0.25) * 100) / 100.0;
            }
            String row = x[0] + "," + x[1] + "," + x[2] + "," + x[3];
            if (i < 300) {
                a.append(row).append(',').append(names[k]).append('\n');
            } else {
                b.append(row).append(',').append(names[k]).append('\n');
                c.append(x[3]).append(',').append(x[0]).append(',').append(x[1]).append(',').append(x[2]).append('\n');
            }
        }
        train = Files.writeString(dir.resolve("iris.csv"), a);
        holdout = Files.writeString(dir.resolve("holdout.csv"), b);
        fresh = Files.writeString(dir.resolve("new.csv"), c);
    }

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void trainEvaluatePredictAndReport() throws Exception {
        Path run = dir.resolve("run");
        assertThat(plumb("train", "--data", train.toString(), "--label", "species", "--layers", "16", "--epochs", "60", "--lr", "0.01",
                "--early-stopping", "patience=10", "--quiet", "--out", run.toString())).as("stderr: %s", err).isZero();
        for (String f : List.of("config.yaml", "run.json", "history.csv", "report.html", "model/model.json", "model/weights.safetensors")) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThan(0.9);
        assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(record.history().size() + 1)
                .first().asString().startsWith("epoch,train_cost,train_error,dev_cost,dev_error");

        out.getBuffer().setLength(0);
        assertThat(plumb("evaluate", "--model", run.resolve("model").toString(), "--data", holdout.toString(),
                "--label", "species")).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("accuracy").contains("precision").contains("actual \\ predicted");

        Path predictions = dir.resolve("predictions.csv");
        assertThat(plumb("predict", "--model", run.resolve("model").toString(), "--data", fresh.toString(), "--out",
                predictions.toString())).as("stderr: %s", err).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("row,predicted,p_setosa,p_versicolor,p_virginica");
        // new.csv holds the holdout rows in the same order, columns shuffled: predictions follow the holdout labels
        List<String> truth = Files.readAllLines(holdout).subList(1, 31);
        long right = 0;
        for (int i = 0; i < 30; i++) {
            right += lines.get(i + 1).split(",")[1].equals(truth.get(i).substring(truth.get(i).lastIndexOf(',') + 1)) ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(27);
    }

    @Test
    void aDivergingRunWritesItsDirectoryThenSaysWhatToDoInOneLineWithExitStatus2() throws Exception {
        Path run = dir.resolve("diverged");

        int status = plumb("train", "--data", "digits", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "3", "--quiet",
                "--out", run.toString());

        assertThat(status).as("stderr: %s", err).isEqualTo(Main.USAGE_ERROR);
        for (String f : List.of("config.yaml", "run.json", "history.csv", "analysis.json", "report.html",
                "model/model.json", "model/weights.safetensors")) {
            assertThat(run.resolve(f)).as(f).exists();
        }
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.outcome()).isEqualTo(TrainingOutcome.DIVERGED);
        assertThat(err.toString().lines().toList()).containsExactly("plumb: " + record.training().stopReason());
        assertThat(record.training().stopReason()).startsWith("training diverged: ")
                .contains("at learning rate 1000000;").contains("Lower the learning rate, e.g. 10x to 100000;");
        assertThat(record.history()).allSatisfy(e -> assertThat(e.trainCost()).isFinite());
        assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(record.history().size() + 1);
        assertThat(record.evaluation("test").orElseThrow().cost()).as("the restored network is usable").isFinite();
        assertThat(Files.readString(run.resolve("report.html"))).contains("Diverged:");
        assertThat(ConfigFile.read(run.resolve("config.yaml"))).containsEntry("lr", "1000000.0");
    }

    @Test
    void aConfigFileGivesTheOptionsAndFlagsOverrideIt() throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), "data: " + train + "\nlabel: species\nlayers: [8, 4]\n"
                + "epochs: 3\nearly-stopping: {patience: 2, min-delta: 0.001}\n", StandardCharsets.UTF_8);
        Path run = dir.resolve("configured");
        assertThat(plumb("train", "--config", config.toString(), "--epochs", "2", "--quiet", "--out", run.toString()))
                .as("stderr: %s", err).isZero();
        Map<String, String> written = ConfigFile.read(run.resolve("config.yaml"));
        assertThat(written).containsEntry("layers", "8,4").containsEntry("epochs", "2")
                .containsEntry("early-stopping", "patience=2,min-delta=0.001,monitor=dev_error").containsEntry("label", "species");
        assertThat(RunRecord.fromJson(Files.readString(run.resolve("run.json"))).history()).hasSize(2);
        // the written config repeats the run
        assertThat(plumb("train", "--config", run.resolve("config.yaml").toString(), "--quiet", "--out",
                dir.resolve("again").toString())).isZero();
    }

    /** Every run option is a flag of train and gradcheck, its default is the core table's, and --help shows it. */
    @ParameterizedTest
    @ValueSource(strings = {"train", "gradcheck"})
    void flagDefaultsAreTheCoreDefaults(String command) {
        CommandLine cli = new CommandLine(new Main()).getSubcommands().get(command);
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        for (RunOption option : RunOption.values()) {
            CommandLine.Model.OptionSpec flag = spec.findOption("--" + option.key());
            assertThat(flag).as("--%s", option.key()).isNotNull();
            assertThat(Objects.toString(flag.defaultValueString(), "null").replace("null", ""))
                    .as("default of --%s", option.key()).isEqualTo(option.defaultValue());
        }
        String help = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("Default: 0.6,0.2,0.2").contains("Default: adam");
        assertThat(help.lines().filter(line -> line.strip().matches("Default:\\s*(null)?"))).as("a Default: line without a value")
                .isEmpty();
    }

    @Test
    void badInputIsOneLineWithExitStatus2() {
        assertThat(plumb("train", "--data", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing.csv").contains("no such file");
        assertThat(err.toString().lines()).hasSize(1);

        err.getBuffer().setLength(0);
        assertThat(plumb("train", "--data", train.toString(), "--label", "colour")).isEqualTo(2);
        assertThat(err.toString()).contains("colour").doesNotContain("\tat ");

        err.getBuffer().setLength(0);
        assertThat(plumb("train", "--dta", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--dta").contains("plumb train --help");

        err.getBuffer().setLength(0);
        assertThat(plumb("evaluate", "--model", dir.resolve("nope").toString(), "--data", "digits")).isEqualTo(2);
        assertThat(err.toString()).contains("not a model directory");
    }

    @Test
    void anUnknownBlasChoiceIsOneLineWithExitStatus2() {
        String before = System.getProperty("plumb.blas");
        System.setProperty("plumb.blas", "bogus"); // what PLUMB_BLAS=bogus gives; read before any command runs
        try {
            assertThat(plumb("--version")).isEqualTo(2);
        } finally {
            if (before == null) {
                System.clearProperty("plumb.blas");
            } else {
                System.setProperty("plumb.blas", before);
            }
        }
        assertThat(err.toString()).contains("PLUMB_BLAS").contains("'bogus'").contains("native-copy");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aBadCsvRowIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,x\n3,4,y\n5,oops,x\n6,7,y\n8,9,x\n");
        assertThat(plumb("train", "--data", bad.toString(), "--out", dir.resolve("bad-run").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.csv, line 4").contains("oops");
    }
}
