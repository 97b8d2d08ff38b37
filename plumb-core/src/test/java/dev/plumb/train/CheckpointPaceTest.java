package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Adam;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * Checkpoints after every finished epoch, unless epochs are so short that writing them would dominate the run (the
 * default step budget gives a small CSV hundreds of millisecond epochs): then fewer, and always after the last.
 */
class CheckpointPaceTest {

    private static final Dataset TINY = Dataset.classification("tiny",
            Matrix.of(DType.FLOAT32, new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}), new int[] {0, 1, 1, 0}, List.of("a", "b"));

    /** Keeps the epochs of the states saved; each save takes {@code millis}, as a large checkpoint's write would. */
    private static final class Recording implements Checkpoints {
        final List<Integer> epochs = new ArrayList<>();
        private final long millis;

        Recording(long millis) {
            this.millis = millis;
        }

        @Override
        public Optional<TrainingState> latest() {
            return Optional.empty();
        }

        @Override
        public void save(TrainingState state) {
            epochs.add(state.epoch());
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Network network() {
        return NetworkSpec.mlp(2, new int[] {4}, 2, Activation.tanh(), Loss.softmaxCrossEntropy()).build(DType.FLOAT32, 1);
    }

    @Test
    void slowWritesOfShortEpochsAreSpacedOutAndTheLastEpochIsAlwaysKept() {
        Recording checkpoints = new Recording(20);
        RunRecord run = new Trainer(new TrainConfig(200, 4, 0.01, 1, true), new Adam(), List.of())
                .fit(network(), TINY, null, checkpoints);
        assertThat(run.history()).hasSize(200);
        // a 20 ms write after sub-millisecond epochs: at most about one write per 180 ms of training, not 200 writes
        assertThat(checkpoints.epochs.size()).as("epochs saved %s", checkpoints.epochs).isLessThan(60);
        assertThat(checkpoints.epochs).startsWith(1, 2);
        assertThat(checkpoints.epochs.get(checkpoints.epochs.size() - 1)).isEqualTo(200);
        assertThat(checkpoints.epochs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theRuleWritesAfterEveryEpochUntilAWriteCostsMoreThanANinthOfTheTimeSinceTheLast() {
        long[] now = {0};
        CheckpointPace pace = new CheckpointPace(() -> now[0]);
        assertThat(pace.due()).as("the first epoch").isTrue();
        write(pace, now, 50_000_000); // 50 ms: the first write loads classes and is not counted
        assertThat(pace.due()).as("right after the uncounted first write").isTrue();
        write(pace, now, 2_000_000); // 2 ms
        now[0] += 17_999_999;
        assertThat(pace.due()).as("17.99 ms of training after a 2 ms write").isFalse();
        now[0] += 1;
        assertThat(pace.due()).as("18 ms: writes take at most a tenth of the time").isTrue();
        write(pace, now, 100_000); // cheap writes against 10 ms epochs: due after every epoch
        now[0] += 10_000_000;
        assertThat(pace.due()).isTrue();
    }

    private static void write(CheckpointPace pace, long[] now, long nanos) {
        pace.begin();
        now[0] += nanos;
        pace.end();
    }
}
