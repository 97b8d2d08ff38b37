package dev.plumb.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.plumb.data.LeakageReport;
import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.biasvariance.BiasVarianceReport;
import dev.plumb.diagnose.biasvariance.BiasVarianceThresholds;
import dev.plumb.diagnose.gradcheck.Diagnosis;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.health.GradientHealthConfig;
import dev.plumb.diagnose.health.HealthReport;
import dev.plumb.diagnose.health.InitializationAuditConfig;
import dev.plumb.diagnose.health.InitializationAuditReport;
import dev.plumb.diagnose.health.LayerHealth;
import dev.plumb.diagnose.gradcheck.TensorCheck;
import dev.plumb.diagnose.gradcheck.Verdict;
import dev.plumb.diagnose.gradcheck.VerdictThresholds;
import dev.plumb.diagnose.gradcheck.WorstCoordinate;
import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.nn.Activation;
import dev.plumb.nn.LayerSpec;
import dev.plumb.nn.Loss;
import dev.plumb.nn.Mode;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.tensor.DType;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.Evaluation;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.TrainingOutcome;
import dev.plumb.train.WeightStats;
import dev.plumb.workflow.RunAnalysis;
import dev.plumb.workflow.RunDirectory;
import dev.plumb.workflow.RunResult;
import dev.plumb.workflow.RunSpec;
import dev.plumb.workflow.TrainingRun;

/** Runs and records for the report tests: real training runs, and hand-built records full of hostile strings. */
final class ReportFixtures {

    static final String HOSTILE = "<script>alert(1)</script>";

    private static RunResult digits;

    private ReportFixtures() {
    }

    /** The bundled digits trained with early stopping, once per test JVM (a second or two). */
    static synchronized RunResult digits() throws Exception {
        if (digits == null) {
            // long enough for the dev cost to turn, so early stopping ends the run and the curves show why
            RunSpec spec = RunSpec.parse(Map.of("data", "digits", "epochs", "60", "layers", "32,16", "keep-prob", "0.9,1.0",
                    "lr", "0.01", "early-stopping", "patience=4", "seed", "7"));
            digits = TrainingRun.train(spec, TrainingRun.prepare(spec), List.of())
                    .withGradientCheck(GradientCheckConfig.defaults(), 32); // as plumb demo does
        }
        return digits;
    }

