package dev.plumb.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import dev.plumb.data.Dataset;
import dev.plumb.data.Digits;
import dev.plumb.data.Normalizer;
import dev.plumb.data.Split;
import dev.plumb.nn.Activation;
import dev.plumb.nn.Loss;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.Blas;
import dev.plumb.tensor.DType;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.workflow.Experiment;
import dev.plumb.workflow.ExperimentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plumb demo}: the bundled handwritten digits from split to saved model. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {"Walk through the bundled handwritten digits (1,797 8x8 images, 10 classes): split train/dev/test, "
                + "standardize on train only, train an MLP, report train/dev/test error and save the model.",
                "", "Example:", "  plumb demo --epochs 40 --out runs/my-demo", ""})
final class DemoCommand implements Callable<Integer> {

    // Chosen on dev error across eight seeds: test accuracy 0.969–0.989 (mean 0.979).
    static final int HIDDEN = 128;
    static final double L2 = 1.0;

    @Option(names = "--out", description = "Run directory to write (run.json, model/). Default: runs/demo-<timestamp>.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Passes over the training set.")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the initialization and the shuffles.")
    long seed;

    @Option(names = "--verbose", description = "Show stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var w = spec.commandLine().getOut();
        Dataset digits = Digits.load();
        Split split = new Split(0.6, 0.2, 0.2, seed, true);
        NetworkSpec network = NetworkSpec.mlp(Digits.FEATURES, new int[] {HIDDEN}, 10, Activation.relu(),
                Loss.softmaxCrossEntropy()).withL2(L2);
        ExperimentConfig config = new ExperimentConfig(split, Normalizer.Kind.STANDARD, network, new TrainConfig(epochs, 32, 0.003, seed, true),
                "adam", DType.FLOAT32);

        w.printf("Plumb demo: handwritten digits (%,d images of 8x8 pixels, %d classes; UCI optdigits, CC BY 4.0)%n",
                digits.size(), digits.classCount());
        Experiment.Prepared data = Experiment.prepare(digits, config);
        w.printf("split 60/20/20, stratified, seed %d: train %d, dev %d, test %d%n", seed,
                data.train().size(), data.dev().size(), data.test().size());
        w.println("leakage check: " + data.parts().manifest().leakage().summary());
        w.println("inputs standardized with the mean and population std of the training split only");
        w.printf("network: 64 -> %d relu (He init) -> 10 logits, softmax cross-entropy, L2 lambda %s; Adam lr %s, batch %d; BLAS %s%n",
                HIDDEN, L2, config.train().learningRate(), config.train().batchSize(), Blas.defaultBlas().name());
        w.println();
        Experiment.Result result = Experiment.train(data, config, List.of(new EpochPrinter(w)));
        RunRecord run = result.record();
        w.println();
        w.printf("stopped: %s, %.1f s%n", run.stopReason(), run.seconds());
        for (String s : List.of("train", "dev", "test")) {
            Evaluation e = run.evaluation(s).orElseThrow();
            w.printf("  %-5s error %6.2f%%   accuracy %6.2f%%   (%d examples)%n", s, 100 * e.error(), 100 * e.accuracy(),
                    e.examples());
        }
        if (result.testMetrics() != null) {
            w.println();
            w.println("test set, evaluated once (rows: actual digit, columns: predicted):");
            w.println(result.testMetrics().confusionMatrix());
            w.println(result.testMetrics().format(3));
        }
        Path dir = out != null ? out
                : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Experiment.save(result, dir);
        w.println();
        w.println("run record: " + dir.resolve(Experiment.RUN_FILE));
        w.println("model:      " + dir.resolve(Experiment.MODEL_DIR));
        w.flush();
        return 0;
    }
}
