package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

import dev.plumb.workflow.CurvesDirectory;
import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.ValidationCurve;

/**
 * The report in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * driven by Selenium opens report.html of real run directories from disk, finds every section, checks
 * that every chart drew marks, that the console stayed clean and that no request left the file, and
 * saves screenshots under target/ for people to look at. Skipped, with a message, without Chromium.
 */
class ReportBrowserTest extends BrowserTest {

    @Test
    void digitsReportShowsEverySectionAndChartOfflineWithACleanConsole() throws Exception {
        Path report = ReportFixtures.writeRunDirectory(ReportFixtures.digits(), work.resolve("digits-run"));
        open(report);
        for (String id : HtmlReportTest.SECTION_IDS) {
            WebElement section = driver.findElement(By.id(id));
            assertThat(section.getTagName()).isEqualTo("section");
            assertThat(section.findElement(By.tagName("h2")).getText()).as(id).isNotBlank();
        }
        assertThat(chartsIn("learning-curves")).isEqualTo(2);
        assertThat(chartsIn("data-and-split")).isEqualTo(2);
        assertThat(chartsIn("bias-variance")).isEqualTo(1);
        assertThat(chartsIn("weight-histograms")).as("one histogram per weight matrix").isEqualTo(3);
        assertThat(chartsIn("gradient-check")).isEqualTo(1);
        assertThat(chartsIn("gradient-health")).isEqualTo(2);
        assertThat(chartsIn("initialization")).isEqualTo(1);
        assertThat(driver.findElements(By.cssSelector("#gradient-check td.good, #gradient-check td.ok, #gradient-check td.warn, #gradient-check td.bad")))
                .as("a verdict colour per tensor: W1, b1, W2, b2, W3, b3").hasSize(6);
        assertThat(driver.findElements(By.cssSelector("#confusion-matrix table.confusion tbody tr"))).as("one row per digit").hasSize(10);
        assertEveryChartDrewMarks();
        assertPageIsSelfContained(report);
        assertThat(driver.findElement(By.cssSelector("#learning-curves")).getText()).contains("best epoch");
        screenshot("report-screenshot.png");
    }

    @Test
    void twoFeatureReportDrawsTheDecisionBoundaryAndShowsMarkupInNamesAsText() throws Exception {
        Path report = ReportFixtures.writeRunDirectory(ReportFixtures.twoFeatures(Files.createDirectories(work.resolve("csv"))),
                work.resolve("shapes-run"));
        open(report);
        for (String id : HtmlReportTest.SECTION_IDS) {
            assertThat(driver.findElements(By.id(id))).as(id).hasSize(1);
        }
        assertThat(chartsIn("decision-boundary")).isEqualTo(1);
        long dots = (Long) js("return document.querySelectorAll('#decision-boundary svg circle').length");
        assertThat(dots).as("training examples drawn").isGreaterThan(100);
        // the class named <script>alert(1)</script> is shown as text, and no script element exists
        assertThat(driver.findElement(By.cssSelector("#decision-boundary .legend")).getText()).contains(ReportFixtures.HOSTILE);
        assertThat(driver.findElement(By.cssSelector("#decision-boundary svg")).getText()).contains("width_cm (input units)");
        assertEveryChartDrewMarks();
        assertPageIsSelfContained(report);
        screenshot("report-screenshot-2d.png");
    }

    @Test
    void learningCurvePageShowsTheChartsSeriesLabelsAndVerdictOffline() throws Exception {
        LearningCurve curve = CurveChartsTest.learning();
        Path page = writeCurvesPage("learning", CurvesPage.learning(curvesOptions(), curve));
        open(page, "Plumb learning curve: digits");
        assertThat(driver.findElements(By.cssSelector("section"))).extracting(e -> e.getAttribute("id"))
                .containsExactly("what-was-run", "learning-curve");
        assertThat(chartsIn("learning-curve")).isEqualTo(1);
        WebElement chart = driver.findElement(By.cssSelector("#learning-curve svg.chart"));
        for (String series : List.of("train", "dev")) {
            assertThat(chart.findElement(By.cssSelector("g.series." + series + " path")).isDisplayed()).as(series).isTrue();
            List<WebElement> dots = chart.findElements(By.cssSelector("g.series." + series + " circle"));
            assertThat(dots).as(series + " dots").hasSize(5).allSatisfy(d -> assertThat(d.isDisplayed()).isTrue());
        }
        assertThat(visible(chart.findElement(By.cssSelector("g.optimal line")))).as("the optimal error line").isTrue();
        assertThat(chart.findElement(By.cssSelector("g.gap path.band")).isDisplayed()).isTrue();
        assertThat(chart.findElement(By.cssSelector("g.gap-note text")).getText()).isEqualTo("gap 0.0524");
        assertThat(chart.getText()).contains("training examples (m)", "error", "optimal error 0.01", "1000");
        assertThat((String) js("return document.querySelector('#learning-curve svg.chart > title').textContent"))
                .isEqualTo("Learning curve on digits");
        assertThat(driver.findElement(By.cssSelector("#learning-curve figcaption")).getText()).startsWith("Verdict: " + curve.verdict());
        assertThat(driver.findElement(By.cssSelector("#learning-curve .legend")).getText()).contains("train error", "dev error",
                "dev − train gap", "optimal error");
        assertThat(driver.findElements(By.cssSelector("#learning-curve table tbody tr"))).hasSize(5);
        assertThat(driver.findElement(By.id("what-was-run")).getText()).contains("--train-sizes 0.1,0.2,0.4,0.7,1", "layers");
        assertEveryChartDrewMarks();
        assertPageIsSelfContained(page);
        screenshot("curves-screenshot.png");
    }

