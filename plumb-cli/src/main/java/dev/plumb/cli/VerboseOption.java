package dev.plumb.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, which every command takes: {@link ErrorHandler} then prints the stack trace of an error. */
final class VerboseOption {

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;
}
