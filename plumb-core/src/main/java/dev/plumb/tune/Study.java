package dev.plumb.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.plumb.data.Dataset;
import dev.plumb.data.Split;
import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.io.ModelBundle;
import dev.plumb.io.PlumbVersion;
import dev.plumb.tensor.NativeBlas;
import dev.plumb.train.Callback;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.Trainer;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.workflow.Curves;
import dev.plumb.workflow.DataDrivenDefaults;
import dev.plumb.workflow.LearningCurve;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunOption;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

/**
 * Runs a study: trials chosen by a {@link Strategy} on data prepared once, each trained and measured on the dev
 * part only, in a {@link StudyDirectory}; then the trial with the lowest dev error is evaluated on the test part,
 * once. The Java API of {@code plumb tune}.
 *
 * <p><b>The test set is guarded.</b> Trials train on a copy of the prepared data whose test part is empty, so no
 * trial can read it; after the search the chosen trial's model is evaluated on it once, the study records that, and
 * a study whose test set was evaluated refuses to evaluate it again.
 *
 * <p><b>Deterministic.</b> Every trial is seeded by the study's seed, successive halving compares trials only at
 * rungs every trial of the round has reached, and the recipe tries a fixed number of moves per step; so the same
 * study gives the same trials whether they run one at a time or side by side ({@code parallel}), and a study resumed
 * after an interruption gives the study that was never interrupted: finished trials are taken from study.json, and a
 * trial that was cut short resumes from its checkpoint as {@code plumb train --resume} does. (A time limit is the
 * exception: where it cuts depends on the machine.)
 *
 * <p><b>Parallel without oversubscription.</b> {@code parallel} trials run at once; OpenBLAS gets the cores divided
 * among them for the study's duration (it has one thread pool per process), or the number of threads the caller gives
 * ({@code plumb tune --threads N}: on a machine busy with other work, fewer than that).
 */
public final class Study {

    /** Trials by dev error, then dev cost (equal errors on a small dev set are common), then number. */
    static final Comparator<TrialResult> ON_DEV = Comparator.comparingDouble(TrialResult::devError)
            .thenComparingDouble(TrialResult::devCost).thenComparingInt(TrialResult::id);

    /** Successive halving keeps the best 1/η at each rung. */
    static final int ETA = 3;

    /** What a caller hears while a study runs (progress lines, a report per trial). */
    public interface Listener {
        /** The data is loaded and split and the study can run: before its first trial. */
        default void searchStarted(StudySpec spec, String data) {
        }

        /** A trial begins (or continues) training, up to {@code untilEpoch}. */
        default void trialStarted(int trial, Map<String, String> values, String origin, int untilEpoch) {
        }

        /** A trial stopped training (finished, paused at a rung, diverged, interrupted); its run directory is written. */
        default void trialTrained(TrialResult trial, RunDirectory directory, RunResult result) {
        }

        /** The study's record changed (after each trial and decision), and study.json was written. */
        default void recordWritten(StudyRecord record) {
        }

        /** The recipe decided a step. */
        default void decided(RecipeStep step) {
        }
    }

    private final StudySpec spec;
    private final StudyDirectory directory;
    private final int parallel;
    private final int blasThreads; // 0: the cores divided among the parallel trials
    private final List<Callback> callbacks;
    private final Listener listener;
    private final Map<Integer, TrialResult> trials = new TreeMap<>();
    private final Map<Integer, TrialResult> stored = new TreeMap<>();
    private final List<RecipeStep> path = new ArrayList<>();
    private final String createdAt;
    private final double previousSeconds;
    private final long start = System.nanoTime();
    private PreparedData data;
    private PreparedData trialData;
    private String stopReason = "";
    private volatile boolean interrupted;
    private TestEvaluation test;
    private LearningCurve learningCurve;

