package dev.plumb.workflow;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import dev.plumb.data.Normalizer;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.io.DataFileException;
import dev.plumb.train.Callback;
import dev.plumb.train.Checkpoints;

/**
 * Training on a cluster instead of in this JVM, provided by a module that brings the cluster's libraries (plumb-spark
 * provides Apache Spark's) and found with {@link ServiceLoader}, so that neither the core nor the command line depends
 * on them. The run is the same as {@link TrainingRun}'s — split without leakage, normalizer fitted on the training part,
 * dev measured each epoch, test once, the same record, model and report — with the examples kept on the cluster.
 */
public interface ClusterTraining {

    /** The engine's name, e.g. "Apache Spark". */
    String name();

    /**
     * Checks {@code master} and {@code mode} without connecting: what a command asks before it takes a run directory.
     *
     * @throws IllegalArgumentException for a master or mode the engine does not accept, saying what it accepts
     */
    void check(String master, String mode);

    /**
     * Connects to the cluster at {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}) to train in
     * {@code mode} (e.g. {@code sync}, {@code average=8}).
     *
     * @throws IllegalArgumentException for a master or mode the engine does not accept, saying what it accepts
     */
    Session connect(String master, String mode);

    /** A connection to a cluster, for one run. */
    interface Session extends AutoCloseable {

        /**
         * Reads the spec's data on the cluster, splits it and fits its normalizer on the training part: what is
         * known of it here is small (the manifest, the normalizer, a description).
         *
         * @throws IllegalArgumentException for options the cluster cannot honour (named, with what to do)
         */
        Prepared prepare(RunSpec spec) throws DataFileException;

        /**
         * Checkpoints kept in {@code location}, a directory the cluster's file systems reach (e.g. {@code hdfs://…},
         * {@code file:///…}): where a driver that may be lost with its machine keeps them.
         */
        Checkpoints checkpoints(String location) throws java.io.IOException;

        @Override
        void close();
    }

    /** Data prepared on the cluster, ready to train on. */
    interface Prepared {

        /** What was loaded, for the console. */
        String description();

        /** The split: sizes, method, classes, leakage check. */
        SplitManifest manifest();

        /** The normalizer fitted on the training part; null when the features are used raw. */
        Normalizer.State normalizer();

        /** The spec's {@code auto} options resolved for this data, and why. */
        DataDrivenDefaults.Resolution defaults(RunSpec spec);

        /**
         * Trains as {@link TrainingRun#train(RunSpec, PreparedData, List, Checkpoints)} does, with the examples on the
         * cluster: the result has no {@link RunResult#data()} (its record keeps the manifest and the normalizer).
         */
        RunResult train(RunSpec spec, List<Callback> callbacks, Checkpoints checkpoints);
    }

    /** The engine on the class path, if any. */
    static Optional<ClusterTraining> find() {
        return ServiceLoader.load(ClusterTraining.class).findFirst();
    }
}
