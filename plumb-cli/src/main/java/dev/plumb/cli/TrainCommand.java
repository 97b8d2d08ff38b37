package dev.plumb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.data.SplitManifest;
import dev.plumb.train.Checkpoints;
import dev.plumb.train.ChosenDefault;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.ClusterTraining;
import dev.plumb.workflow.DataDrivenDefaults;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunOption;
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

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a run that was interrupted or killed, from "
            + "the checkpoint of its last finished epoch; every option comes from RUN_DIR/config.yaml, and the result is "
            + "the one an uninterrupted run would have given.")
    Path resume;

    @Option(names = "--overwrite", description = "Replace the run already in --out (by default a directory that holds a "
            + "run is refused).")
    boolean overwrite;

    @Option(names = "--gradcheck", arity = "0..1", fallbackValue = "20", defaultValue = "0", paramLabel = "N",
            description = "After training, gradient-check the network on 32 training examples, N random coordinates per "
                    + "tensor (0 = no check; --gradcheck alone = 20); the result goes into the report.")
    int gradcheck;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train on Apache Spark: local[N] (N threads here), "
            + "spark://host:7077 (a standalone cluster), yarn or k8s://…. The examples stay in partitions on the executors; "
            + "split, normalizer, record, model and report are as without it.")
    String spark;

    @Option(names = "--spark-mode", paramLabel = "MODE", defaultValue = "sync", description = "With --spark: sync "
            + "(each step, every partition computes the gradient of its share of the batch: one machine's mathematics) "
            + "or average=K (every partition takes K steps of its own, then the weights are averaged).")
    String sparkMode;

    @Option(names = "--checkpoint-dir", paramLabel = "URI", description = "With --spark: keep the checkpoints in this "
            + "directory of any file system Hadoop reaches (hdfs://…, file:///…) instead of the run directory; give it "
            + "again with --resume.")
    String checkpointDir;

    @Mixin
    ThreadsOption threads;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the run directory's lock is held for the whole block, never read
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (gradcheck < 0) {
            throw new IllegalArgumentException("Invalid value for option --gradcheck: " + gradcheck + ". Expected the number of "
                    + "coordinates to check per tensor, e.g. --gradcheck 20, or 0 for no check.");
        }
        if (spark == null && spec.commandLine().getParseResult().hasMatchedOption("--spark-mode")) {
            throw new IllegalArgumentException("--spark-mode says how a run on Spark exchanges its steps; add --spark "
                    + "MASTER, or drop it");
        }
        if (checkpointDir != null && spark == null) {
            throw new IllegalArgumentException("--checkpoint-dir keeps the checkpoints of a run on Spark; add --spark "
                    + "MASTER, or drop it (a run here keeps them in its run directory)");
        }
        if (spark != null && threads.threads != null) {
            throw new IllegalArgumentException("--threads sets the OpenBLAS threads of this JVM, and with --spark the "
                    + "products run on the executors, one OpenBLAS thread per task; drop --threads");
        }
        threads.apply(w); // before the run directory: a wrong --threads must not cost one
        ClusterTraining engine = spark == null ? null : clusterEngine(); // a wrong --spark must not cost a run directory
        RunDirectory dir = resume != null ? resumeDirectory() : null;
        RunSpec runSpec = resume != null ? null : run.resolve(spec.commandLine().getParseResult());
        if (dir == null) {
            dir = new RunDirectory(out != null ? out : defaultDirectory(runSpec.data().source()));
        }
        RunResult result;
        Interruption interruption;
        // checked before the data is loaded: a wrong --out must not cost a run
        try (RunDirectory.Lock lock = dir.lock(); Interruption signals = new Interruption(spec.commandLine().getErr())) {
            interruption = signals;
            if (resume != null) {
                runSpec = dir.readSpec();
            } else if (dir.holdsRun() && !overwrite) {
                throw new IllegalArgumentException("Run directory " + dir.root() + " already holds a run; pass --overwrite "
                        + "to replace it, --resume " + dir.root() + " to continue it, or choose another --out");
            }
            Progress progress = new Progress(w, Progress.choose(quiet));
            if (spark != null) {
                result = trainOnCluster(engine, w, runSpec, dir, progress, signals);
                RunReport.write(dir, result);
                return finish(w, result, dir, interruption);
            }
            progress.phase("loading " + runSpec.data().source());
            PreparedData data = TrainingRun.prepare(runSpec);
            w.println("data: " + data.description());
            w.printf("split: train %d, dev %d, test %d (%s); %s%n", data.train().size(), data.dev().size(),
                    data.test().size(), data.raw().manifest().methodDescription(), data.raw().manifest().leakage().summary());
            if (data.initial() != null) {
                w.println("init-from: " + runSpec.model().initFrom().orElseThrow() + " (the network, its starting weights "
                        + "and its normalizer are the model's)");
            }
            for (ChosenDefault chosen : TrainingRun.defaults(runSpec, data).chosen()) {
                w.println(chosen.format());
            }
            DataDrivenDefaults.normalizeWarning(runSpec, data).ifPresent(w::println);
            if (resume != null) {
                dir.requireSamePreparation(data);
                w.println("resuming " + dir.root() + " from its checkpoint");
            } else {
                dir.begin(runSpec, data, overwrite);
            }
            result = TrainingRun.train(runSpec, data, List.of(progress, signals),
                    dir.checkpoints());
            if (gradcheck > 0 && signals.signal().isEmpty()) {
                result = result.withGradientCheck(GradientCheckConfig.defaults().withSampleSize(gradcheck), 32);
            }
            RunReport.write(dir, result);
        }
        return finish(w, result, dir, interruption);
    }

    // the console's account of a finished run, and the exit status
    private int finish(PrintWriter w, RunResult result, RunDirectory dir, Interruption interruption) {
        if (result.analysis().gradientCheck() != null && !quiet) {
            w.println();
            w.println(result.analysis().gradientCheck().format());
        }
        if (result.analysis().biasVariance() != null) {
            w.println();
            w.println(result.analysis().biasVariance().format());
        }
        summarize(w, result.record(), dir);
        if (interruption.signal().isPresent()) {
            spec.commandLine().getErr().println("plumb: " + result.record().training().stopReason() + "; the run directory "
                    + dir.root() + " keeps them; continue with: plumb train --resume " + dir.root()
                    + (spark == null ? "" : " --spark " + spark + " --spark-mode " + sparkMode
                    + (checkpointDir == null ? "" : " --checkpoint-dir " + checkpointDir)));
            spec.commandLine().getErr().flush();
            return interruption.exitStatus();
        }
        return reportDivergence(spec.commandLine(), result.record());
    }

    /**
     * The run on a cluster: the engine found on the class path ({@link ClusterTraining#find}) reads, splits and
     * normalizes the data there, and trains with the examples on the executors.
     */
    private RunResult trainOnCluster(ClusterTraining engine, PrintWriter w, RunSpec runSpec, RunDirectory dir,
                                     Progress progress, Interruption signals) throws Exception {
        progress.phase("starting " + engine.name() + " (" + spark + ")");
        try (ClusterTraining.Session session = engine.connect(spark, sparkMode)) {
            progress.phase("loading " + runSpec.data().source() + " on " + spark);
            ClusterTraining.Prepared data = session.prepare(runSpec);
            w.println("data: " + data.description());
            SplitManifest split = data.manifest();
            w.printf("split: train %d, dev %d, test %d (%s); %s%n", split.part("train").size(), split.part("dev").size(),
                    split.part("test").size(), split.methodDescription(), split.leakage().summary());
            for (ChosenDefault chosen : data.defaults(runSpec).chosen()) {
                w.println(chosen.format());
            }
            if (resume != null) {
                dir.requireSamePreparation(split, data.normalizer());
                w.println("resuming " + dir.root() + " from its checkpoint");
            } else {
                dir.begin(runSpec, split, data.normalizer(), overwrite);
            }
            Checkpoints checkpoints = checkpointDir == null ? dir.checkpoints() : session.checkpoints(checkpointDir);
            return data.train(runSpec, List.of(progress, signals), checkpoints);
        }
    }

    // the engine --spark asks for, with its master and mode checked; refusals before anything is written
    private ClusterTraining clusterEngine() {
        if (gradcheck > 0) {
            throw new IllegalArgumentException("--gradcheck needs the training examples in this JVM, and with --spark they "
                    + "stay on the executors; drop it and check the saved model on a sample: plumb gradcheck --model "
                    + "RUN_DIR/model --data <sample>");
        }
        ClusterTraining engine = ClusterTraining.find().orElseThrow(() -> new IllegalArgumentException("--spark needs "
                + "Plumb's Spark module and Apache Spark on the class path; run it through the plumb script (./plumb train "
                + "--spark local[2] …), which adds them, or submit plumb-spark's jar with spark-submit (README, Spark)"));
        engine.check(spark, sparkMode);
        return engine;
    }

    // --resume takes every option from the run's config.yaml: a run flag beside it would be silently ignored.
    private RunDirectory resumeDirectory() {
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String name = option.longestName();
            boolean runOption = RunOption.of(name.replaceFirst("^--", "")).isPresent() || name.equals("--config");
            if (runOption && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException("--resume takes every option from " + resume.resolve(RunDirectory.CONFIG_FILE)
                        + "; drop " + name + " (to change a setting, start a new run with --config)");
            }
        }
        if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--resume continues the run in " + resume + "; drop --out " + out);
        }
        if (!java.nio.file.Files.isRegularFile(resume.resolve(RunDirectory.CONFIG_FILE))) {
            // refused before the lock, which would create the directory
            throw new IllegalArgumentException("Cannot resume " + resume + ": it has no " + RunDirectory.CONFIG_FILE
                    + "; pass a run directory that plumb train wrote");
        }
        return new RunDirectory(resume);
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
        var stopping = record.training().earlyStopping();
        if (stopping != null && stopping.bestEpoch() > 0) {
            w.printf("kept:    epoch %d, the best on %s; %d %s ran after it%n", stopping.bestEpoch(), stopping.monitor(),
                    stopping.epochsAfterBest(), stopping.epochsAfterBest() == 1 ? "epoch" : "epochs");
        }
        List<EpochLogs> slow = record.training().slowedDown();
        if (!slow.isEmpty()) {
            w.printf("slowed:  %d %s by a busy machine (%s); see the epoch lines above%n", slow.size(),
                    slow.size() == 1 ? "epoch" : "epochs", slow.get(0).slowdown());
        }
        boolean regression = record.setup().network() != null && !record.setup().network().loss().isClassification();
        for (String split : List.of("train", "dev", "test")) {
            // a regression's "error" is its mean squared error, not a share of examples
            record.evaluation(split).ifPresent((Evaluation e) -> w.printf(regression
                    ? "  %-5s cost %.4f   mse %.6g   (%d examples)%n" : "  %-5s cost %.4f   error %6.2f%%   (%d examples)%n",
                    split, e.cost(), regression ? e.error() : 100 * e.error(), e.examples()));
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
