package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The curves page: what was run, the chart, the numbers; escaped and self-contained. */
class CurvesPageTest {

    private static Map<String, String> options(String task) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("data", "<b>prices</b>.csv");
        options.put("task", task);
        options.put("stratify", "true");
        options.put("l2", "0.0");
        options.put("label", "");
        return options;
    }

    @Test
    void learningPageSaysWhatWasRunThenShowsTheChartAndEverySize() {
        String page = CurvesPage.learning(options("classification"), CurveChartsTest.learning());
        assertThat(page.indexOf("<section id=\"what-was-run\">")).isPositive()
                .isLessThan(page.indexOf("<section id=\"learning-curve\">"));
        assertThat(page).contains("seeded, stratified subset").contains("--train-sizes 0.1,0.2,0.4,0.7,1</code>")
                .contains("108, 216, 431, 755, 1,078 examples").contains("<dt>label</dt><dd>—</dd>")
                .contains("<dt>data</dt><dd>&lt;b&gt;prices&lt;/b&gt;.csv</dd>").doesNotContain("<b>prices")
                .contains("<figure class=\"curve-chart learning-curve\">");
        assertThat(page.split("<tr>", -1)).as("a header row and one row per size").hasSize(1 + 1 + 5);
        assertThat(page).doesNotContain("<script").contains("Content-Security-Policy");
    }

    @Test
    void aRegressionTasksSubsetsAreNotCalledStratified() {
        String page = CurvesPage.learning(options("regression"), CurveChartsTest.learning());
        assertThat(page).contains("on a seeded subset").doesNotContain("stratified");
    }

    @Test
    void validationPageShowsTheVariedOptionsValuesInsteadOfItsBaseValueAndMarksTheBestRow() {
        String page = CurvesPage.validation(options("classification"), CurveChartsTest.l2());
        assertThat(page).contains("<div class=\"varied\"><dt>l2</dt><dd>varied: 0, 0.1, 1, 10, 100</dd></div>")
                .doesNotContain("<dt>l2</dt><dd>0.0</dd>")
                .contains("<tr class=\"kept\"><th scope=\"row\">1</th>").contains("lowest dev error</td>")
                .contains("<title>Plumb validation curve: l2 on digits</title>");
    }
}
