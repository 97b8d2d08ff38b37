package dev.plumb.spark;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.plumb.data.LeakageReport;
import scala.Tuple2;

/**
 * Exact duplicates across train, dev and test, found on a cluster and reported in the core's {@link LeakageReport}.
 * As in the core: a dev row counts when it equals a train row; a test row counts as "in train" when it equals a train
 * row, else as "in dev" when it equals a dev row. Examples name rows by their {@code id}s: up to ten, the dev ones
 * first, then the test ones, each side in ascending id, each matched to the smallest id it duplicates — so the report
 * does not depend on partitioning.
 *
 * <p>Two passes. First, each row's content hash ({@link RowHash#features}) with a bit for its part is reduced by hash
 * (12 bytes a row are shuffled, never the features): the hashes seen in more than one part are the candidates — as
 * many as there are duplicated contents, plus any hash collision, so few. Second, only when there are candidates, the
 * rows with those hashes (and only those) come to the driver, which confirms each match by comparing the feature
 * arrays, so a hash collision never reports a duplicate. A clean split costs one small shuffle.
 */
public final class SparkLeakageCheck {

    private static final int TRAIN = 0;
    private static final int DEV = 1;
    private static final int TEST = 2;

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
        List<Dataset<Row>> parts = List.of(hashed(train), hashed(dev), hashed(test));
        JavaPairRDD<Long, Integer> partsOfHash = null;
        for (int p = 0; p < 3; p++) {
            int bit = 1 << p;
            JavaPairRDD<Long, Integer> bits = parts.get(p).select(SparkRows.HASH).javaRDD()
                    .mapToPair(r -> new Tuple2<>(r.getLong(0), bit));
            partsOfHash = partsOfHash == null ? bits : partsOfHash.union(bits);
        }
        Set<Long> candidates = new HashSet<>(partsOfHash.reduceByKey((a, b) -> a | b)
                .filter(t -> Integer.bitCount(t._2()) > 1).keys().collect());
        if (candidates.isEmpty()) {
            return new Checked(dev, test, new LeakageReport(0, 0, 0, 0, 0, List.of()));
        }
        List<List<Candidate>> rows = new ArrayList<>();
        for (Dataset<Row> part : parts) {
            rows.add(part.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> candidates.contains(r.getLong(1)))
                    .collectAsList().stream().map(r -> new Candidate(r.getLong(0), r.getLong(1), SparkRows.features(r, 2)))
                    .toList());
        }
        Map<Long, Long> devInTrain = matches(rows.get(DEV), rows.get(TRAIN));
        Map<Long, Long> testInTrain = matches(rows.get(TEST), rows.get(TRAIN));
        Map<Long, Long> testInDev = matches(rows.get(TEST), rows.get(DEV));
        testInDev.keySet().removeAll(testInTrain.keySet());
        List<String> examples = new ArrayList<>();
        devInTrain.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> examples.add("dev#" + e.getKey() + " = train#" + e.getValue()));
        List<Map.Entry<Long, String>> testSide = new ArrayList<>();
        testInTrain.forEach((id, of) -> testSide.add(Map.entry(id, "test#" + id + " = train#" + of)));
        testInDev.forEach((id, of) -> testSide.add(Map.entry(id, "test#" + id + " = dev#" + of)));
        testSide.sort(Map.Entry.comparingByKey());
        testSide.forEach(e -> examples.add(e.getValue()));
        Dataset<Row> keptDev = dev;
        Dataset<Row> keptTest = test;
        int removedDev = 0;
        int removedTest = 0;
        if (dropLeaks) {
            Set<Long> dropDev = new HashSet<>(devInTrain.keySet());
            Set<Long> dropTest = new HashSet<>(testInTrain.keySet());
            dropTest.addAll(testInDev.keySet());
            keptDev = without(dev, dropDev);
            keptTest = without(test, dropTest);
            removedDev = dropDev.size();
            removedTest = dropTest.size();
        }
        LeakageReport report = new LeakageReport(devInTrain.size(), testInTrain.size(), testInDev.size(), removedDev,
                removedTest, examples.subList(0, Math.min(10, examples.size())));
        return new Checked(keptDev, keptTest, report);
    }

    /** A row whose hash is a candidate: its id, hash and features. */
    private record Candidate(long id, long hash, double[] features) {
    }

    // each probe row equal to a reference row, with the smallest such reference id
    private static Map<Long, Long> matches(List<Candidate> probe, List<Candidate> reference) {
        Map<Long, List<Candidate>> byHash = new HashMap<>();
        for (Candidate c : reference) {
            byHash.computeIfAbsent(c.hash(), h -> new ArrayList<>()).add(c);
        }
        Map<Long, Long> found = new HashMap<>();
        for (Candidate p : probe) {
            byHash.getOrDefault(p.hash(), List.of()).stream()
                    .filter(r -> Arrays.equals(r.features(), p.features()))
                    .map(Candidate::id).min(Comparator.naturalOrder())
                    .ifPresent(of -> found.put(p.id(), of));
        }
        return found;
    }

    // the rows whose ids are not in drop (a small set, shipped in the closure)
    private static Dataset<Row> without(Dataset<Row> rows, Set<Long> drop) {
        return rows.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r ->
                !drop.contains(r.getLong(r.fieldIndex(SparkRows.ID))));
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
}
