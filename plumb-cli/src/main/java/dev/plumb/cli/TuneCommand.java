package dev.plumb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import dev.plumb.cli.report.HtmlReport;
import dev.plumb.cli.report.StudyPage;
import dev.plumb.io.ModelFileException;
import dev.plumb.train.RunRecord;
import dev.plumb.tune.RecipeStep;
import dev.plumb.tune.SearchSpace;
import dev.plumb.tune.Strategy;
import dev.plumb.tune.Study;
import dev.plumb.tune.StudyDirectory;
import dev.plumb.tune.StudyRecord;
import dev.plumb.tune.StudySpec;
import dev.plumb.tune.TrialResult;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunOption;
import dev.plumb.workflow.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plumb tune}: a study of many runs chosen on the dev set, then one look at the test set. */
@Command(name = "tune",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        defaultValueProvider = RunOptions.Defaults.class,
        description = {"Search hyperparameters on the dev set: train trials, rank them by dev error, evaluate the chosen "
                + "one on the test set once, and write a study directory (study.json, trials.csv, study.html, one run "
                + "directory per trial). Give any plumb train option as a range (LOW..HIGH, :log for a log scale) or "
                + "choices (A|B|C) to search it; every other option is fixed as given.",
                "", "Examples:",
                "  plumb tune --data digits --strategy recipe --budget 20",
                "  plumb tune --data digits --lr 1e-4..1e-1:log --layers '64|128,64|256,128' --budget 27",
                "  plumb tune --data iris.csv --label species --l2 '0|0.1|1|10' --activation 'relu|tanh' --strategy grid",
                "  plumb tune --resume runs/tune-20261206-101500",
                ""})
final class TuneCommand implements Callable<Integer> {

    @Mixin
    RunOptions run;

    @Option(names = "--strategy", paramLabel = "STRATEGY", description = "random, grid or recipe (the note's loop: read the "
            + "bias/variance verdict of each trial, add capacity for bias, regularization for variance). Default: recipe "
            + "when no option is a range or choices, grid when the grid fits the budget, random otherwise.")
    String strategy;

