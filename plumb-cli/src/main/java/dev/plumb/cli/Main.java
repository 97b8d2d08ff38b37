package dev.plumb.cli;

import java.io.PrintWriter;
import java.util.Optional;

import dev.plumb.tensor.Blas;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code plumb} command. Subcommands map their flags onto core configuration records and call
 * the core; user errors print one line and exit with status 2 (a stack trace only with --verbose).
 */
@Command(name = "plumb",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train neural networks that generalize: splits without leakage, regularization, "
                + "gradient checking and bias/variance diagnosis.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GradcheckCommand.class, DiagnoseCommand.class,
                ReportCommand.class, DemoCommand.class, CurvesCommand.class, TuneCommand.class, LabCommand.class, ExportCommand.class,
                ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input: a wrong flag, a missing or corrupt file. */
    static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with the commands made by {@code factory} (tests give fakes). */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        Optional<String> blasProblem = Blas.problemWithConfiguredChoice();
        if (blasProblem.isPresent()) { // PLUMB_BLAS is read once per process: say what is wrong before anything runs
            err.println("plumb: " + blasProblem.get());
            return USAGE_ERROR;
        }
        CommandLine cli = new CommandLine(new Main(), factory);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(ErrorHandler::handleParameterException);
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"plumb " + dev.plumb.io.PlumbVersion.VERSION,
                    "BLAS: " + blas(),
                    "Java: " + System.getProperty("java.version")};
        }

        private static String blas() {
            Blas blas = Blas.defaultBlas();
            return blas instanceof dev.plumb.tensor.NativeBlas nb ? nb.version() + ", operands " + nb.operands()
                    : blas.name();
        }
    }
}
