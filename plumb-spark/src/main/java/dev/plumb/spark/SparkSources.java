package dev.plumb.spark;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import dev.plumb.data.Digits;
import dev.plumb.tensor.DType;
import dev.plumb.workflow.DataOptions;

/** TEMPORARY stand-in until the sources branch lands. */
public final class SparkSources {
    private SparkSources() {
    }

    public record Loaded(org.apache.spark.sql.Dataset<Row> rows, List<String> classNames, List<String> featureNames,
                         String description, String name) {
    }

    public static Loaded load(SparkSession spark, DataOptions options) {
        dev.plumb.data.Dataset d = Digits.load(DType.FLOAT64);
        return new Loaded(SparkRows.of(spark, d, 2), d.classNames(),
                IntStream.range(0, d.featureCount()).mapToObj(i -> "x" + i).toList(), "digits", "digits");
    }
}