    @Option(names = "--budget", paramLabel = "TRIALS", defaultValue = "20", description = "Number of trials (pruned ones count).")
    int budget;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0", description = "Start no new trial after M minutes "
            + "(0 = no limit). Where it cuts depends on the machine's speed.")
    double minutes;

    @Option(names = "--parallel", paramLabel = "N", description = "Trials trained side by side; OpenBLAS gets the cores "
            + "divided among them. Default: the number of cores. The trials are the same whatever N.")
    Integer parallel;

    @Option(names = "--prune", arity = "1", defaultValue = "true", paramLabel = "true|false", description = "Random and grid: "
            + "successive halving on epochs (compare trials at a ninth and a third of their epochs, continue the best third).")
    boolean prune;

    @Option(names = "--target", paramLabel = "ERROR", defaultValue = "0.01", description = "Recipe: stop when dev error is "
            + "within this of the optimal error (--bayes-error).")
    double target;

    @Option(names = "--grid-points", paramLabel = "N", defaultValue = "3", description = "Grid: points per range.")
    int gridPoints;

    @Option(names = "--learning-curve", arity = "1", defaultValue = "true", paramLabel = "true|false", description = "After "
            + "the search, the chosen trial's learning curve (train and dev error at 10–100 %% of the training part).")
    boolean learningCurve;

    @Option(names = "--out", paramLabel = "DIR", description = "Study directory to write. Default: runs/tune-<data>-<timestamp>.")
    Path out;

    @Option(names = "--resume", paramLabel = "STUDY_DIR", description = "Continue a study that was interrupted or killed: "
            + "finished trials are kept, a trial cut short resumes from its checkpoint; every setting comes from "
            + "STUDY_DIR/study.json.")
    Path resume;

    @Option(names = "--overwrite", description = "Replace the study already in --out.")
    boolean overwrite;

    @Mixin
    ThreadsOption blasThreads;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        int threads = parallel == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : parallel;
        if (threads < 1) {
            throw new IllegalArgumentException("Invalid value for option --parallel: " + threads + ". Expected 1 or more");
        }
        int perStudy = blasThreads.checked(); // 0: the study divides the cores among its trials
        if (perStudy > 0) {
            w.println("threads: " + perStudy + " OpenBLAS " + (perStudy == 1 ? "thread" : "threads")
                    + " shared by the trials (--threads)");
        }
        StudyRecord record;
        StudyDirectory dir;
        try (Interruption signals = new Interruption(spec.commandLine().getErr())) {
            Printer printer = new Printer(w);
            if (resume != null) {
                requireNoSearchFlags();
                dir = new StudyDirectory(resume);
                if (dir.holdsStudy()) {
                    w.println("resuming the study in " + dir.root());
                }
                record = Study.resume(dir, threads, perStudy, List.of(signals), printer.on(dir, threads));
            } else {
                StudySpec study = studySpec();
                dir = new StudyDirectory(out != null ? out : defaultDirectory(study.base().data().source()));
                record = Study.run(study, dir, overwrite, threads, perStudy, List.of(signals), printer.on(dir, threads));
            }
            dir.writeReport(StudyPage.render(record, trialRecords(dir, record)));
            summarize(w, record, dir);
            if (signals.signal().isPresent()) {
                spec.commandLine().getErr().println("plumb: the study was " + record.stopReason());
                spec.commandLine().getErr().flush();
                return signals.exitStatus();
            }
        }
        return 0;
    }

    private StudySpec studySpec() throws IOException {
        SearchSpace space = SearchSpace.parse(run.given(spec.commandLine().getParseResult()));
        Strategy chosen = strategy == null ? StudySpec.defaultStrategy(space, budget, gridPoints) : Strategy.parse(strategy);
        return new StudySpec(space, chosen, budget, minutes, prune, target, gridPoints, learningCurve);
    }

    // --resume takes the study's definition from study.json: a search flag beside it would be silently ignored.
    private void requireNoSearchFlags() {
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String name = option.longestName();
            boolean setting = RunOption.of(name.replaceFirst("^--", "")).isPresent() || List.of("--config", "--strategy",
                    "--budget", "--minutes", "--prune", "--target", "--grid-points", "--learning-curve", "--out",
                    "--overwrite").contains(name);
            if (setting && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException("--resume takes every setting from " + resume.resolve(StudyDirectory.STUDY_FILE)
                        + "; drop " + name + " (to change the search, start a new study)");
            }
        }
    }

    private static void describe(PrintWriter w, StudySpec study, int threads) {
        w.println("study: " + study.strategy().id() + ", budget " + study.budget() + " trials, " + threads
                + " side by side" + (study.minutes() > 0 ? ", at most " + study.minutes() + " minutes" : ""));
        if (study.space().dimensions().isEmpty()) {
            w.println("searching: the recipe's own moves (no option given as a range or choices)");
        }
        study.space().dimensions().forEach(d -> w.println("searching " + d.option().key() + ": " + d.text()));
        w.flush();
    }

    /** Progress lines, and each trial's report.html. */
    private static final class Printer {
        private final PrintWriter w;

        Printer(PrintWriter w) {
            this.w = w;
        }

        Study.Listener on(StudyDirectory dir, int threads) {
            return new Study.Listener() {
                @Override
                public void searchStarted(StudySpec study, String data) {
                    synchronized (w) {
                        w.println("data: " + data);
                        describe(w, study, threads); // only once the data can be searched: a refusal comes alone
                    }
                }

                @Override
                public void trialTrained(TrialResult t, RunDirectory directory, RunResult result) {
                    try {
                        directory.writeReport(HtmlReport.render(result.record(), result.analysis()));
                    } catch (ModelFileException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    synchronized (w) {
                        w.printf(Locale.ROOT, "trial %3d  %-44s train %.4f  dev %.4f  %3d epochs %6.1f s  %s%s%n", t.id(),
                                abbreviate(t.values().toString(), 44), t.trainError(), t.devError(), t.epochs(), t.seconds(),
                                t.state() == TrialResult.TrialState.PAUSED ? "paused at a rung" : t.verdict(),
                                t.origin().startsWith("recipe") ? "  [" + t.origin() + "]" : "");
                        w.flush();
                    }
                }

                @Override
                public void decided(RecipeStep s) {
                    synchronized (w) {
                        w.println("  step " + s.step() + ": " + s.problem());
                        w.println("  step " + s.step() + ": " + s.decision());
                        w.flush();
                    }
                }
            };
        }
    }

    private static Map<Integer, RunRecord> trialRecords(StudyDirectory dir, StudyRecord record) {
        Map<Integer, RunRecord> out = new TreeMap<>();
        for (TrialResult t : record.trials()) {
            try {
                out.put(t.id(), dir.trial(t.id()).readRecord());
            } catch (IOException | IllegalArgumentException e) {
                // a trial whose run directory cannot be read is shown from study.json alone
            }
        }
        return out;
    }

    private static void summarize(PrintWriter w, StudyRecord r, StudyDirectory dir) {
        w.println();
        w.println("stopped: " + r.stopReason() + String.format(Locale.ROOT, " (%d trials, %.1f s)", r.trials().size(),
                r.seconds()));
        r.trial(r.best()).ifPresent(b -> w.printf(Locale.ROOT, "best on dev: trial %d %s  train %.4f  dev %.4f  (%s)%n",
                b.id(), b.values(), b.trainError(), b.devError(), b.verdict()));
        if (r.test() != null) {
            w.printf(Locale.ROOT, "test (evaluated once, for trial %d): error %.4f on %d examples%n", r.test().trial(),
                    r.test().error(), r.test().examples());
        }
        if (r.learningCurve() != null) {
            w.println("learning curve of trial " + r.best() + ": " + r.learningCurve().verdict());
        }
        w.println();
        w.println("study directory: " + dir.root());
        w.println("report:          " + dir.report());
        w.flush();
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    static Path defaultDirectory(String data) {
        return Path.of("runs", "tune-" + TrainCommand.defaultDirectory(data).getFileName()); // runs/tune-<data>-<time>
    }
}
