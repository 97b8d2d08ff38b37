package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.tensor.Blas;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.DataSource;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb demo}: the bundled handwritten digits from split to report. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Walk through the bundled handwritten digits (1,797 8x8 images, 10 classes): split train/dev/test, "
                + "standardize on train only, train an MLP, evaluate the test set once, and write a run directory with "
                + "its report.",
                "", "Example:", "  plumb demo --epochs 40 --out runs/my-demo", ""})
final class DemoCommand implements Callable<Integer> {

    // Chosen on dev error across eight seeds: test accuracy 0.969–0.989 (mean 0.979).
    static final int HIDDEN = 128;
    static final double L2 = 1.0;

    @Option(names = "--out", description = "Run directory to write. Default: runs/demo-<timestamp>.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Passes over the training set.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the initialization and the shuffles.")
    long seed;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The demo's run, as options: what {@code plumb train} would be given. */
    RunSpec runSpec() {
        return RunSpec.parse(Map.of("data", "digits", "layers", String.valueOf(HIDDEN), "l2", String.valueOf(L2),
                "optimizer", "adam", "lr", "0.003", "epochs", String.valueOf(epochs), "batch", "32",
                "seed", String.valueOf(seed), "split", "0.6,0.2,0.2", "normalize", "standard"));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        RunSpec run = runSpec();
        DataSource.Loaded data = TrainingRun.load(run);
        w.printf("Plumb demo: handwritten digits (1,797 images of 8x8 pixels, 10 classes; UCI optdigits, CC BY 4.0)%n");
        w.printf("split 60/20/20, stratified, seed %d: train %d, dev %d, test %d%n", seed, data.parts().train().size(),
                data.parts().dev().size(), data.parts().test().size());
        w.println("leakage check: " + data.parts().manifest().leakage().summary());
        w.println("inputs standardized with the mean and population std of the training split only");
        w.printf("network: 64 -> %d relu (He init) -> 10 logits, softmax cross-entropy, L2 lambda %s; Adam lr %s, batch %d; BLAS %s%n",
                HIDDEN, L2, run.lr(), run.batch(), Blas.defaultBlas().name());
        w.println();
        TrainingRun.Outcome outcome = TrainingRun.train(run, data, List.of(new Progress(w, Progress.Style.LINES)));
        RunRecord record = outcome.result().record();
        outcome = outcome.withGradientCheck(GradientCheckConfig.defaults(), 32);
        w.println();
        w.printf("stopped: %s, %.1f s%n", record.training().stopReason(), record.training().seconds());
        for (String s : List.of("train", "dev", "test")) {
            record.evaluation(s).ifPresent(e -> w.printf("  %-5s error %6.2f%%   accuracy %6.2f%%   (%d examples)%n", s,
                    100 * e.error(), 100 * e.accuracy(), e.examples()));
        }
        if (outcome.result().testMetrics() != null) {
            w.println();
            w.println("test set, evaluated once (rows: actual digit, columns: predicted):");
            w.println(outcome.result().testMetrics().confusionMatrix());
            w.println(outcome.result().testMetrics().format(3));
        }
        w.println(outcome.analysis().gradientCheck().format());
        if (outcome.analysis().biasVariance() != null) {
            w.println(outcome.analysis().biasVariance().format());
        }
        Path dir = out != null ? out
                : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        RunDirectory.write(dir, outcome);
        w.println("run record: " + dir.resolve("run.json"));
        w.println("model:      " + dir.resolve("model"));
        w.println("report:     " + dir.resolve(RunDirectory.REPORT_FILE));
        w.flush();
        return TrainCommand.reportDivergence(spec.commandLine(), record);
    }
}
