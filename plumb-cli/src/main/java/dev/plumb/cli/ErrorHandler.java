package dev.plumb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

import picocli.CommandLine;

/**
 * Turns exceptions into the one-line messages a command-line user should see, classified by cause. Problems
 * with the input (IllegalArgumentException, an unreadable or corrupt file) exit with status 2; anything
 * else — IllegalStateException included, which means the code broke its own rules — is a bug: "internal
 * error", exit status 1. {@code --verbose} on a subcommand adds the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
        boolean userError = isUserError(e);
        cli.getErr().println("plumb: " + (userError ? "" : "internal error: ") + message(e));
        if (verbose) {
            e.printStackTrace(cli.getErr());
        } else if (!userError) {
            cli.getErr().println("  (run again with --verbose for the stack trace, and please report it)");
        }
        cli.getErr().flush();
        return userError ? Main.USAGE_ERROR : 1;
    }

    /** Bad input: an invalid argument or a file that cannot be read; everything else is a bug. */
    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException;
    }

    static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("plumb: " + e.getMessage() + " (see '" + cli.getCommandSpec().qualifiedName() + " --help')");
        cli.getErr().flush();
        return Main.USAGE_ERROR;
    }

    private static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) { // say the file problem, not the wrapper's class
            return message(u.getCause());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
