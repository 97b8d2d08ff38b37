package dev.plumb.workflow;

import java.util.ArrayList;
import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.TextVectorizer;
import dev.plumb.data.augment.Augmenter;
import dev.plumb.data.io.DataFileException;
import dev.plumb.diagnose.biasvariance.BiasVariance;
import dev.plumb.diagnose.biasvariance.BiasVarianceThresholds;
import dev.plumb.diagnose.biasvariance.Phrasing;
import dev.plumb.diagnose.health.GradientHealth;
import dev.plumb.diagnose.health.GradientHealthConfig;
import dev.plumb.diagnose.health.InitializationAudit;
import dev.plumb.diagnose.health.InitializationAuditReport;
import dev.plumb.eval.ClassificationMetrics;
import dev.plumb.eval.ConfusionMatrix;
import dev.plumb.io.ModelBundle;
import dev.plumb.nn.Network;
import dev.plumb.nn.NetworkSpec;
import dev.plumb.nn.SoftmaxCrossEntropy;
import dev.plumb.train.Callback;
import dev.plumb.train.Checkpoints;
import dev.plumb.train.Evaluation;
import dev.plumb.train.InputProfile;
import dev.plumb.train.ExampleSet;
import dev.plumb.train.LocalTrainingSet;
import dev.plumb.train.TrainingSet;
import dev.plumb.train.RunRecord;
import dev.plumb.train.TrainConfig;
import dev.plumb.train.Trainer;
import dev.plumb.train.TrainingOutcome;

