package dev.plumb.cli.report;

import static dev.plumb.cli.report.HtmlReportTest.count;
import static dev.plumb.cli.report.HtmlReportTest.section;
import static dev.plumb.cli.report.LabFixtures.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.lab.LabDirectory;
import dev.plumb.lab.LabResult;
import dev.plumb.lab.LabSettings;

/** A lab page as text: it shows what result.json holds (edit the file, the page follows), and escapes every text. */
class LabPageTest {

    @TempDir
    Path tmp;

    @Test
    void thePageShowsTheSavedNumbersAndFollowsAnEditOfResultJson() throws Exception {
        LabDirectory dir = new LabDirectory(tmp);
        dir.write(LabFixtures.slopes().run(LabSettings.defaults()));
        String before = LabPage.render(dir.read("slopes"));
        // the one-sided error at ε = 0.1 is 0.5·0.1·1.01 = 0.0505: in the table, and as a point of the line
        assertThat(section(before, "numbers")).contains("<td class=\"num\">0.0505</td>");
        assertThat(section(before, "figures")).contains("one-sided: (0.1, 0.0505)");

        Path file = dir.experiment("slopes").resolve(LabDirectory.RESULT_FILE);
        String json = Files.readString(file);
        assertThat(count(json, "0.0505")).as("the number, saved in the series and the table").isEqualTo(2);
        Files.writeString(file, json.replace("0.0505", "0.0777"));
        String after = LabPage.render(dir.read("slopes"));
        assertThat(section(after, "numbers")).contains("<td class=\"num\">0.0777</td>").doesNotContain("0.0505");
        assertThat(section(after, "figures")).contains("one-sided: (0.1, 0.0777)").doesNotContain("0.0505");

        // so does the verdict: a check flipped in the file is a "no" on the page
        Files.writeString(file, Files.readString(file).replaceFirst("\"holds\" : true", "\"holds\" : false"));
        String flipped = LabPage.render(dir.read("slopes"));
        assertThat(section(flipped, "verdict")).contains("The claim holds here: <span class=\"badge bad\">no</span>");
        assertThat(section(before, "verdict")).contains("The claim holds here: <span class=\"badge good\">yes</span>")
                .contains("the one-sided slope is about 1").contains("<td class=\"good\">yes</td>");
    }

    @Test
    void everyPartIsThereTheAxesAreLogWhereAskedAndTheSurfaceIsBanded() throws Exception {
        LabDirectory dir = new LabDirectory(tmp);
        dir.write(LabFixtures.slopes().run(new LabSettings(java.util.Optional.empty(), 3)));
        String html = LabPage.render(dir.read("slopes"));
        for (String id : LabPage.SECTION_IDS) {
            assertThat(count(html, "<section id=\"" + id + "\">")).as(id).isEqualTo(1);
            assertThat(html).contains("<a href=\"#" + id + "\">");
        }
        assertThat(html).contains("<h1 class=\"claim\">").contains("The two-sided difference has error O(ε²), the one-sided O(ε).</h1>");
        String figures = section(html, "figures");
        assertThat(count(figures, "<svg class=\"chart\"")).isEqualTo(2);
        assertThat(count(figures, "<g class=\"lab-series series-")).isEqualTo(2);
        assertThat(figures).contains("X on a log scale, y on a log scale.").contains("1e-7").contains("class=\"marker\"")
                .contains("ε = 1e-7 (the note&#39;s)");
        // the bowl's bands: several levels, each a legend entry; 12 points over it
        assertThat(count(figures, "<li><span class=\"swatch\"")).isGreaterThanOrEqualTo(2 + 1 + 5 + 2);
        assertThat(count(figures, "class=\"point\" cx=")).isEqualTo(12 + 16);
        String run = section(html, "what-was-run");
        assertThat(run).contains("<pre class=\"command\"><code>plumb lab slopes --seed 3</code></pre>")
                .contains("<code>1e-1 … 1e-8</code>");
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("default-src 'none'");
        Matcher m = Pattern.compile("(?i)\\b(src|href|xlink:href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            assertThat(m.group(2)).as(m.group()).matches("#[a-z-]+|data:,|\\.\\./lab\\.html|figure-[12]\\.svg");
        }
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("url(").doesNotContain("<img");
    }

    @Test
    void aLineWithAGapAndASkippedResult() throws Exception {
        LabResult fails = LabFixtures.fails().run(LabSettings.defaults());
        String html = LabPage.render(fails);
        assertThat(section(html, "verdict")).contains("<span class=\"badge bad\">no</span>").contains("<td class=\"bad\">no</td>");
        assertThat(section(html, "numbers")).contains("<td>no</td>").contains("<td>yes</td>");
        // the NaN breaks the line in two: a path with two moves
        Matcher path = Pattern.compile("<path class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(section(html, "figures"));
        assertThat(path.find()).isTrue();
        assertThat(path.group(1).chars().filter(c -> c == 'M').count()).isEqualTo(2);

        String skipped = LabPage.render(LabFixtures.absent().run(LabSettings.defaults()));
        assertThat(section(skipped, "skipped")).contains("Fashion-MNIST is not installed");
        assertThat(skipped).doesNotContain("<section id=\"verdict\">").doesNotContain("<svg");
    }

    @Test
    void aProbabilitySurfaceHasItsBandEdgeAtOneHalfAndACostSurfaceIsCutAtQuantiles() {
        double[] probability = {0.02, 0.3, 0.49, 0.51, 0.7, 0.98};
        double[] levels = LabFigures.levels(probability);
        assertThat(levels).contains(0.5);
        assertThat(LabFigures.band(0.49, levels)).isLessThan(LabFigures.band(0.51, levels));
        assertThat(LabFigures.levels(new double[] {0, 1, 1, 0})).containsExactly(1.0); // two classes: two bands
        double[] cost = new double[100];
        for (int i = 0; i < cost.length; i++) {
            cost[i] = Math.pow(10, i / 20.0); // 1 … 1e5: linear levels would put nearly all in one band
        }
        levels = LabFigures.levels(cost);
        assertThat(levels).hasSize(LabFigures.LEVELS - 1);
        assertThat(LabFigures.band(cost[5], levels)).isLessThan(LabFigures.band(cost[15], levels));
        assertThat(LabFigures.band(Double.NaN, levels)).isEqualTo(-1);
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws Exception {
        LabDirectory dir = new LabDirectory(tmp);
        dir.write(LabFixtures.hostile().run(LabSettings.defaults()));
        LabResult saved = dir.read("hostile");
        String page = LabPage.render(saved);
        String index = LabIndexPage.render(List.of(saved, LabFixtures.absent().run(LabSettings.defaults())),
                List.of(new LabIndexPage.Unreadable("x" + HOSTILE, "why " + HOSTILE)));
        for (String html : List.of(page, index)) {
            assertThat(html).doesNotContain(HOSTILE).doesNotContain("<script");
        }
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
        for (String where : List.of("Claim ", "title ", "x ", "y ", "series ", "surface ", "marker ", "setting ", "value ",
                "table ", "column ", "cell ", "check ", "evidence ")) {
            assertThat(page).as(where).contains(where + escaped);
        }
        assertThat(index).contains("Claim " + escaped).contains("why " + escaped);
    }
}
