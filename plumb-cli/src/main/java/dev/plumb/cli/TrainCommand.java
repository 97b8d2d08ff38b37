package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb train}: flags (or a config file) → a run directory with the record, the model and the report. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        defaultValueProvider = RunOptions.Defaults.class,
        description = {"Train a network and write a run directory: config.yaml, run.json, history.csv, model/, report.html.",
                "", "Examples:",
                "  plumb train --data digits --layers 128 --l2 1.0 --epochs 30",
                "  plumb train --data iris.csv --label species --split 0.6,0.2,0.2 --early-stopping patience=5",
                "  plumb train --data fashion-mnist --layers 256,128 --keep-prob 0.8 --augment shift=2 --bayes-error 0.05",
                ""})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory to write. Default: runs/<data>-<timestamp>.")
    Path out;

    @Option(names = "--gradcheck", arity = "0..1", fallbackValue = "20", defaultValue = "0", paramLabel = "N",
            description = "After training, gradient-check the network on 32 training examples, N random coordinates per "
                    + "tensor (0 = no check; --gradcheck alone = 20); the result goes into the report.")
    int gradcheck;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (gradcheck < 0) {
            throw new IllegalArgumentException("Invalid value for option --gradcheck: " + gradcheck + ". Expected the number of "
                    + "coordinates to check per tensor, e.g. --gradcheck 20, or 0 for no check.");
        }
        RunSpec runSpec = run.resolve(spec.commandLine().getParseResult());
        RunDirectory dir = new RunDirectory(out != null ? out : defaultDirectory(runSpec.data().source()));
        Progress progress = new Progress(w, Progress.choose(quiet));
        progress.phase("loading " + runSpec.data().source());
        PreparedData data = TrainingRun.prepare(runSpec);
        w.println("data: " + data.description());
        w.printf("split: train %d, dev %d, test %d (%s); %s%n", data.train().size(), data.dev().size(), data.test().size(),
                data.raw().manifest().method(), data.raw().manifest().leakage().summary());
        RunResult result;
        try (Interruption interruption = new Interruption()) {
            result = TrainingRun.train(runSpec, data, List.of(progress, interruption));
            if (gradcheck > 0) {
                result = result.withGradientCheck(GradientCheckConfig.defaults().withSampleSize(gradcheck), 32);
            }
            RunReport.write(dir, result);
        }
        if (result.analysis().gradientCheck() != null && !quiet) {
            w.println();
            w.println(result.analysis().gradientCheck().format());
        }
        if (result.analysis().biasVariance() != null) {
            w.println();
            w.println(result.analysis().biasVariance().format());
        }
        summarize(w, result.record(), dir);
        return reportDivergence(spec.commandLine(), result.record());
    }

    /**
     * The exit status of a run whose directory is written: 0, or for a diverged run {@link Main#USAGE_ERROR}
     * after its stop reason (what happened and what to change) as one line on stderr.
     */
    static int reportDivergence(CommandLine cli, RunRecord record) {
        if (record.outcome() != TrainingOutcome.DIVERGED) {
            return 0;
        }
        cli.getErr().println("plumb: " + record.training().stopReason());
        cli.getErr().flush();
        return Main.USAGE_ERROR;
    }

    static void summarize(PrintWriter w, RunRecord record, RunDirectory dir) {
        w.println();
        w.printf("stopped: %s (%.1f s)%n", record.training().stopReason(), record.training().seconds());
        for (String split : List.of("train", "dev", "test")) {
            record.evaluation(split).ifPresent((Evaluation e) -> w.printf("  %-5s cost %.4f   error %6.2f%%   (%d examples)%n",
                    split, e.cost(), 100 * e.error(), e.examples()));
        }
        w.println();
        w.println("run directory: " + dir.root());
        w.println("report:        " + dir.report());
        w.flush();
    }

    static Path defaultDirectory(String data) {
        String name = Path.of(data).getFileName() == null ? "run" : Path.of(data).getFileName().toString();
        name = name.replaceAll("\\.(csv|gz)$", "").replaceAll("\\.csv$", "").replaceAll("[^A-Za-z0-9_-]", "_");
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
