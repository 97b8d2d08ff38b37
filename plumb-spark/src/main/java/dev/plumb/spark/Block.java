package dev.plumb.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import dev.plumb.data.Dataset;
import dev.plumb.data.Standardizer;
import dev.plumb.tensor.DType;
import dev.plumb.tensor.Matrix;

/**
 * The examples of one partition as a Plumb {@link Dataset}, normalized and in the network's precision, built and kept
 * in memory on the executor that holds the partition: what every step and evaluation reads. Its rows are in the order
 * of their ids, so a block is the same whichever executor builds it and however many times (a lost executor's blocks
 * are rebuilt by Spark from their lineage: read, split, normalize).
 *
 * @param partition the partition's index
 * @param data      its examples (may be empty: a partition can hold no example of a part)
 */
record Block(int partition, Dataset data) {

    /**
     * The blocks of {@code rows} (columns of {@link SparkRows}), one per partition, cached in memory. Nothing but the
     * normalizer's statistics (in the closure) travels from the driver.
     *
     * @param featureCount features per row
     * @param mean the standardizer's μ, or null to leave the features raw
     * @param std  its σ (with {@code mean})
     */
    static JavaRDD<Block> of(org.apache.spark.sql.Dataset<Row> rows, String name, List<String> classNames,
                             int featureCount, double[] mean, double[] std, DType dtype) {
        Function2<Integer, Iterator<Row>, Iterator<Block>> build = (partition, it) ->
                List.of(new Block(partition, dataset(it, name, classNames, featureCount, mean, std, dtype))).iterator();
        return rows.select(SparkRows.ID, SparkRows.LABEL, SparkRows.FEATURES)
                .sortWithinPartitions(SparkRows.ID)
                .javaRDD()
                .mapPartitionsWithIndex(build, true)
                .persist(StorageLevel.MEMORY_ONLY());
    }

    private static Dataset dataset(Iterator<Row> rows, String name, List<String> classNames, int cols, double[] mean,
                                   double[] std, DType dtype) {
        List<double[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            double[] x = SparkRows.features(r, 2);
            if (x.length != cols) {
                throw new IllegalArgumentException("Invalid row " + r.getLong(0) + " of " + name + ": " + x.length
                        + " features, but the others have " + cols);
            }
            features.add(x);
            labels.add(r.getInt(1));
        }
        int n = features.size();
        double[] flat = new double[n * cols];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features.get(i), 0, flat, i * cols, cols);
            y[i] = labels.get(i);
        }
        Matrix x = Matrix.fromRowMajor(DType.FLOAT64, n, cols, flat);
        Dataset data = Dataset.classification(name, x, y, classNames);
        if (mean != null) {
            data = Standardizer.of(mean, std).transform(data);
        }
        return data.to(dtype);
    }

    int size() {
        return data.size();
    }
}
