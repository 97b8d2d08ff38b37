package dev.plumb;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints why tests were skipped, one line per class and reason, e.g. "Skipped 4 tests in
 * FashionMnistTest$Installed: Fashion-MNIST is not installed in …". Surefire counts skipped tests but shows
 * neither an assumption's message nor a {@code @Disabled} reason on the console. Registered with the JUnit
 * Platform in META-INF/services; plumb-cli's tests have a copy, as the modules share no test code.
 */
public final class SkipReasons implements TestExecutionListener {

    private TestPlan plan;
    /** For each container still running: the reasons its skipped tests gave, with how many tests gave each. */
    private final Map<TestIdentifier, Map<String, Long>> pending = new HashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    /** {@code @Disabled} and other conditions: the test or container never starts. */
    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        skipped(id, reason);
    }

    /** Assumptions: a failed one aborts the test or container it runs in. */
    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped(id, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
        Map<String, Long> reasons = pending.remove(id);
        if (reasons != null) {
            reasons.forEach((reason, tests) -> print(tests, id, reason));
        }
    }

    private void skipped(TestIdentifier id, String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : firstLine(reason);
        if (id.isContainer()) {
            // no further events come for it or its tests
            print(Math.max(1, plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count()), id, text);
        } else {
            TestIdentifier parent = plan.getParent(id).orElse(id);
            pending.computeIfAbsent(parent, p -> new LinkedHashMap<>()).merge(text, 1L, Long::sum);
        }
    }

    private static String firstLine(String reason) {
        String text = reason.strip().replaceFirst("^Assumption failed: ", "");
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }

    private static void print(long tests, TestIdentifier where, String reason) {
        System.out.println("Skipped " + tests + (tests == 1 ? " test in " : " tests in ") + name(where) + ": " + reason);
    }

    private static String name(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof ClassSource c) {
            return simple(c.getClassName());
        }
        if (source instanceof MethodSource m) {
            return simple(m.getClassName()) + "." + m.getMethodName();
        }
        return id.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
