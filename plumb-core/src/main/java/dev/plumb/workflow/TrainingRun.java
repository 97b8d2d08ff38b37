package dev.plumb.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.plumb.data.Normalizer;
import dev.plumb.data.Dataset;
import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.gradcheck.GradientCheck;
import dev.plumb.diagnose.gradcheck.GradientCheckConfig;
import dev.plumb.diagnose.gradcheck.GradientCheckReport;
import dev.plumb.diagnose.health.GradientHealth;
import dev.plumb.diagnose.health.GradientHealthConfig;
import dev.plumb.diagnose.health.InitializationAudit;
import dev.plumb.diagnose.health.InitializationAuditReport;
import dev.plumb.data.io.DataFileException;
import dev.plumb.io.ModelFileException;
import dev.plumb.train.Callback;
import dev.plumb.train.EarlyStopping;
import dev.plumb.train.EpochLogs;
import dev.plumb.train.RunRecord;

/**
 * One run from a {@link RunSpec}, as {@code plumb train} does it: load and split the data, fit the
 * normalizer on train, train (with early stopping if asked), evaluate the test set once, and save the
 * run directory.
 */
public final class TrainingRun {

    /** File names inside a run directory. */
    public static final String HISTORY_FILE = "history.csv";

    private TrainingRun() {
    }

    /** What was loaded, what training made of it, and what the report shows of it. */
    public record Outcome(RunSpec spec, DataSource.Loaded data, Experiment.Result result, RunAnalysis analysis,
                          Experiment.Prepared prepared) {

        /**
         * Gradient-checks the trained network (in float64, on a copy) on the first {@code examples} normalized
         * training examples, and returns this outcome with the report in its analysis.
         */
        public Outcome withGradientCheck(GradientCheckConfig config, int examples) {
            Dataset train = prepared.train();
            Dataset batch = train.subset(train.name() + " (gradient check batch)",
                    java.util.stream.IntStream.range(0, Math.min(examples, train.size())).toArray());
            GradientCheckReport report = new GradientCheck(config).check(result.model().network(), batch.features(),
                    batch.targets());
            return new Outcome(spec, data, result, analysis.withGradientCheck(report), prepared);
        }
    }

    /** Name of the analysis file inside a run directory. */
    public static final String ANALYSIS_FILE = "analysis.json";

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Loads and splits the data the spec names. */
    public static DataSource.Loaded load(RunSpec spec) throws DataFileException {
        return DataSource.load(spec);
    }

    /** Trains on loaded data; {@code callbacks} come on top of the spec's early stopping. */
    public static Outcome train(RunSpec spec, DataSource.Loaded data, List<Callback> callbacks) {
        var train = data.parts().train();
        int outputs = train.isClassification() ? train.classCount() : train.targets().cols();
        ExperimentConfig config = new ExperimentConfig(spec.splitRatios(),
                Normalizer.Kind.parse(spec.normalize()), spec.network(train.featureCount(), outputs), spec.trainConfig(),
                spec.optimizer(), spec.precision(), spec.augment());
        List<Callback> all = new ArrayList<>(callbacks);
        EarlyStopping stopping = spec.earlyStoppingCallback();
        if (stopping != null) {
            all.add(stopping);
        }
        Experiment.Prepared prepared = Experiment.prepare(data.parts(), config, data.vectorizer());
        GradientHealth health = GradientHealth.sampling(prepared.train(), GradientHealthConfig.defaults());
        InitializationProbe audit = new InitializationProbe(health);
        all.add(audit);
        all.add(health);
        Experiment.Result result = Experiment.train(prepared, config, all);
        RunAnalysis analysis = RunAnalysis.of(result.model().network(), prepared.normalizer(), data.parts().train(),
                result.testMetrics());
        analysis = analysis.withHealth(health.report(), audit.report);
        if (result.model().network().loss().isClassification() && result.record().evaluation("dev").isPresent()) {
            analysis = analysis.withBiasVariance(BiasVariance.from(result.record(), spec.bayesError()));
        }
        return new Outcome(spec, data, result, analysis, prepared);
    }

    /** Audits the network when training begins, on the same probe examples the gradient-health monitor uses. */
    private static final class InitializationProbe implements Callback {
        private final GradientHealth health;
        InitializationAuditReport report;

        InitializationProbe(GradientHealth health) {
            this.health = health;
        }

        @Override
        public void onTrainBegin(dev.plumb.nn.Network network, dev.plumb.train.TrainConfig config, int batchesPerEpoch) {
            report = InitializationAudit.run(network, health.probeInputs(), health.probeTargets());
        }
    }

    /** Writes run.json, history.csv and model/ into {@code directory}. */
    public static void save(Outcome outcome, Path directory) throws ModelFileException {
        Experiment.save(outcome.result(), directory);
        writeAtomically(directory.resolve(HISTORY_FILE), historyCsv(outcome.result().record()));
        writeAtomically(directory.resolve(ANALYSIS_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(outcome.analysis()));
    }

    /** Reads a run directory's analysis.json. */
    public static RunAnalysis readAnalysis(Path directory) throws IOException {
        Path file = directory.resolve(ANALYSIS_FILE);
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), RunAnalysis.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a valid run analysis: " + e.getOriginalMessage(), e);
        }
    }

    /** The per-epoch history as CSV: epoch, costs, errors, learning rate, seconds. */
    public static String historyCsv(RunRecord record) {
        StringBuilder sb = new StringBuilder("epoch,train_cost,train_error,dev_cost,dev_error,mean_batch_cost,learning_rate,seconds\n");
        for (EpochLogs e : record.history()) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%.4f%n", e.epoch(), e.trainCost(), e.trainError(),
                    e.devCost() == null ? "" : e.devCost(), e.devError() == null ? "" : e.devError(), e.meanBatchCost(),
                    e.learningRate(), e.seconds()));
        }
        return sb.toString();
    }

    static void writeAtomically(Path file, String text) throws ModelFileException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot write: " + e.getMessage() + "; check that the directory is writable", e);
        }
    }
}
