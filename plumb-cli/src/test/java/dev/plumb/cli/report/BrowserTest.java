package dev.plumb.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the pages' browser tests share: one headless Chromium per test class (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs), a work directory for the pages, every test skipped with
 * one message where Chromium is absent, and screenshots saved under {@code target/} for people to look at.
 */
abstract class BrowserTest {

    static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");

    protected static ChromeDriver driver;
    protected static Path work;

    @BeforeAll
    static void startChromium() throws IOException {
        if (!HeadlessChromium.installed()) {
            return; // each test is then skipped, with the message, by requireChromium
        }
        work = Files.createTempDirectory("plumb-browser");
        driver = HeadlessChromium.start(work);
    }

    @BeforeEach
    void requireChromium() {
        Assumptions.assumeTrue(driver != null, getClass().getSimpleName() + " needs headless Chromium at "
                + HeadlessChromium.CHROMIUM + " and its driver at " + HeadlessChromium.CHROMEDRIVER + " (Debian packages "
                + "chromium and chromium-driver: apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }

    @AfterAll
    static void stopChromium() throws IOException {
        HeadlessChromium.stop(driver, work);
        driver = null;
        work = null;
    }

    /** Runs {@code script} in the page (with {@code args} as {@code arguments[i]}). */
    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves the whole page, as tall as it is, as {@code target/name}; the window is 1280×900 again after. */
    static void screenshot(String name) throws IOException {
        long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 140, 16000)));
        Files.createDirectories(TARGET);
        Files.write(TARGET.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * The page shown is self-contained: no scripts, nothing loaded, no sideways scrolling, no console warning or error,
     * and no network request but for the page itself.
     */
    static void assertPageIsSelfContained(Path page) {
        assertThat((Long) js("return document.scripts.length")).as("script elements").isZero();
        assertThat((Long) js("return performance.getEntriesByType('resource').length")).as("resources loaded").isZero();
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling").isTrue();
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertThat(errors).as("console errors and warnings").isEmpty();
        String self = page.toUri().toString();
        List<String> requests = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = json.readTree(e.getMessage()).path("message");
            if (message.path("method").asString("").equals("Network.requestWillBeSent")) {
                requests.add(message.path("params").path("request").path("url").asString(""));
            }
        }
        assertThat(requests).as("network requests").isNotEmpty().allSatisfy(url -> assertThat(url).isIn(self, "data:,"));
    }
}
