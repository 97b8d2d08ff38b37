package dev.plumb.cli.report;

import static dev.plumb.cli.report.HtmlReportTest.count;
import static dev.plumb.cli.report.HtmlReportTest.section;
import static dev.plumb.cli.report.ReportFixtures.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plumb.train.RunRecord;
import dev.plumb.tune.RecipeStep;
import dev.plumb.tune.StudyRecord;
import dev.plumb.tune.StudySpec;
import dev.plumb.tune.TestEvaluation;
import dev.plumb.tune.TrialResult;
import dev.plumb.tune.TrialResult.TrialState;
import dev.plumb.workflow.LearningCurve;

/** study.html as text, from hand-built study records: what each section shows, and that nothing escapes into markup. */
class StudyPageTest {

    @Test
    void everySectionIsThereOnceWithANavLinkAndThePageLoadsNothing() {
        for (String html : List.of(StudyPage.render(randomStudy(), Map.of()), StudyPage.render(recipeStudy(), Map.of()))) {
            for (String id : StudyPage.SECTION_IDS) {
                assertThat(count(html, "<section id=\"" + id + "\">")).as(id).isEqualTo(1);
                assertThat(html).as("nav link to " + id).contains("<a href=\"#" + id + "\">");
            }
            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("default-src 'none'");
            Matcher m = Pattern.compile("(?i)\\b(src|href|xlink:href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
            while (m.find()) {
                assertThat(m.group(2)).as(m.group()).matches("#[a-z-]+|data:,|trial-\\d{3}/report\\.html");
            }
            assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("url(").doesNotContain("<img");
        }
    }

    @Test
    void theChosenTrialIsTheHighlightedOneEverywhere() {
        String html = StudyPage.render(randomStudy(), Map.of());
        String overTime = section(html, "trials-over-time");
        // one dot carries the chosen class, and it is trial 3's; the ring is there too
        List<String> chosen = circles(overTime, "trial [a-z]+ chosen");
        assertThat(chosen).hasSize(1);
        assertThat(chosen.get(0)).contains("<title>trial 3: dev error 2.00 %");
        assertThat(overTime).contains("class=\"chosen-ring\"").contains("chosen: trial 3");
        // every per-option chart rings trial 3 as well
        String dims = section(html, "hyperparameters");
        assertThat(count(dims, "class=\"chosen-ring\"")).isEqualTo(2);
        assertThat(circles(dims, "trial [a-z]+ chosen")).hasSize(2).allSatisfy(c -> assertThat(c).contains("<title>trial 3:"));
        // the table's row of trial 3, and only it, is marked chosen
        String table = section(html, "trials");
        assertThat(count(table, "<tr class=\"chosen ")).isEqualTo(1);
        assertThat(table).contains("<tr class=\"chosen completed\"><th scope=\"row\"><a class=\"trial-link\" href=\"trial-003/report.html\">3</a>");
        // the summary names it, with its options, errors and verdict, and the one test evaluation
        String summary = section(html, "summary");
        assertThat(summary).contains("href=\"trial-003/report.html\">trial 3</a>").contains("<code>0.01</code>")
                .contains("<code>64</code>").contains("2.00 %").contains("low bias and low variance")
                .contains("evaluated once, for trial 3, after the search").contains("3.10 %");
    }

    @Test
    void prunedTrialsAreDrawnHollowWithTheEpochTheyWereStoppedAt() {
        String html = StudyPage.render(randomStudy(), Map.of());
        String overTime = section(html, "trials-over-time");
        List<String> pruned = circles(overTime, "trial pruned");
        assertThat(pruned).hasSize(1);
        assertThat(pruned.get(0)).contains("fill=\"none\"").contains("trial 2:").contains("pruned at epoch 3");
        assertThat(overTime).contains(">pruned @3</text>");
        assertThat(circles(overTime, "trial completed")).hasSize(3)
                .allSatisfy(c -> assertThat(c).contains("fill=\"" + Html.DEV_COLOUR + "\""));
        assertThat(circles(overTime, "trial diverged")).isEmpty();
        assertThat(section(html, "trials")).contains("<tr class=\"pruned\">");
    }

    @Test
    void aTrialFarAboveTheFinishedOnesIsDrawnOnTheTopEdgeWithItsValue() {
        StudyRecord r = randomStudy();
        List<TrialResult> trials = new ArrayList<>(r.trials());
        trials.set(3, trial(4, Map.of("lr", "0.1", "layers", "64"), TrialState.PRUNED, 0.9, 0.92, "high bias"));
        StudyRecord outlier = new StudyRecord(1, r.plumbVersion(), r.createdAt(), r.definition(), r.data(), r.status(),
                r.stopReason(), trials, r.path(), r.best(), r.test(), null, r.seconds());
        String overTime = section(StudyPage.render(outlier, Map.of()), "trials-over-time");
        // finished trials reach 8 %: the axis stops well below 92 %, and trial 4 sits on its top edge (y = 14 px)
        assertThat(overTime).doesNotContain(">100</text>").contains(">↑ 92.00 % @3</text>")
                .contains("drawn on the top edge");
        assertThat(circles(overTime, "trial pruned")).anySatisfy(c -> assertThat(c).contains("cy=\"14.0\"").contains("trial 4:"));
        // without the outlier, nothing is clipped
        assertThat(section(StudyPage.render(r, Map.of()), "trials-over-time")).doesNotContain("↑").doesNotContain("top edge");
    }

    @Test
    void theRunningBestIsAStepLineThatOnlyGoesDown() {
        String overTime = section(StudyPage.render(randomStudy(), Map.of()), "trials-over-time");
        Matcher m = Pattern.compile("<path class=\"running-best\"[^>]* d=\"([^\"]+)\"").matcher(overTime);
        assertThat(m.find()).isTrue();
        List<Double> ys = new ArrayList<>();
        for (String point : m.group(1).split("[ML]")) {
            if (!point.isBlank()) {
                ys.add(Double.parseDouble(point.strip().split(" ")[1]));
            }
        }
        // pixels grow downwards: the best so far never gets worse, and the pruned trial 2 (1 %) does not count
        for (int i = 1; i < ys.size(); i++) {
            assertThat(ys.get(i)).isGreaterThanOrEqualTo(ys.get(i - 1));
        }
        assertThat(overTime).contains("running best dev error: 2.00 %");
    }

    @Test
    void aLogDimensionsPointsArePlacedByLog10AndAChoiceByCategory() {
        String dims = section(StudyPage.render(randomStudy(), Map.of()), "hyperparameters");
        String lr = chart(dims, "Dev error against lr");
        assertThat(lr).contains("lr (log scale)");
        // lr 1e-4, 1e-3, 1e-2 (twice) and 1e-1: equal steps in log10, so 1e-4→1e-3 is half of 1e-3→1e-1
        double x4 = cx(lr, "trial 1:");
        double x3 = cx(lr, "trial 2:");
        double x2 = cx(lr, "trial 3:");
        double x1 = cx(lr, "trial 4:");
        assertThat(x3 - x4).isPositive();
        assertThat(x2 - x3).isCloseTo(x3 - x4, org.assertj.core.data.Offset.offset(0.2));
        assertThat(x1 - x3).isCloseTo(2 * (x3 - x4), org.assertj.core.data.Offset.offset(0.2));
        // layers: one tick per choice, in the order given, each dot above its own
        String layers = chart(dims, "Dev error against layers");
        assertThat(layers.indexOf(">16</text>")).isPositive().isLessThan(layers.indexOf(">64</text>"));
        assertThat(layers.indexOf(">64</text>")).isLessThan(layers.indexOf(">128,64</text>"));
        assertThat(cx(layers, "trial 1:")).isLessThan(cx(layers, "trial 3:"));
        assertThat(cx(layers, "trial 3:")).isLessThan(cx(layers, "trial 2:"));
        // trial 2 is the only one with 128,64: it sits on its tick; trials 1 and 5 (16) straddle theirs
        assertThat(cx(layers, "trial 2:")).isCloseTo(tickX(layers, "128,64"), org.assertj.core.data.Offset.offset(0.2));
        assertThat((cx(layers, "trial 1:") + cx(layers, "trial 5:")) / 2).isCloseTo(tickX(layers, "16"),
                org.assertj.core.data.Offset.offset(0.2));
        assertThat(cx(layers, "trial 1:")).isNotCloseTo(cx(layers, "trial 5:"), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void theRecipeIsChartedAgainstEachOptionItMoved() {
        String dims = section(StudyPage.render(recipeStudy(), Map.of()), "hyperparameters");
        assertThat(dims).contains("aria-label=\"Dev error against layers\"").contains("aria-label=\"Dev error against l2\"");
        // l2 was moved in trial 4 only; the others ran with the base value, which the move "l2 0.0 → 1.0" from trial 2 gives
        String l2 = chart(dims, "Dev error against l2");
        assertThat(l2).contains("trials 1, 2, 3, 5 ran with the base value 0.0").doesNotContain("not drawn");
        assertThat(circles(l2, "trial [a-z]+( chosen)?")).hasSize(5);
        assertThat(cx(l2, "trial 1:")).isEqualTo(cx(l2, "trial 2:")).isLessThan(cx(l2, "trial 4:"));
    }

    @Test
    void theRecipePathListsEveryStepWithItsVerdictProblemMovesAndDecision() {
        StudyRecord study = recipeStudy();
        String path = section(StudyPage.render(study, Map.of()), "recipe-path");
        assertThat(count(path, "<li class=\"step\"")).isEqualTo(study.path().size());
        for (RecipeStep s : study.path()) {
            int start = path.indexOf("<li class=\"step\" id=\"step-" + s.step() + "\">");
            String step = path.substring(start, path.indexOf("</li>", start));
            assertThat(step).contains("Step " + s.step()).contains("href=\"trial-00" + s.fromTrial() + "/report.html\"")
                    .contains(Html.esc(s.problem())).contains(Html.esc(s.decision())).contains(Html.esc(s.verdict()))
                    .contains("aria-label=\"Step " + s.step() + ": avoidable bias and variance of trial " + s.fromTrial() + "\"");
            for (RecipeStep.Move m : s.moves()) {
                assertThat(step).contains(Html.esc(m.description())).contains(Html.pct(m.devError()));
            }
            assertThat(step).contains(s.kept() > 0 ? "kept trial " + s.kept() : "nothing kept");
        }
        // the move kept is the highlighted row; the bias gap is the one in full colour in step 1
        assertThat(path).contains("<tr class=\"kept\"><th scope=\"row\"><a class=\"trial-link\" href=\"trial-002/report.html\">2</a>");
        assertThat(path).contains("avoidable bias = train − optimal (0.00 %): 4 points");
    }

    @Test
    void aRandomStudySaysItTookNoRecipeSteps() {
        assertThat(section(StudyPage.render(randomStudy(), Map.of()), "recipe-path"))
                .contains("class=\"absent\"").contains("takes no steps").doesNotContain("<ol class=\"timeline\"");
    }

    @Test
    void anInterruptedStudySaysHowToResume() {
        StudyRecord r = randomStudy();
        StudyRecord interrupted = new StudyRecord(r.formatVersion(), r.plumbVersion(), r.createdAt(), r.definition(), r.data(),
                StudyRecord.Status.INTERRUPTED, "interrupted; continue with plumb tune --resume runs/tune-digits-1", r.trials(),
                r.path(), r.best(), null, null, r.seconds());
        String summary = section(StudyPage.render(interrupted, Map.of()), "summary");
        assertThat(summary).contains("class=\"callout warn interrupted\"").contains("This study was interrupted")
                .contains("<pre><code>plumb tune --resume runs/tune-digits-1</code></pre>")
                .contains("the test set has not been looked at").doesNotContain("evaluated once");
        assertThat(section(StudyPage.render(r, Map.of()), "summary")).doesNotContain("callout").doesNotContain("--resume");
    }

    @Test
    void aFinishedStudyWithoutATestPartSaysSo() {
        StudyRecord r = randomStudy();
        StudyRecord noTest = new StudyRecord(r.formatVersion(), r.plumbVersion(), r.createdAt(), r.definition(), r.data(),
                r.status(), r.stopReason(), r.trials(), r.path(), r.best(), null, null, r.seconds());
        String html = StudyPage.render(noTest, Map.of());
        assertThat(section(html, "summary")).contains("class=\"absent no-test\"").contains("the data had no test part")
                .doesNotContain("evaluated once");
        assertThat(section(html, "chosen-trial")).contains("Not made: a learning curve is made for classification data");
    }

    @Test
    void theChosenTrialsCurvesComeFromItsRunRecordAndTheStudysLearningCurve() {
        StudyRecord r = recipeStudy();
        String html = StudyPage.render(r, Map.of(2, ReportFixtures.hostileRecord()));
        String chosen = section(html, "chosen-trial");
        // the run record's per-epoch charts, and the learning curve as a chart and a table
        assertThat(chosen).contains("aria-label=\"Error per epoch\"").contains("aria-label=\"Cost per epoch\"")
                .contains("<figure class=\"curve-chart learning-curve\">")
                .contains(Html.esc(r.learningCurve().verdict()));
        assertThat(count(chosen, "<tr><th scope=\"row\">")).as("one row per size").isGreaterThanOrEqualTo(3);
        assertThat(chosen).contains("<td class=\"num\">1,000</td>").contains("<td class=\"num\">20.00 %</td>");
        assertThat(StudyPage.render(r, Map.of()).contains("could not be read")).isTrue();
    }

    @Test
    void textFromTheRecordsIsEscapedAndCannotInjectMarkup() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", HOSTILE + ".csv");
        options.put("label", "\"><script>alert(2)</script>");
        options.put("activation", "relu|" + HOSTILE);
        StudyRecord r = new StudyRecord(1, "0.1.0", "2026-12-06T10:00:00Z",
                new StudySpec.Definition(options, "random", 2, 0, true, 0.01, 3, false), HOSTILE, StudyRecord.Status.FINISHED,
                "budget of 2 trials spent " + HOSTILE,
                List.of(trial(1, Map.of("activation", "relu"), TrialState.COMPLETED, 0.1, 0.2, HOSTILE),
                        trial(2, Map.of("activation", HOSTILE), TrialState.COMPLETED, 0.1, 0.15, HOSTILE)),
                List.of(), 2, null, null, 3.0);
        // the trial's run record has a class named <script>alert(1)</script>
        String html = StudyPage.render(r, Map.of(2, ReportFixtures.hostileRecord()));
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("</script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&quot;&gt;&lt;script&gt;alert(2)")
                .doesNotContain("\"" + HOSTILE).doesNotContain("'" + HOSTILE);
        assertThat(section(html, "hyperparameters")).contains(">&lt;script&gt;alert(1)&lt;/script&gt;</text>");
        assertThat(html).contains("<title>Plumb study: &lt;script&gt;alert(1)&lt;/script&gt;.csv</title>");
    }

    // ---------------------------------------------------------------- fixtures

    /** A random search of lr (log range) and layers (choices): trial 2 pruned at epoch 3, trial 3 chosen. */
    static StudyRecord randomStudy() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", "digits");
        options.put("lr", "1e-4..1e-1:log");
        options.put("layers", "16|64|128,64");
        options.put("epochs", "9");
        List<TrialResult> trials = List.of(
                trial(1, Map.of("lr", "1e-4", "layers", "16"), TrialState.COMPLETED, 0.05, 0.08, "low bias and low variance"),
                trial(2, Map.of("lr", "0.001", "layers", "128,64"), TrialState.PRUNED, 0.005, 0.01, "low bias and low variance"),
                trial(3, Map.of("lr", "0.01", "layers", "64"), TrialState.COMPLETED, 0.01, 0.02, "low bias and low variance"),
                trial(4, Map.of("lr", "0.1", "layers", "64"), TrialState.COMPLETED, 0.2, 0.3, "high bias"),
                trial(5, Map.of("lr", "0.01", "layers", "16"), TrialState.COMPLETED, 0.02, 0.04, "low bias and low variance"));
        return new StudyRecord(1, "0.1.0", "2026-12-06T10:00:00Z",
                new StudySpec.Definition(options, "random", 5, 0, true, 0.01, 3, true), "the bundled handwritten digits",
                StudyRecord.Status.FINISHED, "budget of 5 trials spent", trials, List.of(), 3,
                new TestEvaluation(3, 0.031, 0.1, 359, "2026-12-06T10:01:00Z"), null, 12.5);
    }

    /** A recipe study of two steps: the first keeps a wider network, the second keeps nothing. */
    static StudyRecord recipeStudy() {
        List<TrialResult> trials = List.of(
                trial(1, Map.of("layers", "16"), TrialState.COMPLETED, 0.04, 0.05, "high bias"),
                trial(2, Map.of("layers", "32"), TrialState.COMPLETED, 0.01, 0.03, "high variance"),
                trial(3, Map.of("layers", "16,16"), TrialState.COMPLETED, 0.03, 0.06, "high bias"),
                trial(4, Map.of("layers", "32", "l2", "1.0"), TrialState.COMPLETED, 0.02, 0.035, "low bias and low variance"),
                trial(5, Map.of("layers", "32", "keep-prob", "0.9"), TrialState.DIVERGED, 0.5, 0.6, "high bias"));
        List<RecipeStep> path = List.of(
                new RecipeStep(1, 1, 0.04, 0.05, 0, 0.04, 0.01, "high bias", "avoidable bias 4.0 % ≥ variance 1.0 %: more capacity",
                        List.of(new RecipeStep.Move(2, "width", "layers 16 → 32", 0.03),
                                new RecipeStep.Move(3, "depth", "layers 16 → 16,16", 0.06)),
                        2, "kept trial 2 (layers 16 → 32): dev error 0.0500 → 0.0300"),
                new RecipeStep(2, 2, 0.01, 0.03, 0, 0.01, 0.02, "high variance", "variance 2.0 % > avoidable bias 1.0 %: more regularization",
                        List.of(new RecipeStep.Move(4, "l2", "l2 0.0 → 1.0", 0.035),
                                new RecipeStep.Move(5, "keep-prob", "keep-prob 1.0 → 0.9", 0.6)),
                        0, "no move lowered dev error below 0.0300; trial 2 stays the model to improve"));
        LearningCurve curve = new LearningCurve("digits", List.of(0.25, 0.5, 1.0), List.of(250, 500, 1000),
                List.of(0.0, 0.01, 0.01), List.of(0.2, 0.08, 0.03), 0, "the gap closes with more data: more data will help");
        return new StudyRecord(1, "0.1.0", "2026-12-06T10:00:00Z",
                new StudySpec.Definition(Map.of("data", "digits"), "recipe", 5, 0, true, 0.01, 3, true), "digits",
                StudyRecord.Status.FINISHED, "budget of 5 trials spent", trials, path, 2,
                new TestEvaluation(2, 0.04, 0.2, 359, "2026-12-06T10:01:00Z"), curve, 20);
    }

    static TrialResult trial(int id, Map<String, String> values, TrialState state, double train, double dev, String verdict) {
        return new TrialResult(id, values, state == TrialState.PRUNED ? "random point" : "trial " + id, state,
                state == TrialState.PRUNED ? 3 : 9, train, dev, dev * 3, verdict, train, dev - train, 1.5, List.of(),
                state == TrialState.PRUNED ? "pruned at a rung" : "completed 9 epochs");
    }

    /** The circles of a class (matched as a regex on the class attribute), with their titles. */
    private static List<String> circles(String html, String cssClass) {
        Matcher m = Pattern.compile("<circle class=\"" + cssClass + "\"[^>]*>(<title>[^<]*</title></circle>)?").matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The svg whose aria-label is {@code label}, with its caption. */
    private static String chart(String html, String label) {
        int start = html.indexOf("aria-label=\"" + label + "\"");
        assertThat(start).as(label).isNotNegative();
        return html.substring(start, html.indexOf("</figure>", start));
    }

    /** The x pixel of the x-axis tick labelled {@code label}. */
    private static double tickX(String svg, String label) {
        Matcher m = Pattern.compile("<text x=\"([-\\d.]+)\" y=\"[-\\d.]+\" text-anchor=\"middle\" class=\"tick\">"
                + Pattern.quote(label) + "</text>").matcher(svg);
        assertThat(m.find()).as(label).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The x pixel of the trial dot whose title starts with {@code title}. */
    private static double cx(String svg, String title) {
        Matcher m = Pattern.compile("<circle class=\"trial [a-z ]+\" cx=\"([-\\d.]+)\"[^>]*><title>" + Pattern.quote(title)).matcher(svg);
        assertThat(m.find()).as(title).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
