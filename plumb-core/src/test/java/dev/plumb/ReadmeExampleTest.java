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
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- example:QuickStart[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README.md has the QuickStart example block").isTrue();
        String source = m.group(1);
        assertThat(source.lines().count()).as("the example stays short").isLessThanOrEqualTo(25);
        Path file = dir.resolve("QuickStart.java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", dir.toString(), "-cp", classpath, file.toString());
        assertThat(status).as("javac exit status").isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", dir + File.pathSeparator + classpath, "QuickStart")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("QuickStart finishes").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("QuickStart exit status; output:%n%s", output).isZero();

        Matcher acc = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(output);
        assertThat(acc.find()).as("output: %s", output).isTrue();
        assertThat(Double.parseDouble(acc.group(1))).isGreaterThanOrEqualTo(0.95);
        ModelBundle bundle = ModelBundle.load(dir.resolve("digits-model"));
        assertThat(bundle.classNames()).isEqualTo(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }
}
