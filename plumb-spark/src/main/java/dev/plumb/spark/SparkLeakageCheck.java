package dev.plumb.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.types.StructType;

import dev.plumb.data.LeakageReport;

/**
 * Exact duplicates across train, dev and test by distributed joins on the row hash ({@link RowHash#features}),
 * each hash match confirmed by comparing the feature arrays, so a hash collision never reports a duplicate —
 * the core's leakage check, on a cluster, reported in the core's {@link LeakageReport}. As in the core: a dev row
 * counts when it equals a train row; a test row counts as "in train" when it equals a train row, else as "in dev"
 * when it equals a dev row. Examples name rows by their {@code id}s: up to ten, the dev ones first, each side in
 * ascending id, each matched to the smallest id it duplicates — so the report does not depend on partitioning.
 */
public final class SparkLeakageCheck {

    private SparkLeakageCheck() {
    }

    /** The report, and dev and test without their duplicates when they were dropped (else as given). */
    public record Checked(Dataset<Row> dev, Dataset<Row> test, LeakageReport report) {
    }

    /**
     * Checks three parts given as data frames of {@link SparkRows} (id, label, features; a {@code hash} column is
     * used when present and computed when not). With {@code dropLeaks}, dev and test lose their duplicates.
     */
    public static Checked check(Dataset<Row> train, Dataset<Row> dev, Dataset<Row> test, boolean dropLeaks) {
        Dataset<Row> tr = hashed(train);
        Dataset<Row> dv = hashed(dev);
        Dataset<Row> te = hashed(test);
        // one frame of every duplicate: (id, of, kind) with kind 0 dev in train, 1 test in train, 2 test in dev only
        Dataset<Row> testInTrain = matches(te, tr);
        Dataset<Row> leaks = matches(dv, tr).withColumn("kind", lit(0))
                .unionByName(testInTrain.withColumn("kind", lit(1)))
                .unionByName(matches(te, dv).join(testInTrain.select(col("id")), "id", "left_anti").withColumn("kind", lit(2)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long[] counts = new long[3];
        for (Row r : leaks.groupBy("kind").count().collectAsList()) {
            counts[r.getInt(0)] = r.getLong(1);
        }
        List<String> examples = new ArrayList<>();
        String[] names = {"dev#%d = train#%d", "test#%d = train#%d", "test#%d = dev#%d"};
        for (Row r : leaks.withColumn("side", col("kind").geq(1)).orderBy("side", "id").limit(10).collectAsList()) {
            examples.add(String.format(names[r.getInt(2)], r.getLong(0), r.getLong(1)));
        }
        Dataset<Row> keptDev = dev;
        Dataset<Row> keptTest = test;
        long removedDev = 0;
        long removedTest = 0;
        if (dropLeaks) {
            keptDev = dev.join(leaks.filter(col("kind").equalTo(0)).select("id"), SparkRows.ID, "left_anti");
            keptTest = test.join(leaks.filter(col("kind").geq(1)).select("id"), SparkRows.ID, "left_anti");
            removedDev = counts[0];
            removedTest = counts[1] + counts[2];
        }
        long nDevInTrain = counts[0];
        long nTestInTrain = counts[1];
        long nTestInDev = counts[2];
        LeakageReport report = new LeakageReport(Math.toIntExact(nDevInTrain), Math.toIntExact(nTestInTrain),
                Math.toIntExact(nTestInDev), Math.toIntExact(removedDev), Math.toIntExact(removedTest), examples);
        return new Checked(keptDev, keptTest, report);
    }

    // id, hash, features of a part; the hash computed on the executors when the frame has none
    private static Dataset<Row> hashed(Dataset<Row> rows) {
        if (List.of(rows.columns()).contains(SparkRows.HASH)) {
            return rows.select(SparkRows.ID, SparkRows.HASH, SparkRows.FEATURES);
        }
        return rows.select(SparkRows.ID, SparkRows.FEATURES).map((MapFunction<Row, Row>) r ->
                        RowFactory.create(r.getLong(0), RowHash.features(SparkRows.features(r, 1)), r.get(1)),
                Encoders.row(new StructType().add(SparkRows.ID, DataTypes.LongType, false)
                        .add(SparkRows.HASH, DataTypes.LongType, false)
                        .add(SparkRows.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), false)));
    }

    /**
     * (id, of): each row of {@code probe} equal to a row of {@code reference}, with the smallest such id. The join is on
     * the hashes alone (id and hash: 16 bytes a row are shuffled, not the features); its pairs, one per duplicate plus
     * any hash collision, are few, so they are broadcast to fetch both rows' features for the confirmation, and
     * neither part's features are shuffled. Needs ids unique within each part.
     */
    private static Dataset<Row> matches(Dataset<Row> probe, Dataset<Row> reference) {
        Dataset<Row> pairs = probe.select(col(SparkRows.ID).as("id"), col(SparkRows.HASH).as("h"))
                .join(reference.select(col(SparkRows.ID).as("ref_id"), col(SparkRows.HASH).as("ref_h")),
                        col("h").equalTo(col("ref_h")))
                .select("id", "ref_id");
        Dataset<Row> withProbe = probe.select(col(SparkRows.ID).as("id"), col(SparkRows.FEATURES).as("f"))
                .join(broadcast(pairs), "id");
        return reference.select(col(SparkRows.ID).as("ref_id"), col(SparkRows.FEATURES).as("ref_f"))
                .join(broadcast(withProbe), "ref_id")
                .filter(col("f").equalTo(col("ref_f")))
                .groupBy("id").agg(min("ref_id").as("of"))
                .select(col("id"), col("of"));
    }
}
