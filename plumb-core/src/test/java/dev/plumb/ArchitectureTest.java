package dev.plumb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The core's packages form the layered graph the README draws: each imports only packages of a lower level, packages
 * of one level do not import each other, and the diagnostics (gradcheck, health, biasvariance) are independent.
 */
class ArchitectureTest {

    /** Levels, bottom to top: tensor / {data, eval, nn} / {optim, io} / train / diagnose / workflow / {tune, lab}. */
    static final List<Set<String>> LEVELS = List.of(Set.of("tensor"), Set.of("data", "eval", "nn"), Set.of("optim", "io"),
            Set.of("train"), Set.of("diagnose"), Set.of("workflow"), Set.of("tune", "lab"));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.plumb\\.([a-z]+)((?:\\.[a-z]+)*)\\.[A-Z]",
            Pattern.MULTILINE);
    private static final Path ROOT = Path.of("src", "main", "java", "dev", "plumb");

    @Test
    void packagesImportOnlyLowerLevels() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = ROOT.relativize(file).getName(0).toString();
            assertThat(level(pkg)).as("package %s of %s is on a level", pkg, file).isNotNegative();
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (!imported.equals(pkg) && level(imported) >= level(pkg)) {
                    violations.add(file + " (" + pkg + ") imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theDiagnosticsDoNotDependOnEachOther() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            Path relative = ROOT.relativize(file);
            if (!relative.getName(0).toString().equals("diagnose") || relative.getNameCount() < 3) {
                continue;
            }
            String sub = relative.getName(1).toString();
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                if (m.group(1).equals("diagnose") && !m.group(2).equals("." + sub)) {
                    violations.add(file + " (diagnose." + sub + ") imports diagnose" + m.group(2));
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static int level(String pkg) {
        for (int i = 0; i < LEVELS.size(); i++) {
            if (LEVELS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
