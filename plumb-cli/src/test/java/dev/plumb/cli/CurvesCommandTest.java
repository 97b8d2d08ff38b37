package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.workflow.CurvesDirectory;

/** plumb curves as a user runs it. */
class CurvesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void learningCurvePrintsEverySizeAndAVerdict() {
        int status = plumb("curves", "--data", "digits", "--layers", "16", "--epochs", "5", "--train-sizes", "0.2,1.0",
                "--out", tmp.resolve("lc").toString());
        assertThat(status).as("stderr: %s", err).isZero();
        String text = out.toString();
        assertThat(text).contains("learning curve on digits").contains("0.2").contains("1.0").contains("verdict: ");
        assertThat(text.lines().filter(line -> line.matches("\\s+(0\\.2|1\\.0)\\s+\\d+\\s+.*"))).hasSize(2);
    }

    @Test
    void learningCurveWritesItsRecordAndPageToOutAndPrintsThePage() throws Exception {
        Path dir = tmp.resolve("curves");
        int status = plumb("curves", "--data", "digits", "--layers", "16", "--epochs", "4", "--train-sizes", "0.3,1.0",
                "--bayes-error", "0.02", "--out", dir.toString());
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("page:   " + dir.resolve("curves.html"))
                .contains("curves: " + dir.resolve("curves.json"));

        CurvesDirectory.Saved saved = new CurvesDirectory(dir).read();
        assertThat(saved.validation()).isNull();
        assertThat(saved.learning().fractions()).containsExactly(0.3, 1.0);
        assertThat(saved.learning().bayesError()).isEqualTo(0.02);
        assertThat(saved.options()).containsEntry("layers", "16").containsEntry("epochs", "4").containsEntry("data", "digits")
                .containsEntry("bayes-error", "0.02");
        // the numbers printed are the numbers saved
        assertThat(out.toString()).contains(String.format("%10.4f", saved.learning().devErrors().get(1)));

        String page = Files.readString(dir.resolve("curves.html"));
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>Plumb learning curve: digits</title>")
                .contains("<figure class=\"curve-chart learning-curve\"><svg class=\"chart\"")
                .contains(saved.learning().verdict()) // no markup characters in a verdict
                .contains("<dt>layers</dt><dd>16</dd>").contains("--train-sizes 0.3,1")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("curves.json"));
    }

    @Test
    void validationCurvePrintsEveryValueAndMarksTheBest() throws Exception {
        Path dir = tmp.resolve("vc");
        int status = plumb("curves", "--data", "digits", "--layers", "16", "--epochs", "3", "--param", "keep-prob=1,0.5",
                "--out", dir.toString());
        assertThat(status).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("validation curve of keep-prob").contains("← lowest dev error")
                .contains("verdict: lowest dev error").contains("page:   " + dir.resolve("curves.html"));
        CurvesDirectory.Saved saved = new CurvesDirectory(dir).read();
        assertThat(saved.learning()).isNull();
        assertThat(saved.validation().parameter()).isEqualTo("keep-prob");
        assertThat(saved.validation().values()).containsExactly("1", "0.5");
        String page = Files.readString(dir.resolve("curves.html"));
        assertThat(page).contains("<section id=\"validation-curve\">").contains("lowest dev error: keep-prob=" + saved.validation().best())
                .contains("<div class=\"varied\"><dt>keep-prob</dt><dd>varied: 1, 0.5</dd></div>");
    }

    @Test
    void aNonEmptyOutIsRefusedInOneLineBeforeTrainingUnlessOverwrite() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        String[] args = {"curves", "--data", "digits", "--layers", "8", "--epochs", "1", "--train-sizes", "0.5,1.0", "--out",
                dir.toString()};

        assertThat(plumb(args)).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains(dir.toString()).contains("not empty").contains("--overwrite");
        assertThat(out.toString()).as("nothing trained").isEmpty();
        assertThat(dir.resolve("curves.json")).doesNotExist();

        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--overwrite";
        assertThat(plumb(again)).as("stderr: %s", err).isZero();
        assertThat(dir.resolve("curves.json")).exists();
        assertThat(dir.resolve("curves.html")).exists();
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void theDefaultDirectoryIsATimestampedOneUnderRuns() {
        assertThat(CurvesCommand.defaultDirectory().toString().replace('\\', '/')).matches("runs/curves-\\d{8}-\\d{6}");
    }

    @Test
    void badParamIsOneLineWithExitStatus2() {
        assertThat(plumb("curves", "--data", "digits", "--param", "lambda=1,2")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("--param").contains("'lambda' is not a run option");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badValueOfAValidOptionNamesTheOption() {
        assertThat(plumb("curves", "--data", "digits", "--param", "l2=0,-1")).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("l2").contains("-1");
    }

    @Test
    void neitherOrBothCurveFlagsIsAnError() {
        assertThat(plumb("curves", "--data", "digits")).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one of --train-sizes").contains("--param");
    }
}