    /**
     * Three classes in two features (one named {@link #HOSTILE}), written as a CSV in {@code dir} and
     * trained on, so that the run has a decision boundary.
     */
    static RunResult twoFeatures(Path dir) throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        String[] names = {"circle", "cross", HOSTILE};
        double[][] centres = {{-2, 0}, {2, 1}, {0, 3}};
        StringBuilder csv = new StringBuilder("width_cm,height_cm,shape\n");
        for (int i = 0; i < 300; i++) {
            int k = i % 3;
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s%n", centres[k][0] + rng.nextGaussian() * 0.9,
                    centres[k][1] + rng.nextGaussian() * 0.9, names[k]));
        }
        Path file = Files.writeString(dir.resolve("shapes.csv"), csv, StandardCharsets.UTF_8);
        RunSpec spec = RunSpec.parse(Map.of("data", file.toString(), "label", "shape", "epochs", "25", "layers", "16",
                "activation", "tanh", "lr", "0.01", "seed", "3"));
        return TrainingRun.train(spec, TrainingRun.prepare(spec), List.of());
    }

    /** A run directory as plumb train writes it: run.json, history.csv, analysis.json, model/ and report.html. */
    static Path writeRunDirectory(RunResult outcome, Path dir) throws IOException {
        Files.createDirectories(dir);
        new RunDirectory(dir).write(outcome);
        Path report = dir.resolve("report.html");
        Files.writeString(report, HtmlReport.render(outcome.record(), outcome.analysis()), StandardCharsets.UTF_8);
        return report;
    }

    /** A small hand-built classification record whose every free-text field is hostile markup. */
    static RunRecord hostileRecord() {
        NetworkSpec spec = new NetworkSpec(2, List.of(LayerSpec.dense(4, Activation.tanh()), LayerSpec.dropout(0.8),
                LayerSpec.dense(3, Activation.identity())), Loss.softmaxCrossEntropy(), 0.1, 0);
        List<EpochLogs> history = List.of(
                new EpochLogs(1, 1.10, 0.60, 1.12, 0.625, 1.2, 0.01, 0.5),
                new EpochLogs(2, 0.80, 0.30, 0.90, 0.375, 0.9, 0.01, 0.5),
                new EpochLogs(3, 0.70, 0.25, 0.95, 0.4375, 0.8, 0.01, 0.5));
        SplitManifest split = new SplitManifest("ratios", 42L, List.of(0.6, 0.2, 0.2), true, List.of("a", HOSTILE, "c"),
                List.of(new SplitManifest.Part("train", 48, List.of(16, 16, 16), "ab12" + HOSTILE),
                        new SplitManifest.Part("dev", 16, List.of(5, 6, 5), "cd34"),
                        new SplitManifest.Part("test", 16, List.of(6, 5, 5), "ef56")),
                new LeakageReport(1, 2, 0, 0, 0, List.of("dev#3 = train#7 " + HOSTILE)));
        return RunRecord.builder().plumbVersion(HOSTILE).createdAt("2026-11-29T10:00:00Z" + HOSTILE)
                .setup(new RunRecord.Setup("data/" + HOSTILE + ".csv", spec, HOSTILE, 31, "float32",
                        new TrainConfig(3, 8, 0.01, 42, true), "adam" + HOSTILE, "java" + HOSTILE, split,
                        new Normalizer.State("standard", new double[] {1.5, -2.25}, new double[] {0.5, 0}), "flip" + HOSTILE))
                .training(new RunRecord.Training(TrainingOutcome.STOPPED_EARLY, "early stopping: " + HOSTILE, history,
                        new EarlyStopping.Report("dev_error" + HOSTILE, 1, 0, 2, 0.375, 3, true), 1.5))
                .result(new RunRecord.Result(List.of(new Evaluation("train", 48, 0.8, 0.3), new Evaluation("dev", 16, 0.9, 0.375),
                        new Evaluation("test", 16, 0.85, 0.3125)),
                        List.of(new WeightStats("W1", 2, 4, 1.25, 0.3, 0.125, "l2(0.1)" + HOSTILE),
                                new WeightStats("W2", 4, 3, 2.5, 0.6, 0.0, "l2(0.1)"))))
                .build();
    }

    /**
     * An analysis of {@link #hostileRecord()}: a test report, two histograms, a 2x2 decision boundary, and
     * diagnostics whose free text is hostile markup too.
     */
    static RunAnalysis hostileAnalysis() {
        var test = new RunAnalysis.TestReport(List.of("a", HOSTILE, "c"), new long[][] {{5, 1, 0}, {1, 3, 1}, {0, 2, 3}},
                new double[] {5 / 6.0, 0.5, 0.75}, new double[] {5 / 6.0, 0.6, 0.6}, new double[] {5 / 6.0, 6 / 11.0, 2 / 3.0},
                new long[] {6, 5, 5}, 11 / 16.0, 0.69, 0.68, 0.68);
        var histograms = List.of(new RunAnalysis.WeightHistogram("W1", -1, 1, new int[] {1, 2, 3, 2}),
                new RunAnalysis.WeightHistogram("W2", -0.5, 0.5, new int[] {4, 4, 4}));
        var boundary = new RunAnalysis.DecisionBoundary("x " + HOSTILE, "y" + HOSTILE, -1, 1, -2, 2, 2,
                new int[] {0, 1, 2, 2}, new double[][] {{-0.5, -1, 0}, {0.5, 1, 2}, {0.5, -1, 1}});
        return new RunAnalysis(test, histograms, boundary, hostileBiasVariance(), failingGradientCheck(), hostileHealth(),
                hostileAudit());
    }

    /** 1 % train and 11 % dev error against an optimal 0: high variance, with a hostile recipe and note. */
    static BiasVarianceReport hostileBiasVariance() {
        double train = 0.01;
        double dev = 0.11;
        return new BiasVarianceReport(train, dev, 0, train, dev - train, BiasVariance.Verdict.HIGH_VARIANCE,
                BiasVarianceThresholds.DEFAULT, List.of("Get more data " + HOSTILE, "Regularize"), List.of("note " + HOSTILE));
    }

    /** A check in which b2 is off by a factor 2 while W2 is right, with hostile text in its subject and note. */
    static GradientCheckReport failingGradientCheck() {
        TensorCheck wrong = new TensorCheck("b2", TensorCheck.Kind.BIAS, 2, 2, "Dense(4 → 3, identity)", 1, 3, 3, 3, 0.25,
                Verdict.WRONG, 2.0, 1.0, 1.0, 2.0, false, List.of(new WorstCoordinate(1, 0, 1, 0.8, 0.4, 0.4)));
        TensorCheck right = new TensorCheck("W2", TensorCheck.Kind.WEIGHT, 2, 2, "Dense(4 → 3, identity)", 4, 3, 12, 12, 3e-9,
                Verdict.CORRECT, 1.0, 1.0, 3e-9, Double.NaN, true, List.of());
        return new GradientCheckReport("network " + HOSTILE, "at the given weights", 0, 0, 4, 1e-7, DType.FLOAT64, Mode.EVAL,
                List.of(right, wrong), 15, 15, 0.2, Verdict.WRONG, Verdict.WRONG,
                new Diagnosis(Diagnosis.Finding.BIAS_GRADIENT, "db2 fails while dW2 passes", 2), List.of("note " + HOSTILE),
                List.of(), VerdictThresholds.NOTE);
    }

    /** Two epochs of a tanh layer and an output layer, the first saturating. */
    static HealthReport hostileHealth() {
        List<LayerHealth> layers = new ArrayList<>();
        for (int epoch = 1; epoch <= 2; epoch++) {
            layers.add(new LayerHealth(epoch, 1, "Dense(2 → 4, tanh) " + HOSTILE, "tanh", 4, 0.1, 0.9, 0.75, 0, 0.5 / epoch, 0.1, 0.2));
            layers.add(new LayerHealth(epoch, 2, "Dense(4 → 3, identity)", "identity", 3, 0.0, 1.5, 0, 0, 0.25 / epoch, 0.05, 0.3));
        }
        return new HealthReport(GradientHealthConfig.defaults(), 64, layers,
                List.of(new HealthReport.Warning(2, HealthReport.Kind.SATURATION, 1, 1, 0.75, "saturated " + HOSTILE)));
    }

    /** Two layers at initialization; the first with an initializer that does not fit its activation. */
    static InitializationAuditReport hostileAudit() {
        var first = new InitializationAuditReport.LayerAudit(1, "Dense(2 → 4, tanh) " + HOSTILE, "tanh", 2, 4, "he",
                InitializationAuditReport.InitializerSource.SPEC, 1.0, "lecun", 0.5, false, 2.0, 0.6, 2.0, 0.6, 0.6, 0.4, 0.1,
                List.of(InitializationAuditReport.Finding.INITIALIZER_MISMATCH));
        var second = new InitializationAuditReport.LayerAudit(2, "Dense(4 → 3, identity)", "identity", 4, 3, "lecun",
                InitializationAuditReport.InitializerSource.SPEC, 0.25, "lecun", 0.25, true, 0.6, 0.6, 0.3, 1.0, 0.6, 0.3, 0.2,
                List.of());
        return new InitializationAuditReport(new InitializationAuditConfig(1e-4, 1e4), 64, 1.0, List.of(first, second),
                List.of(new InitializationAuditReport.Warning(InitializationAuditReport.Finding.INITIALIZER_MISMATCH, 1, 1,
                        "use lecun " + HOSTILE)));
    }
}