    @Test
    void validationCurvePageMarksTheBestValueAndShowsZeroApartOnTheLogAxis() throws Exception {
        ValidationCurve curve = CurveChartsTest.l2();
        Path page = writeCurvesPage("validation", CurvesPage.validation(curvesOptions(), curve));
        open(page, "Plumb validation curve: l2 on digits");
        WebElement chart = driver.findElement(By.cssSelector("#validation-curve svg.chart"));
        assertThat(chart.findElements(By.cssSelector("g.series.dev circle"))).hasSize(5);
        WebElement best = chart.findElement(By.cssSelector("circle.best"));
        assertThat(best.isDisplayed()).isTrue();
        double bestY = best.getRect().getY() + best.getRect().getHeight() / 2.0;
        for (WebElement dot : chart.findElements(By.cssSelector("g.series.dev circle"))) {
            double y = dot.getRect().getY() + dot.getRect().getHeight() / 2.0;
            assertThat(y).as("no dev dot lower on the page than the best").isLessThanOrEqualTo(bestY);
        }
        assertThat(chart.findElement(By.cssSelector("g.best text")).getText()).isEqualTo("lowest dev error: l2=1");
        assertThat(visible(chart.findElement(By.cssSelector("g.axis-break")))).as("the axis break").isTrue();
        List<String> ticks = chart.findElements(By.cssSelector("text.tick")).stream().map(WebElement::getText).toList();
        assertThat(ticks).contains("0", "0.1", "1", "10", "100");
        assertThat(chart.getText()).contains("l2 (log scale)");
        assertThat(driver.findElement(By.cssSelector("#validation-curve figcaption")).getText()).startsWith("Verdict: " + curve.verdict());
        assertThat(driver.findElement(By.cssSelector("#what-was-run .varied")).getText()).contains("varied: 0, 0.1, 1, 10, 100");
        assertEveryChartDrewMarks();
        assertPageIsSelfContained(page);
        screenshot("curves-screenshot-validation.png");
    }

    /**
     * Whether an element is drawn where it can be seen: a box of some extent on the page (a horizontal line has no height,
     * which Selenium's isDisplayed counts as hidden), not hidden by style.
     */
    private static boolean visible(WebElement element) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript("const e = arguments[0], r = e.getBoundingClientRect(),"
                + " s = getComputedStyle(e); return (r.width > 0 || r.height > 0) && r.right > 0 && r.bottom > 0"
                + " && s.display !== 'none' && s.visibility === 'visible' && +s.opacity > 0", element);
    }

    private static Map<String, String> curvesOptions() {
        return RunSpec.parse(Map.of("data", "digits", "layers", "64", "epochs", "30", "bayes-error", "0.01")).toOptions();
    }

    private static Path writeCurvesPage(String name, String html) throws IOException {
        CurvesDirectory dir = new CurvesDirectory(work.resolve("curves-" + name));
        dir.writePage(html);
        return dir.page();
    }

    private static void open(Path report) {
        open(report, "Plumb run: ");
    }

    private static void open(Path report, String title) {
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.manage().logs().get(LogType.BROWSER); // start each page with empty logs
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.get(report.toUri().toString());
        assertThat(driver.getTitle()).startsWith(title);
    }

    private static int chartsIn(String sectionId) {
        return driver.findElements(By.cssSelector("#" + sectionId + " svg.chart")).size();
    }

    @SuppressWarnings("unchecked")
    private static void assertEveryChartDrewMarks() {
        List<Map<String, Object>> charts = (List<Map<String, Object>>) js("return [...document.querySelectorAll('svg.chart')].map(s => {"
                + " const r = s.getBoundingClientRect();"
                + " return {label: s.getAttribute('aria-label'), marks: s.querySelectorAll('path, rect, circle').length,"
                + " width: r.width, height: r.height}; })");
        assertThat(charts).isNotEmpty();
        for (Map<String, Object> chart : charts) {
            assertThat(((Number) chart.get("marks")).intValue()).as("marks drawn in: %s", chart.get("label")).isPositive();
            assertThat(((Number) chart.get("width")).doubleValue()).as("width of %s", chart.get("label")).isGreaterThan(100);
            assertThat(((Number) chart.get("height")).doubleValue()).as("height of %s", chart.get("label")).isGreaterThan(100);
        }
    }

    /** A full-page screenshot: the window is made as tall as the page first. */
}
