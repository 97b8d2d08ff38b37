package dev.plumb.cli.report;

import static dev.plumb.cli.report.ReportFixtures.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plumb.data.SplitManifest;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunAnalysis;
import dev.plumb.workflow.TrainingRun;

/** The report as text: every section, escaping, nothing loaded from outside, and the record's numbers. */
class HtmlReportTest {

    static final List<String> SECTION_IDS = List.of("summary", "data-and-split", "model", "learning-curves", "bias-variance",
            "gradient-check", "gradient-health", "initialization", "weight-histograms", "confusion-matrix", "decision-boundary");

    @Test
    void everySectionIsThereOnceWithItsStableId() throws Exception {
        RunResult run = ReportFixtures.digits();
        String html = HtmlReport.render(run.record(), run.analysis());
        for (String id : SECTION_IDS) {
            assertThat(count(html, "<section id=\"" + id + "\">")).as(id).isEqualTo(1);
            assertThat(html).as("nav link to " + id).contains("<a href=\"#" + id + "\">");
        }
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    }

    @Test
    void escapesEveryStringFromTheRecord() {
        String html = HtmlReport.render(ReportFixtures.hostileRecord(), ReportFixtures.hostileAnalysis());
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("</script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        // class name in the confusion matrix, the legend and a tooltip; feature name on the boundary's axis
        assertThat(section(html, "confusion-matrix")).contains("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>");
        assertThat(section(html, "decision-boundary")).contains("x &lt;script&gt;alert(1)&lt;/script&gt; (input units)");
        // an attribute value cannot be broken out of either
        assertThat(html).doesNotContain("\"" + HOSTILE).doesNotContain("'" + HOSTILE);
    }

    @Test
    void loadsNothingFromOutsideThePage() throws Exception {
        RunResult run = ReportFixtures.digits();
        for (String html : List.of(HtmlReport.render(run.record(), run.analysis()),
                HtmlReport.render(ReportFixtures.hostileRecord(), ReportFixtures.hostileAnalysis()))) {
            Matcher m = Pattern.compile("(?i)\\b(src|href|xlink:href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
            while (m.find()) {
                String url = m.group(2);
                assertThat(url).as(m.group()).matches("#[a-z-]+|data:,");
            }
            String lower = html.toLowerCase(Locale.ROOT);
            assertThat(lower).doesNotContain("url(").doesNotContain("@import").doesNotContain("<iframe")
                    .doesNotContain("<img").doesNotContain("<object").doesNotContain("<embed");
            assertThat(lower).contains("content-security-policy").contains("default-src 'none'");
        }
    }

    @Test
    void showsTheRecordsNumbers() {
        RunRecord record = ReportFixtures.hostileRecord();
        String html = HtmlReport.render(record, ReportFixtures.hostileAnalysis());
        // final errors, as percentages with two decimals: 0.3 → 30.00 %, 0.375 → 37.50 %, 0.3125 → 31.25 %
        assertThat(section(html, "summary")).contains(">30.00 %<", ">37.50 %<", ">31.25 %<", "3 of 3");
        // split sizes and the per-class counts of a part
        String data = section(html, "data-and-split");
        assertThat(data).contains("<td class=\"num\">48</td>", "<td class=\"num\">16</td>", "<td class=\"num\">80</td>", "<td>60.00 %</td>");
        assertThat(data).contains("dev · c: 5 of 16 (31.25 %)");
        assertThat(data).contains("3 duplicates").contains("dev#3 = train#7");
        // normalization: μ and σ of each feature, and the constant one flagged
        assertThat(data).contains("<td class=\"num\">1.5</td><td class=\"num\">0.5</td>", "<td class=\"num\">−2.25</td><td class=\"num\">0</td>", "1 constant");
        // model: layer widths, initializer, dropout, λ, parameters (2·4 + 4 = 12, 4·3 + 3 = 15)
        String model = section(html, "model");
        assertThat(model).contains("dense 2 → 4", "dense 4 → 3", "<td class=\"num\">0.8</td>", "<td class=\"num\">12</td>", "<td class=\"num\">15</td>", "Var(W) = 1/n_in");
        // learning curves: the best epoch from early stopping is marked on both charts, and listed
        String curves = section(html, "learning-curves");
        assertThat(count(curves, ">best epoch 2<")).isEqualTo(2);
        assertThat(curves).contains("dev, epoch 3: 43.75").contains("<tr class=\"kept\"><th scope=\"row\">2</th>");
        // confusion matrix counts and per-class scores
        String confusion = section(html, "confusion-matrix");
        assertThat(confusion).contains("16 test examples", "68.75 %", "<td class=\"metric\">0.833</td>", "<td class=\"metric\">0.545</td>");
        assertThat(Pattern.compile(">(\\d+)</td>").matcher(confusion.substring(0, confusion.indexOf("</tbody>")))
                .results().map(r -> r.group(1)).toList())
                .containsExactly("5", "1", "0", "6", "1", "3", "1", "5", "0", "2", "3", "5");
        // weights: the statistics of each matrix
        assertThat(section(html, "weight-histograms")).contains("2 × 4", "<td class=\"num\">1.25</td>", "12.50 %");
    }

    /** Without early stopping nothing chose the kept epoch: it is the final one, not a "best" one. */
    @Test
    void theKeptEpochIsTheBestOnlyWhenEarlyStoppingChoseIt() {
        RunRecord stopped = ReportFixtures.hostileRecord();
        RunRecord.Training t = stopped.training();
        RunRecord ranOut = stopped.toBuilder().training(new RunRecord.Training(TrainingOutcome.COMPLETED, "ran all 3 epochs",
                t.history(), null, t.seconds())).build();

        String plain = HtmlReport.render(ranOut, ReportFixtures.hostileAnalysis());
        String curves = section(plain, "learning-curves");
        assertThat(count(curves, ">final epoch 3<")).isEqualTo(2);
        assertThat(curves).contains("weights kept (final epoch)").contains("<tr class=\"kept\"><th scope=\"row\">3</th>")
                .doesNotContain("best");
        assertThat(section(plain, "summary")).contains("weights of the final epoch, 3").doesNotContain("best");

        String early = HtmlReport.render(stopped, ReportFixtures.hostileAnalysis());
        assertThat(section(early, "learning-curves")).contains("weights kept (best epoch)").doesNotContain("final epoch");
        assertThat(section(early, "summary")).contains("weights of the best epoch, 2");
    }

    @Test
    void theDataSectionSaysHowManyRowsWereDroppedForAMissingValue() {
        RunRecord record = ReportFixtures.hostileRecord();
        RunRecord dropped = record.withData(record.setup().split().withRowsDropped(1234), record.setup().normalizer());

        assertThat(section(HtmlReport.render(dropped, ReportFixtures.hostileAnalysis()), "data-and-split"))
                .contains("<strong>1,234 rows</strong> with a missing or empty value were dropped while reading the data, "
                        + "before the split (<code>--allow-missing</code>)");
        assertThat(section(HtmlReport.render(record, ReportFixtures.hostileAnalysis()), "data-and-split"))
                .doesNotContain("dropped while reading");
    }

    @Test
    void drawsEveryChartAsInlineSvgWithMarks() {
        String html = HtmlReport.render(ReportFixtures.hostileRecord(), ReportFixtures.hostileAnalysis());
        for (String id : List.of("data-and-split", "learning-curves", "bias-variance", "gradient-health", "initialization",
                "weight-histograms", "decision-boundary")) {
            String s = section(html, id);
            assertThat(s).as(id).contains("<svg class=\"chart\"");
            assertThat(count(s, "<rect") + count(s, "<path") + count(s, "<circle")).as(id).isPositive();
        }
        String boundary = section(html, "decision-boundary");
        assertThat(count(boundary, "<circle")).as("one dot per point").isEqualTo(3);
        // 2 x 2 cells, classes 0,1 in the bottom row and 2,2 in the top row: three runs of one class
        assertThat(count(boundary, "<rect")).isEqualTo(3 + 0);
        assertThat(count(section(html, "learning-curves"), "<path class=\"series\"")).as("train, dev, batch cost; train, dev error").isEqualTo(5);
    }

    @Test
    void rendersARunWithoutAnalysisSayingWhatIsMissing() {
        String html = HtmlReport.render(ReportFixtures.hostileRecord(), null);
        for (String id : SECTION_IDS) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(section(html, "confusion-matrix")).contains("class=\"absent\"");
        assertThat(section(html, "decision-boundary")).contains("class=\"absent\"");
        assertThat(section(html, "weight-histograms")).contains("not computed").contains("<td class=\"num\">1.25</td>");
        assertThat(section(html, "gradient-check")).contains("Not computed for this run");
        assertThat(section(html, "gradient-health")).contains("Not computed for this run");
        assertThat(section(html, "initialization")).contains("Not computed for this run");
        assertThat(section(html, "bias-variance")).contains("not computed for this run").contains("<svg");
    }

    @Test
    void rendersARegressionRunAndARecordWithoutSplitOrNormalizer() {
        RunRecord r = ReportFixtures.hostileRecord();
        RunRecord regression = r.toBuilder()
                .setup(new RunRecord.Setup("houses.csv", new dev.plumb.nn.NetworkSpec(2,
                        List.of(dev.plumb.nn.LayerSpec.dense(1, dev.plumb.nn.Activation.identity())), dev.plumb.nn.Loss.meanSquaredError(), 0, 0), "", 3,
                        "float64", r.setup().config(), "sgd", null, null, null, "none"))
                .training(new RunRecord.Training(TrainingOutcome.COMPLETED, "finished", r.history(), null, 0.1))
                .result(new RunRecord.Result(List.of(new Evaluation("train", 10, 2.0, 2.0)), List.of()))
                .build();
        String html = HtmlReport.render(regression, new RunAnalysis(null, List.of(), null, null, null, null, null));
        assertThat(section(html, "summary")).contains("train MSE").contains(">2<");
        assertThat(section(html, "learning-curves")).contains("error (MSE, squared target units)");
        assertThat(section(html, "bias-variance")).contains("regression");
        assertThat(section(html, "data-and-split")).contains("split by the caller").contains("no normalizer");
    }

    @Test
    void partsOfTheSplitWithoutExamplesAreLeftOutOfTheBalanceChart() {
        RunRecord r = ReportFixtures.hostileRecord();
        SplitManifest noTest = new SplitManifest("counts", 1L, List.of(16.0, 0.0), false, List.of("a", "b"),
                List.of(new SplitManifest.Part("train", 10, List.of(5, 5), "x"), new SplitManifest.Part("dev", 4, List.of(2, 2), "y"),
                        new SplitManifest.Part("test", 0, List.of(0, 0), "z")), null);
        String html = HtmlReport.render(r.withData(noTest, null), null);
        assertThat(section(html, "data-and-split")).doesNotContain("test · a").contains("dev · a: 2 of 4 (50 %)")
                .contains("Leakage was not checked");
    }

    /** The markup of section {@code id}. */
    static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("section " + id).isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** A cost that exploded is never shown as healthy, whatever the gradient statistics say. */
    @Test
    void theHealthSectionIsNotGreenWhenTheCostExploded() throws Exception {
        RunResult run = ReportFixtures.digits();
        RunRecord r = run.record();
        List<EpochLogs> history = new java.util.ArrayList<>(r.history());
        EpochLogs second = history.get(1);
        history.set(1, new EpochLogs(2, 4.2e9, 0.9, second.devCost(), second.devError(), 4.2e9, second.learningRate(), 0.1));
        RunRecord exploded = r.toBuilder().training(new RunRecord.Training(TrainingOutcome.COMPLETED, "completed",
                history, null, 1.0, 2.3)).build();
        String health = section(HtmlReport.render(exploded, run.analysis()), "gradient-health");
        assertThat(health).contains("cost exploded").contains("exploded at epoch 2").doesNotContain(">healthy<");
        String calm = section(HtmlReport.render(r.toBuilder().training(new RunRecord.Training(TrainingOutcome.COMPLETED,
                "completed", r.history(), null, 1.0, 1e9)).build(), run.analysis()), "gradient-health");
        assertThat(calm).doesNotContain("cost exploded");
    }
}
