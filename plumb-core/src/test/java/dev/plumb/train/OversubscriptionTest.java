package dev.plumb.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.Sgd;
import dev.plumb.tensor.DType;

class OversubscriptionTest {

    /** A machine whose clock reads the given instants, one per call, and whose load is fixed. */
    private static final class FakeMachine implements Oversubscription.Machine {
        final Deque<Long> instants = new ArrayDeque<>();
        final double load;
        final int cores;

        FakeMachine(double load, int cores, double... secondsAt) {
            this.load = load;
            this.cores = cores;
            for (double s : secondsAt) {
                instants.add(Math.round(s * 1e9));
            }
        }

        @Override
        public long nanoTime() {
            return instants.isEmpty() ? 0 : instants.poll();
        }

        @Override
        public double loadAverage() {
            return load;
        }

        @Override
        public int cores() {
            return cores;
        }
    }

    @Test
    void anEpochFarSlowerThanTheFastestOnALoadedMachineIsOversubscribed() {
        Oversubscription watch = new Oversubscription(new FakeMachine(6.3, 2));
        assertThat(watch.observe(1, 2.0)).isEmpty(); // the first epoch has nothing to be compared with
        assertThat(watch.observe(2, 1.1)).isEmpty();
        assertThat(watch.observe(3, 3.0)).isEmpty(); // 2.7 times the fastest: jitter, not the machine
        assertThat(watch.observe(4, 39)).hasValueSatisfying(s -> assertThat(s)
                .startsWith("oversubscribed: epoch 4 took 39.0 s, 35 times the 1.1 s of epoch 2, with a load average of 6.3"
                        + " on 2 cores").contains("--threads 1").contains("OPENBLAS_NUM_THREADS=1"));
    }

    @Test
    void aSlowEpochOnAMachineThatIsNotLoadedIsNotBlamedOnIt() {
        // load at or below the cores, or no load reported (negative): the epoch is long, the machine is not the cause
        for (double load : new double[] {2.0, 0.5, -1}) {
            Oversubscription watch = new Oversubscription(new FakeMachine(load, 2));
            watch.observe(1, 1.0);
            assertThat(watch.observe(2, 30)).as("load %s", load).isEmpty();
        }
    }

    @Test
    void millisecondEpochsThatVaryManyTimesOverAreNotFlagged() {
        // 5 ms, then 40 ms: eight times slower, but 35 ms lost is the JIT or the collector, not worth a warning
        Oversubscription watch = new Oversubscription(new FakeMachine(9.2, 2));
        watch.observe(1, 0.005);
        assertThat(watch.observe(2, 0.04)).isEmpty();
        assertThat(watch.observe(3, 1.2)).isPresent(); // 1.195 s lost, 240 times slower
    }

    @Test
    void theTrainerSaysItInTheEpochsRecord() {
        Dataset digits = Digits.load().subset("digits", java.util.stream.IntStream.range(0, 200).toArray());
        // two clock readings per epoch (its start, its end): 1 s, 1 s, then 10 s
        FakeMachine machine = new FakeMachine(5, 2, 0, 1, 1, 2, 2, 12);
        Trainer trainer = new Trainer(new TrainConfig(3, 50, 0.01, 1, true), new Sgd(), List.of(), null, machine);
        RunRecord run = trainer.fit(NetworkSpec.mlp(64, new int[] {8}, 10, Activation.relu(), Loss.softmaxCrossEntropy())
                .build(DType.FLOAT32, 1), digits, null);
        assertThat(run.history()).extracting(EpochLogs::seconds).containsExactly(1.0, 1.0, 10.0);
        assertThat(run.history().get(0).slowdown()).isNull();
        assertThat(run.history().get(1).slowdown()).isNull();
        assertThat(run.history().get(2).slowdown()).startsWith("oversubscribed: epoch 3 took 10.0 s, 10 times the 1.0 s");
        assertThat(RunRecord.fromJson(run.toJson()).history()).isEqualTo(run.history());
    }
}
