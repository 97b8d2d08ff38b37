package dev.plumb.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;

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
}
