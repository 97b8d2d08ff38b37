package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * {@code plumb} called in this JVM with its output captured, and the assertion the refusal tests share: exit 2, one line
 * on stderr that starts with "plumb: ", names the problem and the fix and shows no stack trace, and nothing of the work
 * that was refused on stdout.
 */
final class CliCall {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int plumb(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /**
     * @param status       what {@link #plumb} returned
     * @param neverPrinted what the refused work would have printed (e.g. "epoch ", "trial ")
     * @param fragments    what the line must say
     */
    void assertRefused(int status, String neverPrinted, String... fragments) {
        assertThat(status).as("stdout: %s", out).isEqualTo(2);
        String line = err.toString().strip();
        assertThat(line.lines()).as(line).hasSize(1);
        assertThat(line).startsWith("plumb: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(line).contains(f);
        }
        assertThat(out.toString()).doesNotContain(neverPrinted);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
