package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

import dev.plumb.cli.LabCli;
import dev.plumb.lab.Experiment;
import dev.plumb.lab.Lab;
import dev.plumb.lab.LabDirectory;
import dev.plumb.lab.LabResult;

/**
 * lab.html and every experiment's page in a real browser, as {@code plumb lab all} writes them — once with fake
 * experiments that draw every kind of figure (a failing check, a skipped experiment, hostile text), once with the nine
 * real experiments on their bundled data: headless Chromium opens the index, follows each link, and checks on each page
 * that every chart is visible and drew each of its saved lines, that nothing is loaded and the console stays clean.
 * Saves target/lab-screenshot.png. Skipped, with a message, without Chromium.
 */
class LabBrowserTest extends BrowserTest {

    @Test
    void theIndexAndEveryPageOpenCleanAndEachChartDrawsItsLines() throws Exception {
        checkAll(List.of(LabFixtures.slopes(), LabFixtures.fails(), LabFixtures.absent(), LabFixtures.hostile()), "slopes");
    }

    /** The nine real experiments, as {@code plumb lab all} runs them on the bundled data (about a minute). */
    @Test
    void theRealExperimentsPagesOpenCleanAndEachChartDrawsItsLines() throws Exception {
        checkAll(Lab.experiments(), "l2");
    }

    /** Runs {@code plumb lab all} with {@code experiments} and checks the index and each page; screenshots one. */
    private void checkAll(List<Experiment> experiments, String shown) throws Exception {
        Path out = work.resolve("lab-" + shown); // the two tests share the work directory
        LabCli cli = new LabCli(experiments);
        assertThat(cli.plumb("lab", "all", "--out", out.toString())).as("%s", cli.err).isZero();
        LabDirectory dir = new LabDirectory(out);
        Path index = out.resolve(LabDirectory.INDEX_FILE);
        List<String> names = experiments.stream().map(Experiment::name).toList();

        open(index);
        assertThat(driver.getTitle()).isEqualTo("Plumb lab: the note's claims");
        List<WebElement> links = driver.findElements(By.cssSelector("a.experiment-link"));
        assertThat(links).extracting(WebElement::getText).containsExactlyElementsOf(names);
        assertThat(driver.findElements(By.cssSelector("table.lab-index tbody tr"))).hasSize(names.size());
        assertPageIsSelfContained(index);
        screenshot(shown.equals("slopes") ? "lab-index-screenshot.png" : "lab-real-index-screenshot.png");

        for (String name : names) {
            open(index);
            driver.findElement(By.linkText(name)).click();
            assertThat(driver.getCurrentUrl()).endsWith("/" + name + "/" + LabDirectory.PAGE_FILE);
            open(dir.experiment(name).resolve(LabDirectory.PAGE_FILE)); // afresh, so that the logs hold this page's alone
            LabResult saved = dir.read(name);
            assertThat(driver.findElement(By.cssSelector("h1.claim")).getText()).endsWith(saved.claim());
            List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).as(name).hasSize(saved.figures().size());
            for (int i = 0; i < charts.size(); i++) {
                WebElement chart = charts.get(i);
                assertThat(chart.isDisplayed()).isTrue();
                assertThat(chart.getSize().getWidth()).isGreaterThan(100);
                assertThat(chart.getSize().getHeight()).isGreaterThan(100);
                LabResult.Figure f = saved.figures().get(i);
                assertThat(chart.findElements(By.cssSelector("g.lab-series path.series"))).as("%s figure %d's lines", name, i)
                        .hasSize(f.series().size());
                List<WebElement> groups = chart.findElements(By.cssSelector("g.lab-series"));
                for (int k = 0; k < groups.size(); k++) {
                    WebElement group = groups.get(k);
                    LabResult.Series series = f.series().get(k);
                    long finite = java.util.stream.IntStream.range(0, series.x().length)
                            .filter(p -> Double.isFinite(series.x()[p]) && Double.isFinite(series.y()[p])).count();
                    if (finite == 1) { // a run that diverged after its first point: drawn as one dot
                        WebElement dot = group.findElement(By.cssSelector("circle.point"));
                        assertThat(dot.isDisplayed()).as("%s figure %d series %d's one point", name, i, k).isTrue();
                        continue;
                    }
                    WebElement line = group.findElement(By.cssSelector("path.series"));
                    Map<?, ?> box = (Map<?, ?>) js("const b = arguments[0].getBBox(); return {w: b.width, h: b.height};", line);
                    assertThat(((Number) box.get("w")).doubleValue() + ((Number) box.get("h")).doubleValue())
                            .as("%s figure %d series %d: a line with extent", name, i, k).isPositive();
                }
                assertThat(chart.findElements(By.cssSelector("line.marker"))).hasSize(f.markers().size());
                if (f.surface() != null) {
                    assertThat(chart.findElements(By.cssSelector("g.surface rect"))).isNotEmpty();
                    assertThat(chart.findElements(By.cssSelector("g.points circle"))).hasSize(f.points().size());
                }
            }
            if (saved.skipped() != null) {
                assertThat(driver.findElement(By.id("skipped")).getText()).contains(saved.skipped());
            } else {
                assertThat(driver.findElement(By.cssSelector("p.holds")).getText())
                        .isEqualTo("The claim holds here: " + (saved.verdict().holds() ? "yes" : "no"));
                assertThat(driver.findElements(By.cssSelector("table.checks tbody tr"))).hasSize(saved.verdict().checks().size());
            }
            assertThat(driver.findElement(By.cssSelector("pre.command")).getText()).startsWith("plumb lab " + name + " --seed 1");
            assertPageIsSelfContained(dir.experiment(name).resolve(LabDirectory.PAGE_FILE));
            if (name.equals(shown)) {
                screenshot(shown.equals("slopes") ? "lab-screenshot.png" : "lab-real-screenshot.png");
            }
            // each figure's standalone SVG file draws the same lines, and its legend, by itself
            for (int i = 0; i < saved.figures().size(); i++) {
                Path svg = dir.experiment(name).resolve("figure-" + (i + 1) + ".svg");
                open(svg);
                assertThat((Long) js("return document.querySelectorAll('g.lab-series path.series').length")).as("%s", svg)
                        .isEqualTo(saved.figures().get(i).series().size());
                assertThat((Long) js("return document.querySelectorAll('g.legend text').length")).as("%s", svg).isPositive();
                assertThat((Boolean) js("const r = document.documentElement.getBoundingClientRect(); return r.width > 600 && r.height > 300"))
                        .as("%s drawn at its size", svg).isTrue();
                assertPageIsSelfContained(svg);
                if (name.equals(shown)) {
                    Files.createDirectories(TARGET);
                    Files.write(TARGET.resolve("lab-" + shown + "-figure-" + (i + 1) + ".png"),
                            driver.findElement(By.tagName("svg")).getScreenshotAs(OutputType.BYTES));
                }
            }
        }
    }

    private static void open(Path page) {
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.manage().logs().get(LogType.BROWSER); // start each page with empty logs
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.get(page.toUri().toString());
    }

    /** A full-page screenshot under target/: the window is made as tall as the page first. */
}
