package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.plumb.data.augment.AugmentationSpec;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.nn.Activation;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.Blas;
import dev.plumb.tensor.DType;
import dev.plumb.train.DivergencePolicy;
import dev.plumb.train.LearningRateSchedule;
import dev.plumb.train.RunRecord;
import dev.plumb.workflow.DataOptions;
import dev.plumb.workflow.DiagnosticsOptions;
import dev.plumb.workflow.ModelOptions;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingOptions;
import dev.plumb.workflow.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The demo's run: the defaults for the digits, with the network and training chosen for them. */
    RunSpec runSpec() {
        return new RunSpec(seed, DataOptions.of("digits"),
                new ModelOptions(List.of(HIDDEN), Activation.relu(), Optional.empty(), Optional.empty(), L2, 0,
                        List.of(1.0), DType.FLOAT32),
                new TrainingOptions(OptimizerSpec.ADAM, 0.003, epochs, 32, LearningRateSchedule.constant(), Optional.empty(),
                        AugmentationSpec.none(), DivergencePolicy.STOP),
                new DiagnosticsOptions(0));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        RunSpec run = runSpec();
        PreparedData data = TrainingRun.prepare(run);
        w.printf("Plumb demo: handwritten digits (1,797 images of 8x8 pixels, 10 classes; UCI optdigits, CC BY 4.0)%n");
        w.printf("split 60/20/20, stratified, seed %d: train %d, dev %d, test %d%n", seed, data.train().size(),
                data.dev().size(), data.test().size());
        w.println("leakage check: " + data.raw().manifest().leakage().summary());
        w.println("inputs standardized with the mean and population std of the training split only");
        w.printf("network: 64 -> %d relu (He init) -> 10 logits, softmax cross-entropy, L2 lambda %s; Adam lr %s, batch %d; BLAS %s%n",
                HIDDEN, L2, run.training().lr(), run.training().batch(), Blas.defaultBlas().name());
        w.println();
        RunResult outcome = TrainingRun.train(run, data, List.of(new Progress(w, Progress.Style.LINES)));
        RunRecord record = outcome.record();
        outcome = outcome.withGradientCheck(GradientCheckConfig.defaults(), 32);
        w.println();
        w.printf("stopped: %s, %.1f s%n", record.training().stopReason(), record.training().seconds());
        for (String s : List.of("train", "dev", "test")) {
            record.evaluation(s).ifPresent(e -> w.printf("  %-5s error %6.2f%%   accuracy %6.2f%%   (%d examples)%n", s,
                    100 * e.error(), 100 * e.accuracy(), e.examples()));
        }
        if (outcome.testMetrics() != null) {
            w.println();
            w.println("test set, evaluated once (rows: actual digit, columns: predicted):");
            w.println(outcome.testMetrics().confusionMatrix());
            w.println(outcome.testMetrics().format(3));
        }
        w.println(outcome.analysis().gradientCheck().format());
        if (outcome.analysis().biasVariance() != null) {
            w.println(outcome.analysis().biasVariance().format());
        }
        RunDirectory dir = new RunDirectory(out != null ? out
                : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        RunReport.write(dir, outcome);
        w.println("run record: " + dir.record());
        w.println("model:      " + dir.model());
        w.println("report:     " + dir.report());
        w.flush();
        return TrainCommand.reportDivergence(spec.commandLine(), record);
    }
}
