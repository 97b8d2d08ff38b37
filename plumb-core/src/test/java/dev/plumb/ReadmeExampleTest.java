package dev.plumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.io.ModelBundle;

/** The README's Java example compiles against the library and runs as a user would run it. */
class ReadmeExampleTest {

    @Test
    void quickStartCompilesRunsAndSavesALoadableModel(@TempDir Path dir) throws Exception {
        String output = compileAndRun(dir, "QuickStart");
        assertThat(Files.readString(dir.resolve("QuickStart.java")).lines().count()).as("the example stays short")
                .isLessThanOrEqualTo(25);

        Matcher acc = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(output);
        assertThat(acc.find()).as("output: %s", output).isTrue();
        assertThat(Double.parseDouble(acc.group(1))).isGreaterThanOrEqualTo(0.95);
        ModelBundle bundle = ModelBundle.load(dir.resolve("digits-model"));
        assertThat(bundle.classNames()).isEqualTo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Test
    void tuneStudyCompilesRunsTheRecipeAndLooksAtTheTestSetOnce(@TempDir Path dir) throws Exception {
        String output = compileAndRun(dir, "TuneStudy");
        assertThat(output).contains("step 1: ").contains("kept trial");
        Matcher dev = Pattern.compile("dev error (\\d\\.\\d+); test error (\\d\\.\\d+)").matcher(output);
        assertThat(dev.find()).as("output: %s", output).isTrue();
        assertThat(Double.parseDouble(dev.group(1))).isLessThan(0.03);
        assertThat(Double.parseDouble(dev.group(2))).isLessThan(0.06);
        assertThat(dir.resolve("digits-study").resolve("study.json")).exists();
        assertThat(dir.resolve("digits-study").resolve("trial-001").resolve("run.json")).exists();
    }

    // Compiles the README's example of that name and runs it in dir; its output.
    private static String compileAndRun(Path dir, String name) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- example:" + name + "[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has the %s example block", name).isTrue();
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, m.group(1), StandardCharsets.UTF_8);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-cp", classpath,
                file.toString());
        assertThat(status).as("javac exit status").isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + classpath, name)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finishes", name).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s exit status; output:%n%s", name, output).isZero();
        return output;
    }
}
