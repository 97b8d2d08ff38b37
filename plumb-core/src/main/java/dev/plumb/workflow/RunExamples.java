package dev.plumb.workflow;

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

/**
 * A run's split and normalized examples as {@link TrainingRun#train} uses them, wherever they are held: in this JVM
 * ({@link PreparedData}) or in partitions on a cluster, where a step or an evaluation runs beside the data and only
 * small things — sums, a confusion matrix, a few hundred sample rows — reach the driver.
 */
public interface RunExamples {

    /** The training part, to train {@code network} with {@code spec}'s batch size, seed and augmentation. */
    TrainingSet training(RunSpec spec, Network network);

    /** The dev part (measured by the same means as {@code training}); null or empty for none. */
    ExampleSet dev(TrainingSet training);

    /** The test part's size. */
    int testSize();

    /** Eval-mode cost and error on the test part, the weight penalty scaled by {@code trainingExamples}. */
    Evaluation test(TrainingSet training, Network network, int trainingExamples);

    /** The test part's confusion matrix. */
    ConfusionMatrix testConfusion(TrainingSet training, Network network);

    /** Normalized training examples the gradient-health monitor and the initialization audit probe (all, or a sample). */
    Dataset probeExamples();

    /** Training examples before normalization (all, or a sample), for the decision boundary of 2-feature data. */
    Dataset rawExamples();

    SplitManifest manifest();

    /** Fitted on the training part; null for raw features. */
    Normalizer normalizer();

    List<String> classNames();

    /** The features' names (empty for text, whose features are the vectorizer's terms). */
    List<String> featureNames();

    /** The text vectorizer; null for numeric features. */
    TextVectorizer vectorizer();

    /** The data held in this JVM, for what needs all of it (a gradient check); null when it is held elsewhere. */
    PreparedData prepared();
}
