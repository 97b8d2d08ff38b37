package dev.plumb.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;


import java.util.List;
import java.util.Objects;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.storage.StorageLevel;

import dev.plumb.data.LeakageReport;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;

/**
 * A {@link ContentHashSplit} applied to a Spark data frame of {@link SparkRows}: the part of each row by a map on the
 * executors, the manifest (the core's {@link SplitManifest}, method {@value ContentHashSplit#METHOD}) by one aggregate
 * of {@link PartTally}s, and the leakage check by {@link SparkLeakageCheck}'s joins. Nothing proportional to the data
 * reaches the driver: the manifest and up to ten leak examples do.
 */
public final class SparkSplit {

    private SparkSplit() {
    }

    /**
     * The three parts as data frames (columns of {@link SparkRows} plus {@code hash} and {@code part}) and the
     * manifest. The assigned rows are persisted (memory and disk), as every part reads them.
     */
    public record Parts(Dataset<Row> train, Dataset<Row> dev, Dataset<Row> test, SplitManifest manifest) {
    }

    /** Splits {@code rows} (id, label, features) whose labels index {@code classNames}. */
    public static Parts apply(Split split, Dataset<Row> rows, List<String> classNames) {
        Objects.requireNonNull(split, "split");
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("Invalid argument classNames: " + classNames.size()
                    + " classes. Expected at least 2 (plumb-spark splits classification data only so far).");
        }
        Dataset<Row> assigned = assign(split, rows).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> train = part(assigned, ContentHashSplit.TRAIN);
        Dataset<Row> dev = part(assigned, ContentHashSplit.DEV);
        Dataset<Row> test = part(assigned, ContentHashSplit.TEST);
        SparkLeakageCheck.Checked checked = SparkLeakageCheck.check(train, dev, test, split.dropLeaks());
        LeakageReport leakage = checked.report();
        PartTally tally = leakage.removedFromDev() + leakage.removedFromTest() == 0
                ? tally(assigned, classNames.size())
                : tally(train.unionByName(checked.dev()).unionByName(checked.test()), classNames.size());
        if (tally.size(ContentHashSplit.TRAIN) == 0) {
            throw new IllegalArgumentException("Invalid split of " + (tally.size(ContentHashSplit.DEV)
                    + tally.size(ContentHashSplit.TEST)) + " examples: the training part is empty. Use more data or a larger train ratio.");
        }
        SplitManifest manifest = new SplitManifest(ContentHashSplit.METHOD, split.seed(),
                List.of(split.train(), split.dev(), split.test()), split.stratify(), classNames,
                List.of(tally.part(ContentHashSplit.TRAIN), tally.part(ContentHashSplit.DEV), tally.part(ContentHashSplit.TEST)),
                leakage);
        return new Parts(train, checked.dev(), checked.test(), manifest);
    }

    /**
     * The rows with their {@code hash} and {@code part} columns: the assignment alone, lazily (a map, no job), without
     * manifest or leakage check. {@code part(assign(split, rows), ContentHashSplit.TRAIN)} is the training part.
     */
    public static Dataset<Row> assign(Split split, Dataset<Row> rows) {
        ContentHashSplit assign = new ContentHashSplit(split);
        return rows.select(SparkRows.ID, SparkRows.LABEL, SparkRows.FEATURES)
                .map((MapFunction<Row, Row>) r -> {
                    long h = RowHash.features(SparkRows.features(r, 2));
                    return RowFactory.create(r.getLong(0), r.getInt(1), r.get(2), h, assign.partOfHash(h));
                }, Encoders.row(SparkRows.assignedSchema()));
    }

    /** The rows of one part (0 train, 1 dev, 2 test) of assigned rows. */
    public static Dataset<Row> part(Dataset<Row> assigned, int part) {
        return assigned.filter(col(SparkRows.PART).equalTo(lit(part)));
    }

    private static PartTally tally(Dataset<Row> assigned, int classes) {
        return assigned.select(SparkRows.PART, SparkRows.LABEL, SparkRows.HASH).javaRDD()
                .treeAggregate(new PartTally(classes), (t, r) -> t.add(r.getInt(0), r.getInt(1), r.getLong(2)),
                        PartTally::merge);
    }

}
