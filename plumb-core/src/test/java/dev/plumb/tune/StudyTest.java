package dev.plumb.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumb.nn.Network;
import dev.plumb.train.Callback;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;

class StudyTest {

    @TempDir
    Path dir;

    static StudySpec spec(Strategy strategy, int budget, boolean prune, Map<String, String> options) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("data", "digits");
        all.putAll(options);
        return new StudySpec(SearchSpace.parse(all), strategy, budget, 0, prune, 0.0, 3, false);
    }

    static StudyRecord run(StudySpec spec, Path root, int parallel, List<Callback> callbacks) throws Exception {
        return Study.run(spec, new StudyDirectory(root), false, parallel, callbacks, new Study.Listener() { });
    }

    /** The trials without their timings: what must not depend on parallelism or interruptions. */
    static List<String> outcome(StudyRecord record) {
        return record.trials().stream().map(t -> t.id() + " " + t.values() + " " + t.origin() + " " + t.state() + " "
                + t.epochs() + " " + t.trainError() + " " + t.devError() + " " + t.rungs() + " " + t.note()).toList();
    }

    @Test
    void theTrialsTrainOnTheOpenBlasThreadsTheCallerGivesAndTheThreadsAreRestoredAfter() throws Exception {
        Optional<dev.plumb.tensor.NativeBlas> blas = dev.plumb.tensor.NativeBlas.tryLoad();
        org.junit.jupiter.api.Assumptions.assumeTrue(blas.isPresent(), "OpenBLAS loads on this machine");
        int cores = Runtime.getRuntime().availableProcessors();
        blas.get().setThreads(cores);
        List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Callback probe = new Callback() {
            @Override
            public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
                seen.add(blas.get().threads());
            }
        };
        StudySpec grid = spec(Strategy.GRID, 2, false, Map.of("layers", "4|8", "epochs", "1"));
        Study.run(grid, new StudyDirectory(dir.resolve("one")), false, 1, 1, List.of(probe), new Study.Listener() { });
        assertThat(seen).isNotEmpty().containsOnly(1);
        assertThat(blas.get().threads()).isEqualTo(cores);
        // without threads given: the cores divided among the trials side by side
        seen.clear();
        Study.run(grid, new StudyDirectory(dir.resolve("divided")), false, 2, 0, List.of(probe), new Study.Listener() { });
        assertThat(seen).isNotEmpty().containsOnly(Math.max(1, cores / 2));
    }

    @Test
    void recipeGrowsCapacityWhenTheModelIsTooSmall() throws Exception {
        StudyRecord r = run(spec(Strategy.RECIPE, 6, false, Map.of("layers", "2|8|32|64", "epochs", "10")), dir, 2, List.of());
        RecipeStep first = r.path().get(0);
        assertThat(first.problem()).contains("; avoidable bias").contains("more capacity");
        assertThat(first.avoidableBias()).isGreaterThan(first.variance());
        assertThat(first.moves()).extracting(RecipeStep.Move::axis).contains("width");
        assertThat(first.kept()).isPositive();
        assertThat(r.trial(first.kept()).orElseThrow().values().get("layers")).isEqualTo("8");
        TrialResult start = r.trials().get(0);
        TrialResult best = r.trial(r.best()).orElseThrow();
        assertThat(best.devError()).isLessThan(start.devError() / 2);
        assertThat(r.status()).isEqualTo(StudyRecord.Status.FINISHED);
    }

    @Test
    void recipeRegularizesWhenTheModelOverfits() throws Exception {
        // 10 % of digits to train on and a wide network trained long: train error 0, dev error far above it
        StudyRecord r = run(spec(Strategy.RECIPE, 3, false, Map.of("split", "0.1,0.45,0.45", "layers", "256",
                "epochs", "80", "early-stopping", "off")), dir, 2, List.of());
        RecipeStep first = r.path().get(0);
        assertThat(first.trainError()).isLessThan(0.01);
        assertThat(first.problem()).contains("; variance").contains("more regularization").contains("more data would also help");
        assertThat(first.moves()).extracting(RecipeStep.Move::axis).containsAnyOf("l2", "keep-prob")
                .doesNotContain("width", "depth");
        assertThat(first.kept()).isPositive();
        assertThat(r.trial(r.best()).orElseThrow().devError()).isLessThan(first.devError());
    }

    @Test
    void parallelAndSequentialStudiesRunTheSameTrials() throws Exception {
        StudySpec s = spec(Strategy.RANDOM, 9, true, Map.of("layers", "8|32", "lr", "1e-3..3e-2:log", "epochs", "9"));
        StudyRecord one = run(s, dir.resolve("one"), 1, List.of());
        StudyRecord two = run(s, dir.resolve("two"), 2, List.of());
        assertThat(outcome(two)).isEqualTo(outcome(one));
        assertThat(one.trials()).filteredOn(t -> t.state() == TrialResult.TrialState.PRUNED).hasSize(8); // 6 at a ninth, 2 at a third
        assertThat(one.trials()).filteredOn(t -> t.epochs() == 9).hasSize(1);
        assertThat(one.test().trial()).isEqualTo(one.best());
    }

    @Test
    void aResumedStudyIsTheStudyThatWasNeverInterrupted() throws Exception {
        StudySpec s = spec(Strategy.RANDOM, 9, true, Map.of("layers", "8|32", "lr", "1e-3..3e-2:log", "epochs", "9"));
        StudyRecord whole = run(s, dir.resolve("whole"), 2, List.of());
        for (int after : new int[] {3, 10}) { // during the first rung, and during the second
            Path root = dir.resolve("cut-" + after);
            StudyRecord cut = run(s, root, 2, List.of(new InterruptAfter(after)));
            assertThat(cut.status()).isEqualTo(StudyRecord.Status.INTERRUPTED);
            assertThat(cut.test()).isNull();
            StudyRecord resumed = Study.resume(new StudyDirectory(root), 1, List.of(), new Study.Listener() { });
            assertThat(outcome(resumed)).isEqualTo(outcome(whole));
            assertThat(resumed.test()).usingRecursiveComparison().ignoringFields("evaluatedAt").isEqualTo(whole.test());
        }
    }

    @Test
    void theTestSetIsEvaluatedOnceForTheChosenTrialAndNeverByATrial() throws Exception {
        StudySpec s = spec(Strategy.GRID, 4, false, Map.of("layers", "8|32", "l2", "0|1", "epochs", "5"));
        StudyRecord r = run(s, dir, 2, List.of());
        assertThat(r.trials()).hasSize(4);
        for (TrialResult t : r.trials()) {
            RunRecord trialRecord = new StudyDirectory(dir).trial(t.id()).readRecord();
            assertThat(trialRecord.evaluation("test")).as("trial %d", t.id()).isEmpty();
            assertThat(trialRecord.setup().split().part("test").size()).isPositive(); // the split is the study's
        }
        List<String> csv = Files.readAllLines(dir.resolve(StudyDirectory.TRIALS_FILE));
        assertThat(csv.get(0)).isEqualTo("trial,origin,l2,layers,state,epochs_trained,train_error,dev_error,verdict,"
                + "avoidable_bias,variance,seconds,pruned");
        assertThat(csv).hasSize(5);
        for (TrialResult t : r.trials()) {
            assertThat(csv.get(t.id())).startsWith(t.id() + ",grid point " + t.id() + " of 4," + t.values().get("l2") + ","
                    + t.values().get("layers") + ",completed,5," + t.trainError() + "," + t.devError() + ",").endsWith(",false");
        }
        assertThat(r.best()).isEqualTo(StudyRecord.bestOf(r.trials()).orElseThrow().id());
        assertThat(r.test().trial()).isEqualTo(r.best());
        assertThat(r.test().examples()).isPositive();
        assertThatThrownBy(() -> Study.resume(new StudyDirectory(dir), 1, List.of(), new Study.Listener() { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test set was evaluated once").hasMessageContaining("trial " + r.best())
                .hasMessageContaining("second dev set");
    }

    @Test
    void aTimeLimitStartsNoNewTrialOnceItIsReached() throws Exception {
        SearchSpace space = SearchSpace.parse(Map.of("data", "digits", "layers", "8|32", "epochs", "9"));
        StudySpec s = new StudySpec(space, Strategy.RECIPE, 9, 1e-6, true, 0, 3, false); // 60 µs: gone after the first trial
        StudyRecord r = run(s, dir, 2, List.of());
        assertThat(r.trials()).hasSize(1);
        assertThat(r.stopReason()).startsWith("time limit of");
        assertThat(r.test().trial()).isEqualTo(1); // the study still ends with its one look at the test set
    }

    /** Interrupts training (as Ctrl-C does) once {@code trials} trainings have begun. */
    static final class InterruptAfter implements Callback {
        private final int trials;
        private final AtomicInteger begun = new AtomicInteger();

        InterruptAfter(int trials) {
            this.trials = trials;
        }

        @Override
        public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
            begun.incrementAndGet();
        }

        @Override
        public Optional<String> interruption() {
            return begun.get() > trials ? Optional.of("interrupted by the test") : Optional.empty();
        }
    }
}
