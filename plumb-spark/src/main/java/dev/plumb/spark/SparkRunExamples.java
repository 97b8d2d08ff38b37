package dev.plumb.spark;

import java.util.List;

import dev.plumb.data.Dataset;
import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.TextVectorizer;
import dev.plumb.eval.ConfusionMatrix;
import dev.plumb.nn.Network;
import dev.plumb.train.Evaluation;
import dev.plumb.train.ExampleSet;
import dev.plumb.train.TrainingSet;
import dev.plumb.workflow.PreparedData;
import dev.plumb.workflow.RunExamples;
import dev.plumb.workflow.RunSpec;

/**
 * A run's examples on Spark, for the core's {@link dev.plumb.workflow.TrainingRun}: the parts as cached blocks
 * ({@link SparkData}), trained on in {@code training}'s mode, plus a bounded sample of training rows — the first by id,
 * raw and normalized — for what the driver computes itself (the gradient-health probes, the initialization audit, the
 * decision boundary's extent).
 */
final class SparkRunExamples implements RunExamples {

    private final SparkData data;
    private final SparkTraining training;
    private final String engine;
    private final Dataset rawSample;
    private final Dataset sample;

    SparkRunExamples(SparkData data, SparkTraining training, String engine, Dataset rawSample) {
        this.data = data;
        this.training = training;
        this.engine = engine;
        this.rawSample = rawSample;
        this.sample = data.normalizer() == null ? rawSample : data.normalizer().transform(rawSample);
    }

    @Override
    public TrainingSet training(RunSpec spec, Network network) {
        return data.trainingSet(network, spec.training().trainConfig(spec.seed()), spec.training().optimizer(), training,
                engine);
    }

    @Override
    public ExampleSet dev(TrainingSet trainingSet) {
        return data.dev((SparkTrainingSet) trainingSet);
    }

    @Override
    public int testSize() {
        return data.manifest().part("test").size();
    }

    @Override
    public Evaluation test(TrainingSet trainingSet, Network network, int trainingExamples) {
        return data.test((SparkTrainingSet) trainingSet).evaluate("test", network, trainingExamples);
    }

    @Override
    public ConfusionMatrix testConfusion(TrainingSet trainingSet, Network network) {
        return data.test((SparkTrainingSet) trainingSet).confusion(network, data.classNames());
    }

    @Override
    public Dataset probeExamples() {
        return sample;
    }

    @Override
    public Dataset rawExamples() {
        return rawSample;
    }

    @Override
    public SplitManifest manifest() {
        return data.manifest();
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
        return rawSample.featureNames();
    }

    @Override
    public TextVectorizer vectorizer() {
        return null;
    }

    @Override
    public PreparedData prepared() {
        return null;
    }
}
