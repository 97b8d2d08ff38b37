package dev.plumb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

import picocli.CommandLine;

/**
 * Turns exceptions into the one-line messages a command-line user should see. Problems with the input
 * (IllegalArgumentException, an unreadable or corrupt file) exit with status 2; anything else is a bug
 * and exits with 1. {@code --verbose} on a subcommand adds the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
        boolean userError = e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException || e instanceof IllegalStateException;
        cli.getErr().println("plumb: " + (userError ? "" : "internal error: ") + message(e));
        if (verbose) {
            e.printStackTrace(cli.getErr());
        } else if (!userError) {
            cli.getErr().println("  (run again with --verbose for the stack trace, and please report it)");
        }
        cli.getErr().flush();
        return userError ? Main.USAGE_ERROR : 1;
    }

    static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("plumb: " + e.getMessage() + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')");
        cli.getErr().flush();
        return Main.USAGE_ERROR;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
