package dev.plumb.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import dev.plumb.tensor.Matrix;

/**
 * The shape of examples in a Spark data frame: {@code id} (long, the row's number in its source, unique within a
 * data frame; it names the row in leakage reports), {@code label} (int, class index) and {@code features} (array of double). Classification only
 * for now. Columns added on the way: {@code hash} (long, {@link RowHash#features}) and {@code part} (int, 0 train,
 * 1 dev, 2 test).
 */
public final class SparkRows {

    public static final String ID = "id";
    public static final String LABEL = "label";
    public static final String FEATURES = "features";
    public static final String HASH = "hash";
    public static final String PART = "part";

    private SparkRows() {
    }

    /** id, label, features. */
    public static StructType schema() {
        return new StructType()
                .add(ID, DataTypes.LongType, false)
                .add(LABEL, DataTypes.IntegerType, false)
                .add(FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }

    /** id, label, features, hash, part. */
    static StructType assignedSchema() {
        return schema().add(HASH, DataTypes.LongType, false).add(PART, DataTypes.IntegerType, false);
    }

    /**
     * A classification data set of one machine as a data frame in {@code partitions} partitions, row i with id i.
     * For tests and small data: the rows pass through the driver.
     */
    public static Dataset<Row> of(SparkSession spark, dev.plumb.data.Dataset data, int partitions) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("Invalid data " + data.name() + ": a regression data set; plumb-spark splits "
                    + "classification data only so far");
        }
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(RowFactory.create((long) i, data.labels()[i], features(data.features(), i)));
        }
        return spark.createDataFrame(rows, schema()).repartition(partitions);
    }

    /** Row {@code i} of {@code x} in float64. */
    static double[] features(Matrix x, int i) {
        double[] out = new double[x.cols()];
        for (int j = 0; j < out.length; j++) {
            out[j] = x.get(i * out.length + j);
        }
        return out;
    }

    /** The features of a row, the array at {@code column}. */
    static double[] features(Row row, int column) {
        List<Double> values = row.getList(column);
        double[] out = new double[values.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = values.get(j);
        }
        return out;
    }
}
