package dev.plumb.train;

import dev.plumb.nn.Network;

/**
 * Examples a {@link Trainer} measures a network on — the dev set each epoch, the training set after each epoch —
 * wherever they are held: in this JVM ({@link LocalTrainingSet}), or in partitions on a cluster's executors, where
 * only the sums of losses and errors travel.
 */
public interface ExampleSet {

    /** The data's name, for the run record and messages. */
    String name();

    /** How many examples. */
    int size();

    /** Features per example: the network's inputs. */
    int featureCount();

    /** Target columns per example: the network's outputs. */
    int targetColumns();

    /**
     * Eval-mode cost and error of {@code network} on every example; the weight penalty is scaled by
     * {@code penaltyExamples} (the training set size), so train and dev costs carry the same penalty.
     */
    Evaluation evaluate(String split, Network network, int penaltyExamples);
}
