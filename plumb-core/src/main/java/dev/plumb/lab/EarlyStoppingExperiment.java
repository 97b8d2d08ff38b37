package dev.plumb.lab;

import static dev.plumb.lab.RegularizationSupport.chain;
import static dev.plumb.lab.RegularizationSupport.num;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.plumb.data.Dataset;
import dev.plumb.data.io.DataFileException;
import dev.plumb.lab.LabResult.Check;
import dev.plumb.lab.LabResult.Figure;
import dev.plumb.lab.LabResult.Marker;
import dev.plumb.lab.LabResult.Series;
import dev.plumb.lab.LabResult.Table;
import dev.plumb.lab.LabResult.Verdict;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Initializer;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.optim.OptimizerSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EarlyStoppingSpec;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;

/**
 * The note's early-stopping claim: weights start small and ‖W‖ grows as training goes on; stopping where the dev cost is
 * lowest leaves ‖W‖ mid-sized — well below the ‖W‖ of the same network trained to the end, as L2 at its best λ does.
 *
 * <p>By default on a small part of the bundled digits, so the network trained to the end overfits it.
 */
public final class EarlyStoppingExperiment implements Experiment {

    static final int HIDDEN = 100;
    static final int TRAIN_EXAMPLES = 200;
    static final int EPOCHS = 300;
    static final int BATCH = 32;
    static final double LEARNING_RATE = 0.003;
    static final double INIT_SCALE = 0.01;
    static final EarlyStoppingSpec STOPPING = new EarlyStoppingSpec(EarlyStopping.Monitor.DEV_COST, 10, 1e-4);
    static final double[] LAMBDAS = {0.1, 0.3, 1, 3};
    /** "Well below": at most this fraction of the full-length run's ‖W‖. */
    static final double WELL_BELOW = 0.75;

    @Override
    public String name() {
        return "early-stopping";
    }

    @Override
    public String claim() {
        return "Training from small weights makes ‖W‖ grow epoch by epoch; early stopping at the lowest dev cost leaves "
                + "it mid-sized, well below the ‖W‖ of the run trained to the end, as L2 at its best λ does.";
    }

    /** A run's network, its per-epoch logs and ‖W‖, and its final ‖W‖. */
    record Trained(Network network, List<EpochLogs> logs, double[] norms, double initialNorm, double finalNorm,
                   double devCost) {
    }

    /** Everything measured. */
    record Outcome(Map<String, String> setup, Trained full, Trained stopped, EarlyStopping.Report report,
                   List<Trained> l2Runs, int bestLambda) {
    }

    @Override
    public LabResult run(LabSettings settings) throws DataFileException {
        return result(measure(settings));
    }

    Outcome measure(LabSettings settings) throws DataFileException {
        long seed = settings.seed();
        String data = settings.data().orElse("digits");
        RegularizationSupport.Parts parts = RegularizationSupport.load(data, seed, TRAIN_EXAMPLES);
        Dataset train = parts.train();
        Dataset dev = parts.dev();
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("data", data + ": " + parts.description());
        setup.put("network", train.featureCount() + " → " + HIDDEN + " tanh → " + train.classCount()
                + " softmax (cross-entropy); weights N(0, 1) × " + INIT_SCALE + " (small), biases 0; float64; network seed "
                + seed);
        setup.put("optimizer", "adam (β₁ 0.9, β₂ 0.999), α = " + LEARNING_RATE + ", batch " + BATCH
                + ", shuffled with seed " + seed);
        setup.put("full-length run", EPOCHS + " epochs, no penalty, no early stopping");
        setup.put("early stopping", "the same run with the core's EarlyStopping: " + STOPPING.text()
                + "; the best epoch's weights are restored");
        setup.put("L2 comparison", "the full-length run with λ in " + RegularizationSupport.list(LAMBDAS)
                + ", the best λ by dev cost (cross-entropy without the penalty)");
        setup.put("well below", "at most " + WELL_BELOW + " × the full-length run's ‖W‖");
        setup.put("‖W‖", "√(Σ_l ‖W[l]‖²) over the weight matrices (biases excluded)");
        setup.put("seed", Long.toString(seed));

        Trained full = train(0, train, dev, seed, null);
        EarlyStopping stopping = STOPPING.callback();
        Trained stopped = train(0, train, dev, seed, stopping);
        List<Trained> l2Runs = new ArrayList<>();
        int best = 0;
        for (int i = 0; i < LAMBDAS.length; i++) {
            l2Runs.add(train(LAMBDAS[i], train, null, dev, seed, null)); // dev measured once, at the end
            if (l2Runs.get(i).devCost() < l2Runs.get(best).devCost()) {
                best = i;
            }
        }
        return new Outcome(setup, full, stopped, stopping.report(), l2Runs, best);
    }

    static NetworkSpec spec(int inputs, int classes, double lambda) {
        Initializer small = new Initializer.SmallRandom(INIT_SCALE);
        return new NetworkSpec(inputs, List.of(LayerSpec.dense(HIDDEN, Activation.tanh(), small),
                LayerSpec.dense(classes, Activation.identity(), small)), Loss.softmaxCrossEntropy(), lambda, 0);
    }

    /** Trains on {@code train}, measuring {@code dev} per epoch when given; its final dev cost is on {@code devSet}. */
    static Trained train(double lambda, Dataset train, Dataset dev, long seed, EarlyStopping stopping) {
        return train(lambda, train, dev, dev, seed, stopping);
    }

