package dev.plumb.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import dev.plumb.data.Standardizer;

/**
 * The core's {@link Standardizer}, fitted on Spark: each partition computes its rows' count, mean and M2 per
 * feature ({@link Moments#of}, two passes as the core does); the driver merges the partitions' statistics in partition
 * order ({@link Moments#merge}, derived there) into μ and the population σ = √(M2/n) — three numbers per feature per
 * partition reach it, never rows. The result is an ordinary {@link Standardizer}
 * ({@link Standardizer#of}): saved, loaded and applied as one fitted on one machine.
 */
public final class SparkStandardizer {

    private SparkStandardizer() {
    }

    /** Fits on the training part of a split: dev and test never enter. */
    public static Standardizer fit(SparkSplit.Parts parts) {
        return fitTrainingRows(parts.train());
    }

    /**
     * Fits on {@code trainingRows}, a data frame with a {@code features} column that holds training rows only
     * (the caller's promise; {@link #fit(SparkSplit.Parts)} keeps it by construction).
     */
    public static Standardizer fitTrainingRows(Dataset<Row> trainingRows) {
        // one (count, mean, M2) per partition to the driver, merged there in partition order: the same statistics to
        // the last bit on every run (a resumed run checks them against its start), where a tree's merge order would
        // follow the tasks' finishing order
        List<Moments> partitions = trainingRows.select(SparkRows.FEATURES).javaRDD()
                .mapPartitions((FlatMapFunction<Iterator<Row>, Moments>) rows -> {
                    List<double[]> buffered = new ArrayList<>();
                    rows.forEachRemaining(r -> buffered.add(SparkRows.features(r, 0)));
                    return List.of(Moments.of(buffered)).iterator();
                })
                .collect();
        Moments all = partitions.get(0);
        for (int p = 1; p < partitions.size(); p++) {
            all = Moments.merge(all, partitions.get(p));
        }
        if (all.count == 0) {
            throw new IllegalArgumentException("Invalid argument trainingRows: no rows; a standardizer needs at least one to fit");
        }
        return Standardizer.of(all.mean, all.std());
    }
}
