package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.train.RunRecord;
import dev.plumb.workflow.ConfigFile;
import picocli.CommandLine;

/**
 * The CSV flags as a user meets them: a semicolon export, a tab file, an id column dropped, a missing value refused
 * with the flag that accepts it, and a model trained without the id column predicting from a file that has it.
 */
class CsvOptionsCliTest {

    @TempDir
    static Path dir;
    /** id;x1;x2;class — two well-separated classes, decimal points, ';' separated; 200 rows. */
    static Path semicolons;
    /** The same rows, tab-separated, with row 17's x2 empty. */
    static Path tabsWithAHole;
    /** 20 further rows, with their id, ';' separated, without the class. */
    static Path fresh;
    static final String[] FRESH_CLASSES = new String[20];

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void writeData() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        StringBuilder semi = new StringBuilder("id;x1;x2;class\n");
        StringBuilder tab = new StringBuilder("id\tx1\tx2\tclass\n");
        StringBuilder next = new StringBuilder("id;x1;x2\n");
        for (int i = 0; i < 220; i++) {
            boolean up = i % 2 == 0;
            String x1 = String.format(java.util.Locale.ROOT, "%.3f", (up ? 2.0 : -2.0) + rng.nextGaussian() * 0.5);
            String x2 = String.format(java.util.Locale.ROOT, "%.3f", (up ? -1.0 : 1.0) + rng.nextGaussian() * 0.5);
            // the id grows with the row and says nothing about the class: a model must not rely on it
            String id = String.valueOf(1000 + i);
            String label = up ? "up" : "down";
            if (i < 200) {
                semi.append(String.join(";", id, x1, x2, label)).append('\n');
                tab.append(String.join("\t", id, x1, i == 17 ? "" : x2, label)).append('\n');
            } else {
                next.append(String.join(";", id, x1, x2)).append('\n');
                FRESH_CLASSES[i - 200] = label;
            }
        }
        semicolons = Files.writeString(dir.resolve("export.csv"), semi);
        tabsWithAHole = Files.writeString(dir.resolve("holes.tsv"), tab);
        fresh = Files.writeString(dir.resolve("new.csv"), next);
    }

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aSemicolonFileTrainsWithTheIdDroppedAndItsModelPredictsFromAFileWithTheId() throws Exception {
        assertThat(plumb("train", "--data", semicolons.toString())).isEqualTo(2);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains(semicolons.toString()).contains("the header has only 1 column")
                .contains("read it with --delimiter ';'");

        err.getBuffer().setLength(0);
        Path run = dir.resolve("semi-run");
        assertThat(plumb("train", "--data", semicolons.toString(), "--delimiter", ";", "--label", "class", "--drop-columns",
                "id", "--layers", "8", "--epochs", "30", "--lr", "0.01", "--quiet", "--out", run.toString()))
                .as("stderr: %s", err).isZero();
        RunRecord record = RunRecord.read(run.resolve("run.json"));
        assertThat(record.evaluation("test").orElseThrow().accuracy()).isGreaterThan(0.9);
        assertThat(ConfigFile.read(run.resolve("config.yaml"))).containsEntry("delimiter", ";")
                .containsEntry("drop-columns", "id").containsEntry("columns", "").containsEntry("allow-missing", "false");
        assertThat(Files.readString(run.resolve("model/model.json"))).contains("\"x1\"").doesNotContain("\"id\"");

        Path predictions = dir.resolve("semi-predictions.csv");
        assertThat(plumb("predict", "--model", run.resolve("model").toString(), "--data", fresh.toString(), "--delimiter", ";",
                "--out", predictions.toString())).as("stderr: %s", err).isZero();
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(21);
        long right = 0;
        for (int i = 0; i < 20; i++) {
            right += lines.get(i + 1).split(",")[1].equals(FRESH_CLASSES[i]) ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(18);
    }

    @Test
    void aMissingValueIsRefusedNamingAllowMissingAndWithItTheDroppedRowIsCountedInTheRecordAndTheReport() throws Exception {
        assertThat(plumb("train", "--data", tabsWithAHole.toString(), "--delimiter", "tab", "--columns", "x1,x2")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("plumb: " + tabsWithAHole + ", line 19: column 'x2' is empty; "
                + "fill it in, or pass --allow-missing to drop rows with a missing value");

        Path run = dir.resolve("holes-run");
        assertThat(plumb("train", "--data", tabsWithAHole.toString(), "--delimiter", "tab", "--columns", "x1,x2",
                "--allow-missing", "--epochs", "2", "--out", run.toString())).as("stderr: %s", err).isZero();
        RunRecord record = RunRecord.read(run.resolve("run.json"));
        assertThat(record.setup().split().rowsDropped()).isEqualTo(1);
        assertThat(record.setup().split().parts().stream().mapToInt(p -> p.size()).sum()).isEqualTo(199);
        assertThat(Files.readString(run.resolve("report.html"))).contains("<strong>1 row</strong> with a missing or empty value "
                + "was dropped while reading the data");
        assertThat(out.toString()).contains("1 row with a missing value dropped (--allow-missing)");
        assertThat(ConfigFile.read(run.resolve("config.yaml"))).containsEntry("delimiter", "tab").containsEntry("allow-missing", "true");
    }

    @Test
    void emptyLayersAndANegativeGradcheckAreRefusedInOneLine() {
        assertThat(plumb("train", "--data", "digits", "--layers", "")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("plumb: Invalid value for option layers: ''. Expected "
                + "comma-separated hidden layer sizes, e.g. 256,128, or none for a linear model.");

        err.getBuffer().setLength(0);
        assertThat(plumb("train", "--data", "digits", "--gradcheck", "-5")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("plumb: Invalid value for option --gradcheck: -5. Expected "
                + "the number of coordinates to check per tensor, e.g. --gradcheck 20, or 0 for no check.");
        assertThat(out.toString()).as("refused before loading anything").isEmpty();
    }

    @Test
    void configYamlNamesTheDataByAnAbsolutePathSoItRepeatsFromAnyDirectory() throws Exception {
        // given relative to the working directory, as a user types it
        Path relative = Path.of("").toAbsolutePath().relativize(semicolons.toAbsolutePath());
        assertThat(relative.isAbsolute()).isFalse();
        Path run = dir.resolve("relative-run");
        assertThat(plumb("train", "--data", relative.toString(), "--delimiter", ";", "--drop-columns", "id", "--epochs", "1",
                "--quiet", "--out", run.toString())).as("stderr: %s", err).isZero();

        String data = ConfigFile.read(run.resolve("config.yaml")).get("data");
        assertThat(Path.of(data)).isAbsolute().isEqualTo(semicolons.toAbsolutePath().normalize());
        // what another working directory resolves it to is the same file: an absolute path ignores the base
        assertThat(dir.resolve("elsewhere").resolve(data)).isEqualTo(semicolons.toAbsolutePath().normalize());
        assertThat(plumb("train", "--config", run.resolve("config.yaml").toString(), "--quiet", "--out",
                dir.resolve("repeated").toString())).as("stderr: %s", err).isZero();
    }

    /** picocli formats descriptions: a lone % gives "[picocli WARN]" lines on stderr in --help. */
    @Test
    void theHelpOfEveryCommandPrintsNoPicocliWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (String command : new CommandLine(new Main()).getSubcommands().keySet()) {
                out.getBuffer().setLength(0);
                assertThat(plumb(command, "--help")).as(command).isZero();
                assertThat(out.toString()).as(command).contains("Usage:");
            }
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("[picocli WARN]");
        assertThat(err.toString()).doesNotContain("[picocli WARN]");
    }

    @Test
    void aNumericLabelWithAValuePerRowIsNotTakenForTwoHundredClasses() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.5f%n", a, b, 3 * a + b + random.nextGaussian() / 10));
        }
        Path file = Files.writeString(dir.resolve("values.csv"), csv);
        assertThat(plumb("train", "--data", file.toString(), "--label", "y", "--out", dir.resolve("values-run").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).containsPattern("'y' has 19\\d distinct values in 200 rows").contains("pass --task regression")
                .hasLineCount(1);
        assertThat(plumb("train", "--data", file.toString(), "--label", "y", "--task", "regression", "--epochs", "5",
                "--out", dir.resolve("values-regression").toString())).as("stderr: %s", err).isZero();
        // a regression's figures are mean squared errors, not shares of misclassified examples
        assertThat(out.toString().lines().filter(l -> l.strip().startsWith("test ")).findFirst().orElseThrow())
                .contains(" mse ").doesNotContain("%");
    }
}
