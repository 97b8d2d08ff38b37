package dev.plumb.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code plumb} in a child JVM on the test class path, for tests that kill it. */
final class ChildPlumb {

    private ChildPlumb() {
    }

    /** Starts {@code plumb args…}; its stdout and stderr are one stream. */
    static Process start(List<String> args) throws Exception {
        return start(List.of(), args);
    }

    /** Starts {@code plumb args…} in a JVM with the extra options {@code jvm} (a heap limit, say). */
    static Process start(List<String> jvm, List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", classpath, Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** {@code base} followed by {@code more}. */
    static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
