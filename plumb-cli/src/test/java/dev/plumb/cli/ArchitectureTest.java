package dev.plumb.cli;

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
 * The command line stays thin: a command maps flags onto the core's configuration, calls the core's workflow and
 * renders what comes back; a report section renders records and nothing else. Checked on every reference from the
 * CLI's sources to a core type (imports and fully qualified names).
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("src", "main", "java", "dev", "plumb", "cli");
    private static final Pattern CORE_TYPE = Pattern.compile("\\bdev\\.plumb\\.(?!cli\\b)((?:[a-z]+\\.)+)([A-Z]\\w*(?:\\.[A-Z]\\w*)*)");

    /**
     * Classes a command may use although they are not values: the workflow's entry points live in {@code workflow};
     * beyond it, the predictions and metrics it renders, the BLAS choice it reports, the file it writes atomically and the
     * PyTorch export it writes, the bias/variance verdict of two given errors, the version it prints — and the network a training callback
     * (the progress bar, Ctrl-C) receives in its signature. {@code plumb tune} calls the study engine, the tune
     * package's one entry point (run and resume), as the other commands call the workflow's; what it renders are the
     * engine's records. {@code plumb lab} lists and runs the lab's experiments through its registry, {@code Lab}, the
     * lab package's one entry point (the experiments are {@code Experiment}s, an interface; what it renders are the
     * {@code LabResult} records it saved).
     */
    private static final Set<String> COMMAND_ENTRY_POINTS = Set.of("dev.plumb.tensor.Matrix", "dev.plumb.tensor.Blas",
            "dev.plumb.io.PlumbVersion", "dev.plumb.nn.Network",
            "dev.plumb.tensor.NativeBlas", "dev.plumb.io.AtomicFile", "dev.plumb.io.TorchExport", "dev.plumb.eval.ClassificationMetrics",
            "dev.plumb.eval.RegressionMetrics", "dev.plumb.diagnose.biasvariance.BiasVariance", "dev.plumb.tune.Study",
            "dev.plumb.lab.Lab");

    @Test
    void reportSectionsReadRecordsOnly() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Path file : sources(ROOT.resolve("report"))) {
            for (Class<?> type : coreTypes(file)) {
                if (!type.isRecord() && !type.isEnum()) {
                    violations.add(file.getFileName() + " uses " + type.getName() + ", which is not a record");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void commandsCallTheWorkflowAndRenderValues() throws Exception {
        List<String> violations = new ArrayList<>();
        for (Path file : sources(ROOT)) {
            if (file.startsWith(ROOT.resolve("report"))) {
                continue;
            }
            for (Class<?> type : coreTypes(file)) {
                boolean value = type.isRecord() || type.isEnum() || type.isInterface() || Throwable.class.isAssignableFrom(type);
                // the workflow, and plumb export's entry point: the export module (its own Maven module, above the core)
                boolean workflow = type.getPackageName().equals("dev.plumb.workflow") || type.getPackageName().equals("dev.plumb.onnx");
                if (!value && !workflow && !COMMAND_ENTRY_POINTS.contains(type.getName())) {
                    violations.add(file.getFileName() + " uses " + type.getName()
                            + ": computation belongs in the core's workflow, the command only renders");
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Class<?>> coreTypes(Path file) throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        Matcher m = CORE_TYPE.matcher(Files.readString(file));
        while (m.find()) {
            types.add(load("dev.plumb." + m.group(1), m.group(2).split("\\.")));
        }
        return types;
    }

    // The longest prefix of Outer.Inner.CONSTANT that names a class: a trailing capitalised name may be a field.
    private static Class<?> load(String pkg, String[] names) throws ClassNotFoundException {
        for (int n = names.length; n > 1; n--) {
            try {
                return Class.forName(pkg + String.join("$", java.util.Arrays.copyOf(names, n)), false,
                        ArchitectureTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // a field or a method, not a nested type: try the enclosing name
            }
        }
        return Class.forName(pkg + names[0], false, ArchitectureTest.class.getClassLoader());
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
