package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

import dev.plumb.cli.Main;
import dev.plumb.tune.StudyDirectory;
import dev.plumb.tune.StudyRecord;

/**
 * study.html in a real browser, as {@code plumb tune} writes it: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) opens the page of a small recipe study and of a small random study with pruning, finds every
 * section and chart, checks that they are visible and drew marks, that nothing is loaded and the console stays clean,
 * follows a trial's link to its run report, and saves target/study-screenshot.png for people to look at. Skipped, with
 * a message, without Chromium.
 */
class StudyBrowserTest extends BrowserTest {

    @Test
    void aRecipeStudyShowsEverySectionAndChartAndLinksToItsTrialsReports() throws Exception {
        Path dir = tune("recipe", "--data", "digits", "--strategy", "recipe", "--budget", "5", "--epochs", "8");
        StudyRecord record = new StudyDirectory(dir).read();
        Path page = dir.resolve(StudyDirectory.REPORT_FILE);
        open(page);
        assertThat(driver.getTitle()).isEqualTo("Plumb study: digits");
        for (String id : StudyPage.SECTION_IDS) {
            WebElement section = driver.findElement(By.id(id));
            assertThat(section.getTagName()).isEqualTo("section");
            assertThat(section.findElement(By.tagName("h2")).isDisplayed()).as(id).isTrue();
            assertThat(section.findElement(By.tagName("h2")).getText()).as(id).isNotBlank();
        }
        assertThat(chartsIn("trials-over-time")).isEqualTo(1);
        assertThat(chartsIn("hyperparameters")).as("one chart per option the recipe moved").isEqualTo(
                (int) record.trials().stream().flatMap(t -> t.values().keySet().stream()).distinct().count());
        assertThat(driver.findElements(By.cssSelector("#recipe-path li.step"))).hasSize(record.path().size());
        assertThat(chartsIn("recipe-path")).as("a bias/variance bar pair per step").isEqualTo(record.path().size());
        assertThat(chartsIn("chosen-trial")).as("cost and error per epoch, and the learning curve").isEqualTo(3);
        assertThat(driver.findElements(By.cssSelector("#trials tbody tr"))).hasSize(record.trials().size());
        assertThat(driver.findElement(By.cssSelector("#trials-over-time circle.chosen-ring")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("summary")).getText())
                .contains("evaluated once, for trial " + record.best() + ", after the search");
        assertThat(driver.findElement(By.cssSelector("#recipe-path li.step")).getText()).contains("Worked on:").contains("Decision:");
        assertEveryChartIsVisibleAndDrewMarks();
        assertPageIsSelfContained(page);
        screenshot("study-screenshot.png");

        // the chosen trial's row links to its run report, relative to the study directory
        WebElement link = driver.findElement(By.cssSelector("#trials tr.chosen a.trial-link"));
        assertThat(link.getAttribute("href")).endsWith(String.format("/trial-%03d/report.html", record.best()));
        link.click();
        assertThat(driver.getTitle()).startsWith("Plumb run: ");
        assertThat(driver.getCurrentUrl()).endsWith(String.format("/trial-%03d/report.html", record.best()));
        assertThat(driver.findElement(By.id("learning-curves")).isDisplayed()).isTrue();
    }

    @Test
    void aRandomStudyDrawsItsPrunedTrialsHollowAndAChartPerSearchedOption() throws Exception {
        Path dir = tune("random", "--data", "digits", "--lr", "1e-4..1e-1:log", "--layers", "8|32", "--strategy", "random",
                "--budget", "6", "--epochs", "9", "--learning-curve", "false");
        StudyRecord record = new StudyDirectory(dir).read();
        Path page = dir.resolve(StudyDirectory.REPORT_FILE);
        open(page);
        assertThat(chartsIn("hyperparameters")).isEqualTo(2);
        assertThat(driver.findElement(By.cssSelector("#hyperparameters svg[aria-label='Dev error against lr']")).getText())
                .contains("lr (log scale)");
        long pruned = record.trials().stream().filter(t -> t.state() == dev.plumb.tune.TrialResult.TrialState.PRUNED).count();
        assertThat(pruned).as("successive halving pruned some of 6 trials").isPositive();
        List<WebElement> hollow = driver.findElements(By.cssSelector("#trials-over-time circle.trial.pruned"));
        assertThat(hollow).hasSize((int) pruned);
        for (WebElement c : hollow) {
            assertThat(c.getCssValue("fill")).isEqualTo("none");
        }
        assertThat(driver.findElement(By.id("recipe-path")).getText()).contains("takes no steps");
        assertEveryChartIsVisibleAndDrewMarks();
        assertPageIsSelfContained(page);
        screenshot("study-screenshot-random.png");
    }

    private static Path tune(String name, String... args) {
        Path dir = work.resolve(name);
        List<String> all = new ArrayList<>(List.of("tune", "--parallel", "2", "--out", dir.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as("plumb tune: %s%s", out, err).isZero();
        return dir;
    }

    private static void open(Path page) {
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.manage().logs().get(LogType.BROWSER); // start each page with empty logs
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.get(page.toUri().toString());
    }

    private static int chartsIn(String sectionId) {
        return driver.findElements(By.cssSelector("#" + sectionId + " svg.chart")).size();
    }

    @SuppressWarnings("unchecked")
    private static void assertEveryChartIsVisibleAndDrewMarks() {
        List<Map<String, Object>> charts = (List<Map<String, Object>>) js("return [...document.querySelectorAll('svg.chart')]"
                + ".filter(s => !s.closest('details')).map(s => { const r = s.getBoundingClientRect(); const st = getComputedStyle(s);"
                + " return {label: s.getAttribute('aria-label'), marks: s.querySelectorAll('path, rect, circle').length,"
                + " width: r.width, height: r.height, visible: st.display !== 'none' && st.visibility !== 'hidden'}; })");
        assertThat(charts).isNotEmpty();
        for (Map<String, Object> chart : charts) {
            assertThat(chart.get("label")).as("every chart has an accessible label").isNotNull();
            assertThat((Boolean) chart.get("visible")).as("%s visible", chart.get("label")).isTrue();
            assertThat(((Number) chart.get("marks")).intValue()).as("marks drawn in: %s", chart.get("label")).isPositive();
            assertThat(((Number) chart.get("width")).doubleValue()).as("width of %s", chart.get("label")).isGreaterThan(100);
            assertThat(((Number) chart.get("height")).doubleValue()).as("height of %s", chart.get("label")).isGreaterThan(100);
        }
    }

    /** A full-page screenshot under target/: the window is made as tall as the page first. */
}