    static Trained train(double lambda, Dataset train, Dataset dev, Dataset devSet, long seed, EarlyStopping stopping) {
        Network network = spec(train.featureCount(), train.classCount(), lambda).build(DType.FLOAT64, seed);
        RegularizationSupport.NormRecorder recorder = new RegularizationSupport.NormRecorder();
        List<dev.plumb.train.Callback> callbacks = stopping == null ? List.of(recorder) : List.of(recorder, stopping);
        new Trainer(new TrainConfig(EPOCHS, BATCH, LEARNING_RATE, seed, true), OptimizerSpec.ADAM.create(), callbacks)
                .fit(network, train, dev);
        double[] norms = recorder.norms.stream().mapToDouble(Double::doubleValue).toArray();
        return new Trained(network, List.copyOf(recorder.logs), norms, recorder.initialNorm,
                RegularizationSupport.totalNorm(network), RegularizationSupport.dataCost(network, devSet));
    }

    LabResult result(Outcome o) {
        Trained full = o.full();
        int stopEpoch = o.report().bestEpoch();
        double fullNorm = full.finalNorm();
        double stoppedNorm = o.stopped().finalNorm();
        Trained bestL2 = o.l2Runs().get(o.bestLambda());
        double lambda = LAMBDAS[o.bestLambda()];
        int epochs = full.logs().size();
        double[] x = new double[epochs];
        double[] trainCost = new double[epochs];
        double[] devCost = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            EpochLogs logs = full.logs().get(i);
            x[i] = logs.epoch();
            trainCost[i] = logs.trainCost();
            devCost[i] = logs.devCost();
        }
        double[] l2Line = new double[epochs];
        java.util.Arrays.fill(l2Line, bestL2.finalNorm());
        Marker stop = new Marker(stopEpoch, "early stopping's epoch (" + stopEpoch + ")");
        List<Figure> figures = List.of(
                new Figure("Train and dev cost per epoch (run trained to the end; λ = 0)", "epoch",
                        "cost J (cross-entropy)", false, false,
                        List.of(new Series("train", x, trainCost), new Series("dev", x, devCost)), null, List.of(),
                        List.of(stop)),
                new Figure("‖W‖ per epoch from small initial weights", "epoch", "‖W‖", false, false,
                        List.of(new Series("‖W‖, λ = 0", x, full.norms()),
                                new Series("‖W‖ at the end with L2, best λ = " + lambda, x, l2Line)),
                        null, List.of(), List.of(stop)));

        double normAtStop = full.norms()[stopEpoch - 1];
        double firstNorm = full.norms()[0];
        double devAtStop = devCost[stopEpoch - 1];
        double devAtEnd = devCost[epochs - 1];
        List<Check> checks = List.of(
                new Check("‖W‖ starts small and grows: initial < epoch 1 < early stopping's epoch < the last epoch",
                        full.initialNorm() < firstNorm && firstNorm < normAtStop && normAtStop < fullNorm,
                        num(full.initialNorm()) + " → " + num(firstNorm) + " → " + num(normAtStop) + " (epoch "
                                + stopEpoch + ") → " + num(fullNorm) + " (epoch " + epochs + ")"),
                new Check("early stopping stopped before the last epoch, at a lower dev cost than the run trained to the end",
                        o.report().stoppedEarly() && devAtStop < devAtEnd,
                        "stopped after epoch " + o.report().stoppedEpoch() + " of " + EPOCHS + ", best epoch " + stopEpoch
                                + "; dev cost " + num(devAtStop) + " there vs " + num(devAtEnd) + " at epoch " + epochs),
                new Check("early stopping leaves ‖W‖ well below (≤ " + WELL_BELOW + "×) the full-length run's",
                        stoppedNorm <= WELL_BELOW * fullNorm, num(stoppedNorm) + " vs " + num(fullNorm) + " (ratio "
                                + num(stoppedNorm / fullNorm) + ")"),
                new Check("L2 at its best λ by dev cost (λ = " + lambda + ") also ends with ‖W‖ well below (≤ "
                        + WELL_BELOW + "×) the full-length run's", bestL2.finalNorm() <= WELL_BELOW * fullNorm,
                        num(bestL2.finalNorm()) + " vs " + num(fullNorm) + " (ratio " + num(bestL2.finalNorm() / fullNorm)
                                + "); dev cost per λ: " + chain(o.l2Runs().stream().mapToDouble(Trained::devCost)
                                .toArray())));

        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("trained to the end, λ = 0", epochs, fullNorm, full.devCost()));
        rows.add(List.of("early stopping, λ = 0", stopEpoch, stoppedNorm, o.stopped().devCost()));
        for (int i = 0; i < LAMBDAS.length; i++) {
            Trained t = o.l2Runs().get(i);
            rows.add(List.of("trained to the end, λ = " + LAMBDAS[i] + (i == o.bestLambda() ? " (best)" : ""),
                    t.logs().size(), t.finalNorm(), t.devCost()));
        }
        Table table = new Table("‖W‖ at the end of each run", List.of("run", "epochs (weights of)", "‖W‖",
                "dev cost (no penalty)"), rows);
        return new LabResult(name(), claim(), o.setup(), figures, List.of(table), Verdict.of(checks), null);
    }
}
