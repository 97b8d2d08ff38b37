package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.tune.StudyDirectory;
import dev.plumb.tune.StudyRecord;
import dev.plumb.tune.TrialResult;

/** plumb tune as a user runs it: a small study on the bundled digits, and the directory it leaves. */
class TuneCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aGridStudyWritesStudyJsonTrialsCsvStudyHtmlAndARunDirectoryPerTrial() throws Exception {
        Path study = dir.resolve("grid");
        assertThat(plumb("tune", "--data", "digits", "--layers", "8|16", "--lr", "0.003..0.03:log", "--grid-points", "2",
                "--strategy", "grid", "--budget", "4", "--epochs", "5", "--prune", "false", "--learning-curve", "false",
                "--parallel", "2", "--out", study.toString())).as("stderr: %s", err).isZero();
        assertThat(out.toString()).contains("study: grid, budget 4 trials").contains("best on dev: trial ")
                .contains("test (evaluated once, for trial ").contains("report:");

        StudyRecord record = new StudyDirectory(study).read();
        assertThat(record.status()).isEqualTo(StudyRecord.Status.FINISHED);
        assertThat(record.trials()).hasSize(4).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialResult.TrialState.COMPLETED));
        assertThat(record.test()).isNotNull();
        assertThat(record.test().trial()).isEqualTo(record.best());

        List<String> csv = Files.readAllLines(study.resolve("trials.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("trial,origin,layers,lr,state,");

        String html = Files.readString(study.resolve("study.html"));
        for (String id : List.of("summary", "trials-over-time", "hyperparameters", "recipe-path", "chosen-trial", "trials")) {
            assertThat(html).as(id).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).contains("aria-label=\"Dev error against layers\"").contains("aria-label=\"Dev error against lr\"")
                .contains("lr (log scale)").contains("evaluated once, for trial " + record.best() + ", after the search")
                // the chosen trial's per-epoch curves come from its run directory
                .contains("aria-label=\"Error per epoch\"");
        // every trial has its run directory with its own report, and the page links each one relatively
        List<String> links = links(html);
        for (TrialResult t : record.trials()) {
            String report = String.format("trial-%03d/report.html", t.id());
            assertThat(links).contains(report);
            assertThat(study.resolve(report)).isRegularFile();
            assertThat(study.resolve(String.format("trial-%03d/run.json", t.id()))).isRegularFile();
        }
        assertThat(links).allSatisfy(l -> assertThat(l).matches("#[a-z-]+|data:,|trial-\\d{3}/report\\.html"));
    }

    @Test
    void aRecipeStudyShowsItsPathAndTheLearningCurveOfTheChosenTrial() throws Exception {
        Path study = dir.resolve("recipe");
        assertThat(plumb("tune", "--data", "digits", "--strategy", "recipe", "--budget", "3", "--epochs", "5",
                "--parallel", "2", "--out", study.toString())).as("stderr: %s", err).isZero();
        StudyRecord record = new StudyDirectory(study).read();
        assertThat(record.path()).isNotEmpty();
        assertThat(record.learningCurve()).isNotNull();
        String html = Files.readString(study.resolve("study.html"));
        assertThat(html).contains("<ol class=\"timeline\">").contains("<li class=\"step\" id=\"step-1\">")
                .contains("Worked on:").contains("Decision:")
                .contains("<figure class=\"curve-chart learning-curve\">");
        for (int t = 1; t <= record.trials().size(); t++) {
            assertThat(study.resolve(String.format("trial-%03d/report.html", t))).isRegularFile();
        }
    }

    private static List<String> links(String html) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