/**
 * One training run from a {@link RunSpec}, as {@code plumb train} does it, in two steps:
 * {@link #prepare} loads and splits the data and fits the normalizer on the training part only;
 * {@link #train} builds the network, trains it (dev measured every epoch, early stopping if asked), evaluates the
 * test part once at the end, and analyses the run. {@link RunDirectory} saves the result.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    /**
     * Loads the data the spec names, splits it and normalizes it with statistics of the training part only
     * ({@code normalize=auto} chooses by what was loaded: {@link DataDrivenDefaults#normalize}).
     */
    public static PreparedData prepare(RunSpec spec) throws DataFileException {
        if (spec.model().initFrom().isPresent()) {
            return FineTuning.prepare(spec);
        }
        DataSource.Loaded loaded = DataSource.load(spec);
        return PreparedData.of(loaded.parts(), DataDrivenDefaults.normalize(spec.data(), loaded.vectorizer()),
                loaded.vectorizer(), loaded.description());
    }

    /** The values {@link #train} gives the spec's {@code auto} options on {@code data}, and why. */
    public static DataDrivenDefaults.Resolution defaults(RunSpec spec, PreparedData data) {
        return DataDrivenDefaults.resolve(spec, data);
    }

    /**
     * The network {@link #train} would train on {@code data}: freshly initialized from the spec's seed, or, fine-tuning
     * ({@code init-from}), the model's architecture with its weights, in the spec's precision (see {@link
     * ModelOptions#network(NetworkSpec)}; {@code data} must be prepared from the spec by {@link #prepare}).
     */
    public static Network network(RunSpec spec, PreparedData data) {
        if (spec.model().initFrom().isPresent()) {
            return FineTuning.network(spec, data);
        }
        return architecture(spec, data).build(spec.precision(), spec.seed());
    }

    private static NetworkSpec architecture(RunSpec spec, PreparedData data) {
        return spec.model().network(data.train().featureCount(), data.outputs(), spec.data().task());
    }

    /**
     * Trains on prepared data, with the spec's {@code auto} options resolved for it ({@link DataDrivenDefaults}: the
     * record's setup lists what was chosen and why; the result keeps the spec as given, {@code auto} and all);
     * {@code callbacks} (progress, interruption, …) come before the spec's early stopping.
     */
    public static RunResult train(RunSpec spec, PreparedData data, List<Callback> callbacks) {
        return train(spec, data, callbacks, Checkpoints.NONE);
    }

    /**
     * As {@link #train(RunSpec, PreparedData, List)}, keeping a checkpoint after every finished epoch in
     * {@code checkpoints} and resuming from the one they hold, if any (see {@link Trainer#fit(Network, Dataset,
     * Dataset, Checkpoints)}): a run directory's {@link RunDirectory#checkpoints()}.
     */
    public static RunResult train(RunSpec given, PreparedData data, List<Callback> callbacks, Checkpoints checkpoints) {
        DataDrivenDefaults.Resolution defaults = DataDrivenDefaults.resolve(given, data);
        Network network = network(defaults.spec(), data);
        return train(given, defaults, network, new LocalExamples(data), callbacks, checkpoints);
    }

    /**
     * Trains {@code network} on {@code examples} held anywhere — this JVM's, or a cluster's — as {@link #train(RunSpec,
     * PreparedData, List, Checkpoints)} does: the spec's early stopping after {@code callbacks}, the gradient-health
     * monitor and the initialization audit on the examples' probes, the test part evaluated once at the end, the
     * model, and the analysis the report shows.
     *
     * @param defaults {@code given}'s {@code auto} options resolved for the data (its spec is the one trained)
     */
    public static RunResult train(RunSpec given, DataDrivenDefaults.Resolution defaults, Network network,
                                  RunExamples examples, List<Callback> callbacks, Checkpoints checkpoints) {
        RunSpec spec = defaults.spec();
        GradientHealth health = GradientHealth.sampling(examples.probeExamples(), GradientHealthConfig.defaults());
        InitializationProbe audit = new InitializationProbe(health);
        List<Callback> all = new ArrayList<>(callbacks);
        spec.training().earlyStopping().value().ifPresent(settings -> all.add(settings.callback()));
        all.add(audit);
        all.add(health);
        Trainer trainer = new Trainer(spec.training().trainConfig(spec.seed()), spec.training().optimizer().create(), all);
        TrainingSet training = examples.training(spec, network);
        RunRecord record = trainer.fit(network, training, examples.dev(training), checkpoints)
                .withData(examples.manifest(), examples.normalizer() == null ? null : examples.normalizer().state())
                .withDefaults(defaults.chosen())
                .withInputs(InputProfile.of(examples.rawExamples(), examples.vectorizer() != null,
                        spec.data().normalize().value().name()));
        PreparedData data = examples.prepared();
        if (data != null && data.initial() != null) {
            record = record.withInitializedFrom(spec.model().initFrom().orElseThrow().toString());
        }
        ClassificationMetrics testMetrics = null;
        if (examples.testSize() > 0) {
            Evaluation testEvaluation = examples.test(training, network, training.size());
            record = record.withEvaluation(testEvaluation);
            if (network.loss().isClassification() && network.loss() instanceof SoftmaxCrossEntropy) {
                testMetrics = ClassificationMetrics.of(examples.testConfusion(training, network));
            }
        }
        ModelBundle model = new ModelBundle(network, examples.normalizer(), examples.classNames(), examples.manifest(),
                examples.vectorizer(), examples.featureNames());
        RunAnalysis analysis = RunAnalysis.of(network, examples.normalizer(), examples.rawExamples(), testMetrics)
                .withHealth(health.report(), audit.report);
        // a diverged run's verdict would judge the weights it fell back to, not the model it was training
        if (network.loss().isClassification() && record.evaluation("dev").isPresent()
                && record.outcome() != TrainingOutcome.DIVERGED) {
            // a spec's options are plumb train's flags and config.yaml's keys: the recipe names those
            analysis = analysis.withBiasVariance(BiasVariance.from(record, spec.diagnostics().bayesError(),
                    BiasVarianceThresholds.DEFAULT, Phrasing.COMMAND_LINE));
        }
        return new RunResult(given, data, record, model, analysis, testMetrics);
    }

    // Augments in pixel space when the inputs are normalized (see InPixelSpace); null without augmentation.
    static Augmenter augmenter(RunSpec spec, PreparedData data) {
        if (spec.training().augment().isNone()) {
            return null;
        }
        Dataset train = data.train();
        return data.normalizer() == null ? new Augmenter(spec.training().augment().create(), train.imageShape(), spec.seed())
                : new Augmenter(spec.training().augment().create(), train.imageShape(), data.normalizer(), spec.seed());
    }

    /** Audits the network when training begins, on the same probe examples the gradient-health monitor uses. */
    private static final class InitializationProbe implements Callback {
        private final GradientHealth health;
        InitializationAuditReport report;

        InitializationProbe(GradientHealth health) {
            this.health = health;
        }

        @Override
        public void onTrainBegin(Network network, TrainConfig config, int batchesPerEpoch) {
            report = InitializationAudit.run(network, health.probeInputs(), health.probeTargets());
        }
    }

    /** Examples held in this JVM: the prepared data's parts, trained on by a {@link LocalTrainingSet}. */
    private record LocalExamples(PreparedData data) implements RunExamples {

        @Override
        public TrainingSet training(RunSpec spec, Network network) {
            TrainConfig config = spec.training().trainConfig(spec.seed());
            return new LocalTrainingSet(data.train().to(network.dtype()), network.dtype(), config.batchSize(),
                    config.shuffle(), config.seed(), augmenter(spec, data));
        }

        @Override
        public ExampleSet dev(TrainingSet training) {
            return data.dev().size() == 0 ? null : ((LocalTrainingSet) training).evaluationSet(data.dev());
        }

        @Override
        public int testSize() {
            return data.test().size();
        }

        @Override
        public Evaluation test(TrainingSet training, Network network, int trainingExamples) {
            return Trainer.evaluate("test", network, data.test(), trainingExamples);
        }

        @Override
        public ConfusionMatrix testConfusion(TrainingSet training, Network network) {
            return ConfusionMatrix.of(data.test().labels(), network.predictClasses(data.test().features()),
                    data.classNames());
        }

        @Override
        public Dataset probeExamples() {
            return data.train();
        }

        @Override
        public Dataset rawExamples() {
            return data.raw().train();
        }

        @Override
        public SplitManifest manifest() {
            return data.raw().manifest();
        }

        @Override
        public Normalizer normalizer() {
            return data.normalizer();
        }

        @Override
        public List<String> classNames() {
            return data.classNames();
        }

        @Override
        public List<String> featureNames() {
            return data.vectorizer() == null ? data.raw().train().featureNames() : List.of();
        }

        @Override
        public TextVectorizer vectorizer() {
            return data.vectorizer();
        }

        @Override
        public PreparedData prepared() {
            return data;
        }
    }
}