    private Study(StudySpec spec, StudyDirectory directory, int parallel, int blasThreads, List<Callback> callbacks,
                  Listener listener, StudyRecord previous) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.directory = Objects.requireNonNull(directory, "directory");
        if (parallel < 1) {
            throw new IllegalArgumentException("Invalid value for option --parallel: " + parallel + ". Expected 1 or more");
        }
        this.parallel = parallel;
        if (blasThreads < 0) {
            throw new IllegalArgumentException("Invalid value for option --threads: " + blasThreads + ". Expected 1 or "
                    + "more, or 0 for the cores divided among the trials");
        }
        this.blasThreads = blasThreads;
        this.callbacks = List.copyOf(callbacks);
        this.listener = Objects.requireNonNull(listener, "listener");
        if (previous != null) {
            previous.trials().forEach(t -> stored.put(t.id(), t));
            this.createdAt = previous.createdAt();
            this.previousSeconds = previous.seconds();
        } else {
            this.createdAt = Instant.now().toString();
            this.previousSeconds = 0;
        }
    }

    /**
     * Runs a new study in {@code root} (created if needed; one that holds a study is refused unless
     * {@code overwrite}). {@code callbacks} join every trial's training (an interruption handler, progress).
     */
    public static StudyRecord run(StudySpec spec, StudyDirectory root, boolean overwrite, int parallel,
                                  List<Callback> callbacks, Listener listener) throws IOException, DataFileException {
        return run(spec, root, overwrite, parallel, 0, callbacks, listener);
    }

    /**
     * As {@link #run(StudySpec, StudyDirectory, boolean, int, List, Listener)}, with OpenBLAS on {@code blasThreads}
     * threads for the study's duration (shared by the trials side by side; 0: the cores divided among them).
     */
    @SuppressWarnings("try") // the directory's lock is held for the whole block, never read
    public static StudyRecord run(StudySpec spec, StudyDirectory root, boolean overwrite, int parallel, int blasThreads,
                                  List<Callback> callbacks, Listener listener) throws IOException, DataFileException {
        if (new RunDirectory(root.root()).holdsRun()) {
            throw new IllegalArgumentException("Study directory " + root.root() + " holds a plumb train run; choose another "
                    + "--out for the study");
        }
        boolean existed = Files.exists(root.root());
        boolean started = false;
        try (RunDirectory.Lock lock = root.lock()) {
            if (root.holdsStudy() || hasTrials(root)) {
                if (!overwrite) {
                    throw new IllegalArgumentException("Study directory " + root.root() + " already holds a study; pass "
                            + "--resume " + root.root() + " to continue it, --overwrite to replace it, or choose another --out");
                }
                clear(root);
            }
            Study study = new Study(spec, root, parallel, blasThreads, callbacks, listener, null);
            StudyRecord record = study.search();
            started = true;
            return record;
        } finally {
            if (!started && !existed && !root.holdsStudy()) {
                removeEmpty(root); // a study refused before its first trial leaves nothing behind
            }
        }
    }

    // Deletes the directory this call created if it holds nothing but its lock file.
    private static void removeEmpty(StudyDirectory root) {
        try (var entries = Files.list(root.root())) {
            List<java.nio.file.Path> left = entries.toList();
            if (left.stream().allMatch(p -> p.getFileName().toString().equals(".lock"))) {
                for (java.nio.file.Path p : left) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(root.root());
            }
        } catch (IOException e) {
            // best effort: the refusal that brought us here is what the user needs to see
        }
    }

    /** {@link #run(StudySpec, StudyDirectory, boolean, int, List, Listener)} on every core, nothing to listen to. */
    public static StudyRecord run(StudySpec spec, StudyDirectory root) throws IOException, DataFileException {
        return run(spec, root, false, Runtime.getRuntime().availableProcessors(), List.of(), new Listener() { });
    }

    /**
     * Continues the study in {@code root} from its study.json: trials that finished are not trained again, a trial
     * that was cut short resumes from its checkpoint. A finished study is refused: its test set was already looked
     * at, and looking again after seeing the result would make it a second dev set.
     */
    public static StudyRecord resume(StudyDirectory root, int parallel, List<Callback> callbacks, Listener listener)
            throws IOException, DataFileException {
        return resume(root, parallel, 0, callbacks, listener);
    }

    /** As {@link #resume(StudyDirectory, int, List, Listener)}, with OpenBLAS on {@code blasThreads} threads (0: divided). */
    @SuppressWarnings("try") // the directory's lock is held for the whole block, never read
    public static StudyRecord resume(StudyDirectory root, int parallel, int blasThreads, List<Callback> callbacks,
                                     Listener listener) throws IOException, DataFileException {
        root.read(); // a directory without a study is refused before the lock would create it
        try (RunDirectory.Lock lock = root.lock()) {
            StudyRecord previous = root.read();
            if (previous.status() == StudyRecord.Status.FINISHED) {
                throw new IllegalArgumentException(finishedMessage(root, previous));
            }
            return new Study(previous.definition().spec(), root, parallel, blasThreads, callbacks, listener, previous)
                    .search();
        }
    }

    /** The one evaluation of a finished study's test set is done; a second is refused with this explanation. */
    static String finishedMessage(StudyDirectory root, StudyRecord record) {
        TestEvaluation t = record.test();
        return "Study " + root.root() + " is finished" + (t == null ? " (it had no test part)" : ": its test set was evaluated "
                + "once, at " + t.evaluatedAt() + ", for trial " + t.trial() + " (test error " + String.format(java.util.Locale.ROOT,
                "%.4f", t.error()) + ")") + ". It is not evaluated again: choosing anything after seeing a test result turns "
                + "the test set into a second dev set and its error into an optimistic estimate. Start a new study (another "
                + "--out) to search again, and keep fresh test data for its one evaluation";
    }

    private StudyRecord search() throws IOException, DataFileException {
        RunSpec base = spec.base();
        if (spec.strategy() == Strategy.RECIPE && !base.data().isClassification()) {
            throw new IllegalArgumentException("The recipe reads the bias/variance verdict, which compares error rates of "
                    + "a classifier; for regression use --strategy random or grid");
        }
        data = TrainingRun.prepare(base);
        if (data.dev().size() == 0) {
            throw new IllegalArgumentException("A study chooses on the dev part, and this data has none: give --split a dev "
                    + "ratio above 0 (e.g. --split 0.6,0.2,0.2) or a --dev FILE");
        }
        trialData = withoutTest(data);
        listener.searchStarted(spec, data.description());
        Optional<NativeBlas> blas = NativeBlas.tryLoad();
        int threadsBefore = blas.map(NativeBlas::threads).orElse(1);
        int cores = Runtime.getRuntime().availableProcessors();
        blas.ifPresent(b -> b.setThreads(blasThreads > 0 ? blasThreads : Math.max(1, cores / parallel)));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "plumb-trial");
            t.setDaemon(true);
            return t;
        });
        try {
            switch (spec.strategy()) {
                case RECIPE -> recipe(pool);
                case GRID -> points(pool, gridPoints(), "grid point");
                case RANDOM -> points(pool, randomPoints(), "random point");
            }
        } finally {
            pool.shutdownNow();
            blas.filter(b -> threadsBefore > 0).ifPresent(b -> b.setThreads(threadsBefore));
        }
        if (interrupted) {
            stopReason = "interrupted; continue with plumb tune --resume " + directory.root();
            return write(StudyRecord.Status.INTERRUPTED);
        }
        evaluateTestOnce();
        learningCurveOfTheChosen();
        return write(StudyRecord.Status.FINISHED);
    }

    // ---------------------------------------------------------------- random and grid, with successive halving

    private List<Map<RunOption, String>> gridPoints() {
        List<Map<RunOption, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Dimension d : spec.space().dimensions()) {
            List<Map<RunOption, String>> next = new ArrayList<>();
            for (Map<RunOption, String> p : points) {
                for (String v : d.grid(spec.gridPoints())) {
                    Map<RunOption, String> q = new LinkedHashMap<>(p);
                    q.put(d.option(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    private List<Map<RunOption, String>> randomPoints() {
        List<Map<RunOption, String>> points = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(spec.base().seed() ^ 0x5EA2C4L);
        for (int i = 0; i < spec.budget(); i++) {
            SplittableRandom r = random.split(); // one stream per trial: trial i is the same whatever the budget
            Map<RunOption, String> p = new LinkedHashMap<>();
            for (Dimension d : spec.space().dimensions()) {
                p.put(d.option(), d.sample(r));
            }
            points.add(p);
        }
        return points;
    }

    private void points(ExecutorService pool, List<Map<RunOption, String>> points, String origin) {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            plans.add(plan(i + 1, points.get(i), origin + " " + (i + 1) + " of " + points.size()));
        }
        List<Integer> rungs = spec.prune() ? rungFractions(plans.size()) : List.of(1);
        List<Plan> active = plans;
        for (int k = 0; k < rungs.size() && !active.isEmpty(); k++) {
            boolean last = k == rungs.size() - 1;
            int divisor = rungs.get(k);
            if (outOfTime()) {
                stopReason = "time limit of " + spec.minutes() + " minutes reached";
                for (Plan p : active) { // what was measured stays; what was not trained is not run
                    Optional.ofNullable(trials.get(p.id())).filter(t -> t.state() == TrialResult.TrialState.PAUSED)
                            .ifPresent(t -> record(t.withState(TrialResult.TrialState.PRUNED, "not continued: " + stopReason)));
                }
                return;
            }
            List<TrialResult> results = runAll(pool, active, p -> last ? p.epochs() : Math.max(1, p.epochs() / divisor));
            if (interrupted) {
                return;
            }
            if (last) {
                break;
            }
            int keep = (int) Math.ceil(active.size() / (double) ETA);
            List<TrialResult> ranked = results.stream().filter(t -> t.state() == TrialResult.TrialState.PAUSED)
                    .sorted(ON_DEV).toList();
            List<Plan> promoted = new ArrayList<>();
            for (int i = 0; i < ranked.size(); i++) {
                TrialResult t = ranked.get(i);
                boolean goesOn = i < keep;
                TrialResult latest = trials.get(t.id());
                Optional<TrialResult.Rung> decided = latest.rungs().stream().filter(r -> r.epochs() == t.epochs()).findFirst();
                if (decided.isPresent()) { // decided before the study was interrupted: that decision stands
                    if (decided.get().promoted()) {
                        promoted.add(plans.get(t.id() - 1));
                    }
                    continue;
                }
                List<TrialResult.Rung> rungList = new ArrayList<>(t.rungs());
                rungList.add(new TrialResult.Rung(t.epochs(), t.devError(), t.devCost(), goesOn));
                TrialResult updated = t.withRungs(rungList);
                if (goesOn) {
                    promoted.add(plans.get(t.id() - 1));
                    record(updated);
                } else {
                    record(updated.withState(TrialResult.TrialState.PRUNED, String.format(java.util.Locale.ROOT,
                            "pruned after epoch %d: dev error %.4f ranked %d of %d at this rung (the best %d went on)",
                            t.epochs(), t.devError(), i + 1, ranked.size(), keep)));
                }
            }
            active = promoted;
            write(StudyRecord.Status.RUNNING);
        }
        stopReason = "budget of " + plans.size() + " trials spent";
    }

    /** Divisors of the epochs at each rung: 9, 3, 1 (a ninth, a third, all) when there are enough trials. */
    private static List<Integer> rungFractions(int trials) {
        List<Integer> divisors = new ArrayList<>();
        int reductions = trials >= ETA * ETA ? 2 : trials >= ETA ? 1 : 0;
        for (int k = reductions; k >= 0; k--) {
            divisors.add((int) Math.pow(ETA, k));
        }
        return divisors;
    }

    // ---------------------------------------------------------------- the recipe

    private void recipe(ExecutorService pool) {
        RunSpec base = spec.base();
        Map<RunOption, String> defaults = new LinkedHashMap<>();
        defaults.put(RunOption.EPOCHS, String.valueOf(resolved(base).training().epochs().value()));
        defaults.put(RunOption.LR, String.valueOf(base.training().lr()));
        var shape = data.train().imageShape();
        Recipe recipe = new Recipe(spec.space(), defaults, shape != null && shape.height() >= 16 && shape.width() >= 16);
        double optimal = base.diagnostics().bayesError();
        int next = 1;
        Plan currentPlan = plan(next++, recipe.start(), "recipe: the small model to start from");
        TrialResult current = runAll(pool, List.of(currentPlan), Plan::epochs).get(0);
        for (int step = 1; !interrupted; step++) {
            if (!current.finished()) {
                stopReason = "the model to improve did not finish training (" + current.note() + ")";
                return;
            }
            BiasVarianceReport verdict = BiasVariance.of(current.trainError(), current.devError(), optimal);
            if (current.devError() - optimal <= spec.target()) {
                stopReason = String.format(java.util.Locale.ROOT, "target reached: dev error %.4f is within %.4f of the "
                        + "optimal error %.4f", current.devError(), spec.target(), optimal);
                return;
            }
            int left = spec.budget() - (next - 1);
            if (left <= 0) {
                stopReason = "budget of " + spec.budget() + " trials spent";
                return;
            }
            if (outOfTime()) {
                stopReason = "time limit of " + spec.minutes() + " minutes reached";
                return;
            }
            Recipe.Problem problem = verdict.avoidableBias() >= verdict.variance() ? Recipe.Problem.BIAS : Recipe.Problem.VARIANCE;
            String why = String.format(java.util.Locale.ROOT, "dev error %.4f is %.4f above the optimal error, more than "
                    + "the target %.4f; ", current.devError(), current.devError() - optimal, spec.target())
                    + String.format(java.util.Locale.ROOT, "%s %.4f %s %s %.4f: %s (%s)",
                    problem == Recipe.Problem.BIAS ? "avoidable bias" : "variance",
                    problem == Recipe.Problem.BIAS ? verdict.avoidableBias() : verdict.variance(),
                    problem == Recipe.Problem.BIAS ? "≥" : ">", problem == Recipe.Problem.BIAS ? "variance" : "avoidable bias",
                    problem == Recipe.Problem.BIAS ? verdict.variance() : verdict.avoidableBias(), problem.remedy,
                    Recipe.axes(problem));
            if (problem == Recipe.Problem.VARIANCE) {
                why += "; more data would also help (not done: a study cannot collect data)";
            }
            int limit = Math.min(Recipe.MOVES_PER_STEP, left);
            List<Recipe.Move> moves = recipe.propose(current.id(), current.valuesByOption(), problem, limit);
            if (moves.isEmpty()) {
                // greedy with backtracking: the next best trial on dev that still has a move left
                TrialResult from = current;
                Optional<TrialResult> alternative = allTrials().stream().filter(TrialResult::finished)
                        .filter(t -> t.id() != from.id()).sorted(ON_DEV)
                        .filter(t -> !recipe.propose(t.id(), t.valuesByOption(), problem, limit).isEmpty()).findFirst();
                if (alternative.isEmpty()) {
                    stopReason = "no move left: every axis the options leave free is at its end or was tried from every "
                            + "trial without lowering dev error";
                    record(step, current, verdict, why, List.of(), List.of(), 0, stopReason);
                    return;
                }
                record(step, current, verdict, why, List.of(), List.of(), 0, String.format(java.util.Locale.ROOT,
                        "trial %d has no move left (every axis is at its end or was tried from it); the recipe goes on "
                        + "from trial %d, the next best on dev (%.4f) with a move left", current.id(), alternative.get().id(),
                        alternative.get().devError()));
                current = alternative.get();
                continue;
            }
            if (moves.get(0).axis().problem == null) {
                why += "; no single move is left, so a bigger network is tried together with more regularization (the "
                        + "note: a bigger network, well regularized, lowers bias without raising variance)";
            } else if (moves.get(0).axis().problem != problem) {
                why += "; no " + problem.remedy.replace("more ", "") + " move is left, so the other problem's axes are tried";
            }
            List<Plan> plans = new ArrayList<>();
            for (Recipe.Move m : moves) {
                plans.add(plan(next++, m.values(), "recipe step " + step + ": " + m.description()));
            }
            List<TrialResult> results = runAll(pool, plans, Plan::epochs);
            if (interrupted) {
                return;
            }
            Optional<TrialResult> best = results.stream().filter(TrialResult::finished).min(ON_DEV);
            String decision;
            int kept = 0;
            if (best.isPresent() && ON_DEV.compare(best.get(), current) < 0) {
                Recipe.Move move = moves.get(best.get().id() - plans.get(0).id());
                recipe.accept(move);
                decision = best.get().devError() < current.devError()
                        ? String.format(java.util.Locale.ROOT, "kept trial %d (%s): dev error %.4f → %.4f",
                        best.get().id(), move.description(), current.devError(), best.get().devError())
                        : String.format(java.util.Locale.ROOT, "kept trial %d (%s): dev error unchanged at %.4f, dev cost "
                        + "%.4f → %.4f (the same mistakes, made with less confidence)", best.get().id(), move.description(),
                        current.devError(), current.devCost(), best.get().devCost());
                kept = best.get().id();
                record(step, current, verdict, why, moves, results, kept, decision);
                current = best.get();
            } else {
                recipe.reject(current.id(), moves);
                decision = String.format(java.util.Locale.ROOT, "no move lowered dev error below %.4f (or its cost at equal "
                        + "error); trial %d stays the "
                        + "model to improve, and these moves are not tried from it again", current.devError(), current.id());
                record(step, current, verdict, why, moves, results, kept, decision);
            }
        }
    }

    private synchronized List<TrialResult> allTrials() {
        return List.copyOf(trials.values());
    }

    private void record(int step, TrialResult from, BiasVarianceReport verdict, String why, List<Recipe.Move> moves,
                        List<TrialResult> results, int kept, String decision) {
        List<RecipeStep.Move> tried = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            tried.add(new RecipeStep.Move(results.get(i).id(), moves.get(i).axis().id(), moves.get(i).description(),
                    results.get(i).devError()));
        }
        RecipeStep s = new RecipeStep(step, from.id(), from.trainError(), from.devError(), verdict.optimalError(),
                verdict.avoidableBias(), verdict.variance(), verdict.verdict().description(), why, tried, kept, decision);
        synchronized (this) {
            path.add(s);
        }
        listener.decided(s);
        write(StudyRecord.Status.RUNNING);
    }

    // ---------------------------------------------------------------- trials

    /**
     * One trial: its id, the options it sets beyond the fixed ones, why it runs, its run and its epoch count.
     */
    record Plan(int id, Map<RunOption, String> values, String origin, RunSpec spec, int epochs) {
        Map<String, String> text() {
            Map<String, String> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k.key(), v));
            return out;
        }
    }

    private Plan plan(int id, Map<RunOption, String> values, String origin) {
        RunSpec run = spec.space().spec(values);
        return new Plan(id, values, origin, run, resolved(run).training().epochs().value());
    }

    // The run with its auto options chosen from the data, as its training will choose them.
    private RunSpec resolved(RunSpec run) {
        return DataDrivenDefaults.resolve(run, trialData).spec();
    }

    /** Trains each plan up to its epoch count, {@code parallel} at a time; results in the plans' order. */
    private List<TrialResult> runAll(ExecutorService pool, List<Plan> plans, java.util.function.ToIntFunction<Plan> until) {
        List<Future<TrialResult>> futures = new ArrayList<>();
        for (Plan p : plans) {
            futures.add(pool.submit(() -> trainTo(p, until.applyAsInt(p))));
        }
        List<TrialResult> results = new ArrayList<>();
        for (Future<TrialResult> f : futures) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a trial", e);
            } catch (ExecutionException e) {
                futures.forEach(other -> other.cancel(true));
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return results;
    }

    // Trains one trial up to epoch `until` (pausing there), or takes what study.json already holds for it.
    private TrialResult trainTo(Plan plan, int until) {
        TrialResult known = known(plan, until);
        if (known != null) {
            return known;
        }
        listener.trialStarted(plan.id(), plan.text(), plan.origin(), until);
        RunDirectory run = directory.trial(plan.id());
        try {
            if (Files.exists(run.root().resolve(RunDirectory.CHECKPOINT_FILE))) {
                RunSpec saved = run.readSpec();
                if (!saved.equals(plan.spec())) {
                    throw new IllegalArgumentException("Cannot resume the study in " + directory.root() + ": "
                            + run.root().getFileName() + " holds another trial than the study now proposes; the study's "
                            + "options or Plumb's version changed. Start a new study");
                }
            } else {
                Files.createDirectories(run.root());
                run.begin(plan.spec(), trialData, true);
            }
            List<Callback> all = new ArrayList<>(callbacks);
            all.add(new RungGate(until < plan.epochs() ? until : Integer.MAX_VALUE));
            long t0 = System.nanoTime();
            RunResult result = TrainingRun.train(plan.spec(), trialData, all, run.checkpoints());
            double seconds = (System.nanoTime() - t0) / 1e9;
            run.write(result);
            TrialResult previous;
            synchronized (this) {
                previous = trials.getOrDefault(plan.id(), stored.get(plan.id()));
            }
            TrialResult trial = result(plan, result.record(), seconds + (previous == null ? 0 : previous.seconds()),
                    previous == null ? List.of() : previous.rungs());
            if (trial.state() == TrialResult.TrialState.INTERRUPTED) {
                interrupted = true;
            }
            listener.trialTrained(trial, run, result);
            record(trial);
            return trial;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // What a resumed study already knows of this trial at this epoch, or null to train it.
    private TrialResult known(Plan plan, int until) {
        TrialResult t = stored.get(plan.id());
        if (t == null) {
            return null;
        }
        if (!t.values().equals(plan.text())) {
            throw new IllegalArgumentException("Cannot resume the study in " + directory.root() + ": trial " + plan.id()
                    + " was " + t.values() + " and the study now proposes " + plan.text() + "; its options or Plumb's "
                    + "version changed. Start a new study");
        }
        boolean done = t.state() == TrialResult.TrialState.COMPLETED || t.state() == TrialResult.TrialState.DIVERGED;
        Optional<TrialResult.Rung> rung = t.rungs().stream().filter(r -> r.epochs() == until).findFirst();
        TrialResult answer = null;
        if (done || t.epochs() == until && t.state() == TrialResult.TrialState.PAUSED) {
            answer = t;
        } else if (rung.isPresent()) { // promoted past this rung before the interruption: its standing there
            answer = new TrialResult(t.id(), t.values(), t.origin(), TrialResult.TrialState.PAUSED, until, Double.NaN,
                    rung.get().devError(), rung.get().devCost(), t.verdict(), Double.NaN, Double.NaN, t.seconds(),
                    t.rungs().stream().filter(r -> r.epochs() < until).toList(), t.note());
        } else if (t.state() == TrialResult.TrialState.PRUNED) {
            answer = t;
        }
        if (answer != null) {
            synchronized (this) {
                trials.putIfAbsent(plan.id(), t);
            }
        }
        return answer;
    }

    private TrialResult result(Plan plan, RunRecord record, double seconds, List<TrialResult.Rung> rungs) {
        TrialResult.TrialState state = switch (record.outcome()) {
            case COMPLETED, STOPPED_EARLY, STOPPED_BY_CALLBACK -> TrialResult.TrialState.COMPLETED;
            case DIVERGED -> TrialResult.TrialState.DIVERGED;
            case INTERRUPTED -> record.training().stopReason().startsWith(RungGate.PAUSED)
                    ? TrialResult.TrialState.PAUSED : TrialResult.TrialState.INTERRUPTED;
        };
        Evaluation train = record.evaluation("train").orElseThrow();
        Evaluation dev = record.evaluation("dev").orElseThrow();
        String verdict = "";
        double avoidable = Double.NaN;
        double variance = Double.NaN;
        if (plan.spec().data().isClassification() && record.setup().network().loss().isClassification()
                && record.outcome() != TrainingOutcome.DIVERGED && !record.history().isEmpty()) {
            BiasVarianceReport r = BiasVariance.of(train.error(), dev.error(), plan.spec().diagnostics().bayesError());
            verdict = r.verdict().description();
            avoidable = r.avoidableBias();
            variance = r.variance();
        }
        return new TrialResult(plan.id(), plan.text(), plan.origin(), state, record.history().size(), train.error(),
                dev.error(), dev.cost(), verdict, avoidable, variance, seconds, rungs, record.training().stopReason());
    }

    private void record(TrialResult trial) {
        synchronized (this) {
            trials.put(trial.id(), trial);
        }
        write(StudyRecord.Status.RUNNING);
    }

    private boolean outOfTime() {
        return spec.minutes() > 0 && elapsed() > spec.minutes() * 60;
    }

    private double elapsed() {
        return previousSeconds + (System.nanoTime() - start) / 1e9;
    }

    // ---------------------------------------------------------------- the one look at the test set

    private void evaluateTestOnce() throws IOException {
        List<TrialResult> all;
        synchronized (this) {
            all = List.copyOf(trials.values());
        }
        Optional<TrialResult> best = StudyRecord.bestOf(all);
        if (best.isEmpty()) {
            stopReason += stopReason.isEmpty() ? "no trial finished" : "; no trial finished";
            return;
        }
        if (data.test().size() == 0) {
            return;
        }
        ModelBundle model = ModelBundle.load(directory.trial(best.get().id()).model());
        Evaluation e = Trainer.evaluate("test", model.network(), data.test(), data.train().size());
        test = new TestEvaluation(best.get().id(), e.error(), e.cost(), e.examples(), Instant.now().toString());
    }

    // Whether more data would help the chosen model: its learning curve on the same split, dev fixed, test untouched.
    private void learningCurveOfTheChosen() throws DataFileException {
        List<TrialResult> all;
        synchronized (this) {
            all = List.copyOf(trials.values());
        }
        Optional<TrialResult> best = StudyRecord.bestOf(all);
        if (spec.learningCurve() && best.isPresent() && spec.base().data().isClassification()) {
            learningCurve = Curves.learning(spec.space().spec(best.get().valuesByOption()), StudySpec.CURVE_SIZES);
        }
    }

    // ---------------------------------------------------------------- study.json

    private synchronized StudyRecord write(StudyRecord.Status status) {
        List<TrialResult> all = List.copyOf(trials.values());
        int best = StudyRecord.bestOf(all).map(TrialResult::id).orElse(0);
        StudyRecord record = new StudyRecord(StudyRecord.FORMAT_VERSION, PlumbVersion.VERSION, createdAt, spec.definition(),
                data == null ? "" : data.description(), status, status == StudyRecord.Status.RUNNING ? "" : stopReason, all,
                path, best, test, learningCurve, elapsed());
        try {
            directory.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener.recordWritten(record);
        return record;
    }

    // The prepared data with an empty test part: what every trial trains and is measured on.
    static PreparedData withoutTest(PreparedData data) {
        Dataset emptyTest = data.test().subset(data.test().name(), new int[0]);
        Dataset emptyRawTest = data.raw().test().subset(data.raw().test().name(), new int[0]);
        Split.Parts raw = new Split.Parts(data.raw().train(), data.raw().dev(), emptyRawTest, data.raw().manifest());
        return new PreparedData(raw, data.normalizer(), data.train(), data.dev(), emptyTest, data.vectorizer(),
                data.description(), data.initial());
    }

    private static boolean hasTrials(StudyDirectory root) throws IOException {
        if (!Files.isDirectory(root.root())) {
            return false;
        }
        try (var list = Files.list(root.root())) {
            return list.anyMatch(p -> p.getFileName().toString().startsWith("trial-"));
        }
    }

    private static void clear(StudyDirectory root) throws IOException {
        for (String name : new String[] {StudyDirectory.STUDY_FILE, StudyDirectory.TRIALS_FILE, StudyDirectory.REPORT_FILE}) {
            Files.deleteIfExists(root.root().resolve(name));
        }
        try (var list = Files.list(root.root())) {
            for (var dir : list.filter(p -> p.getFileName().toString().startsWith("trial-")).toList()) {
                try (var walk = Files.walk(dir)) {
                    for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
