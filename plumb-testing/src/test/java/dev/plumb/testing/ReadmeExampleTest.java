package dev.plumb.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Write your own layer" example compiles against the library and this module and runs as a user
 * would run it. It lives here, not beside core's ReadmeExampleTest, because it uses {@link GradientChecks}.
 */
class ReadmeExampleTest {

    @Test
    void ownLayerExampleCompilesAndItsChecksPass(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- example:OwnLayer[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has the OwnLayer example block").isTrue();
        Path file = dir.resolve("OwnLayer.java");
        Files.writeString(file, m.group(1), StandardCharsets.UTF_8);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", dir.toString(), "-cp", classpath, file.toString());
        assertThat(status).as("javac exit status").isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + classpath, "OwnLayer")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("OwnLayer finishes").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("OwnLayer exit status; output:%n%s", output).isZero();
        assertThat(output).contains("both pass; parameters [W1, b1, gamma2]");
    }

    @Test
    void theExampleWouldFailWithABugInItsActivation(@TempDir Path dir) throws Exception {
        // the README example's checks are not vacuous: the same swish with g′ missing its (1 − σ) factor fails
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- example:OwnLayer[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).isTrue();
        String buggy = m.group(1).replace("s * (1 + z.get(i) * (1 - s))", "s * (1 + z.get(i))");
        assertThat(buggy).isNotEqualTo(m.group(1));
        Path file = dir.resolve("OwnLayer.java");
        Files.writeString(file, buggy, StandardCharsets.UTF_8);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), "-cp", classpath,
                file.toString())).isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + classpath, "OwnLayer")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isNotZero();
        assertThat(output).contains("java.lang.AssertionError: Gradient check failed on random input 1 of 5 (4 × 4, seed 1)")
                .contains("Dense(4 → 3, swish)");
    }
}
