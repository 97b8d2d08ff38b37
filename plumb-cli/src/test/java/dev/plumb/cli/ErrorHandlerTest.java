package dev.plumb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Exceptions are classified by what they mean: bad input exits with 2, a bug (IllegalStateException too) with 1. */
class ErrorHandlerTest {

    private final StringWriter err = new StringWriter();

    private int handle(Exception e, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        return new ErrorHandler().handleExecutionException(e, cli, cli.parseArgs(args));
    }

    @Test
    void anInvalidArgumentOrAnUnreadableFileIsOneLineAndExitStatus2() {
        assertThat(handle(new IllegalArgumentException("Invalid value for --lr: -1"), "report", "runs/x"))
                .isEqualTo(Main.USAGE_ERROR);
        assertThat(err.toString().lines().toList()).containsExactly("plumb: Invalid value for --lr: -1");

        err.getBuffer().setLength(0);
        assertThat(handle(new UncheckedIOException(new NoSuchFileException("data.csv")), "report", "runs/x"))
                .isEqualTo(Main.USAGE_ERROR);
        assertThat(err.toString().lines().toList()).hasSize(1);

        // a checkpoint that cannot be written mid-run: the file's problem, not the wrapper's class name
        err.getBuffer().setLength(0);
        assertThat(handle(new UncheckedIOException(new dev.plumb.io.ModelFileException(java.nio.file.Path.of("run/checkpoint"
                + ".safetensors"), "cannot write: No space left on device")), "report", "runs/x")).isEqualTo(Main.USAGE_ERROR);
        assertThat(err.toString().lines().toList()).containsExactly(
                "plumb: run/checkpoint.safetensors: cannot write: No space left on device");
    }

    @Test
    void anIllegalStateIsAnInternalErrorWithExitStatus1() {
        int status = handle(new IllegalStateException("RunRecord.Builder: training is not set"), "report", "runs/x");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString().lines().toList()).containsExactly(
                "plumb: internal error: RunRecord.Builder: training is not set",
                "  (run again with --verbose for the stack trace, and please report it)");
    }

    @Test
    void verboseAddsTheStackTrace() {
        handle(new IllegalStateException("broken"), "report", "runs/x", "--verbose");

        assertThat(err.toString()).startsWith("plumb: internal error: broken")
                .contains("java.lang.IllegalStateException: broken").contains("\tat ");
    }
}
