package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.RunRecord;

/** {@code plumb train --init-from MODEL_DIR}: fine-tuning a saved model from the command line, and what it refuses. */
class FineTuneCommandTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path more;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void trainAModel() throws Exception {
        Path train = Files.writeString(dir.resolve("iris.csv"), csv("sepal_length,sepal_width,petal_length,petal_width,species",
                150, 3, new String[] {"setosa", "versicolor", "virginica"}));
        // more data: the columns in another order, an id column the model never saw
        more = Files.writeString(dir.resolve("more.csv"), csv("id,petal_width,species,sepal_length,sepal_width,petal_length",
                90, 4, new String[] {"setosa", "versicolor", "virginica"}));
        StringWriter sink = new StringWriter();
        int status = Main.run(new String[] {"train", "--data", train.toString(), "--label", "species", "--layers", "8",
                "--epochs", "20", "--quiet", "--out", dir.resolve("base").toString()}, new PrintWriter(sink, true),
                new PrintWriter(sink, true));
        assertThat(status).as("%s", sink).isZero();
        model = dir.resolve("base/model");
    }

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void fineTunesAndSaysWhereItStarted() throws Exception {
        Path run = dir.resolve("tuned");
        assertThat(plumb("train", "--data", more.toString(), "--label", "species", "--init-from",
                model.toString(), "--epochs", "5", "--lr", "0.0003", "--keep-prob", "0.9", "--out", run.toString()))
                .as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("init-from: " + model.toAbsolutePath().normalize())
                .contains("normalize: auto → standard (fine-tuning the model in");
        RunRecord record = RunRecord.fromJson(Files.readString(run.resolve("run.json")));
        assertThat(record.setup().initializedFrom()).isEqualTo(model.toAbsolutePath().normalize().toString());
        assertThat(Files.readString(run.resolve("report.html"))).contains("Fine-tuned").contains(model.toAbsolutePath()
                .normalize().toString());
        assertThat(Files.readString(run.resolve("model/model.json"))).contains("\"sepal_length\"").doesNotContain("\"id\"");
    }

    @Test
    void optionsTheModelFixesAreRefusedInOneLine() {
        for (String[] flag : new String[][] {{"--layers", "64"}, {"--activation", "tanh"}, {"--init", "he"},
                {"--loss", "mse"}, {"--normalize", "minmax"}}) {
            err.getBuffer().setLength(0);
            assertThat(plumb("train", "--data", more.toString(), "--label", "species", "--init-from", model.toString(),
                    flag[0], flag[1], "--out", dir.resolve("refused").toString())).as(flag[0]).isEqualTo(2);
            assertThat(err.toString()).as(flag[0]).contains(flag[0].substring(2) + " beside").contains("init-from")
                    .doesNotContain("\tat ");
            assertThat(err.toString().lines()).as(flag[0]).hasSize(1);
        }
        assertThat(dir.resolve("refused/run.json")).doesNotExist();
    }

    @Test
    void dataWithOtherClassesIsRefusedNamingBothLists() throws Exception {
        Path other = Files.writeString(dir.resolve("other.csv"), csv("sepal_length,sepal_width,petal_length,petal_width,species",
                60, 5, new String[] {"setosa", "versicolor", "iris-nova"}));
        assertThat(plumb("train", "--data", other.toString(), "--label", "species", "--init-from", model.toString(),
                "--out", dir.resolve("other-run").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("[iris-nova, setosa, versicolor]").contains("[setosa, versicolor, virginica]");
        assertThat(err.toString().lines()).hasSize(1);
    }

    /** Three well-separated classes in the four iris columns, in {@code header}'s order (other columns: the row number). */
    private static String csv(String header, int rows, long seed, String[] names) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.5, 2.0}};
        String[] iris = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            StringBuilder row = new StringBuilder();
            for (String column : header.split(",")) {
                int j = java.util.Arrays.asList(iris).indexOf(column);
                String value = column.equals("species") ? names[k] : j < 0 ? String.valueOf(i)
                        : String.valueOf(Math.round((centres[k][j] + rng.nextGaussian() * 0.25) * 100) / 100.0);
                row.append(row.length() == 0 ? "" : ",").append(value);
            }
            sb.append(row).append('\n');
        }
        return sb.toString();
    }
}
