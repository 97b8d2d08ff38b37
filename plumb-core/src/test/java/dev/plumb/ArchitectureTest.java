package dev.plumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The core's packages stay layered: each imports only packages listed before it (README, Architecture). */
class ArchitectureTest {

    static final List<String> LAYERS = List.of("tensor", "data", "eval", "nn", "optim", "train", "diagnose", "io", "workflow");

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.plumb\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void packagesImportOnlyLowerLayers() throws IOException {
        Path root = Path.of("src", "main", "java", "dev", "plumb");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                assertThat(LAYERS).as("package of %s is in the layer list", file).contains(pkg);
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (LAYERS.indexOf(imported) > LAYERS.indexOf(pkg)) {
                        violations.add(file + " (" + pkg + ") imports " + imported);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
