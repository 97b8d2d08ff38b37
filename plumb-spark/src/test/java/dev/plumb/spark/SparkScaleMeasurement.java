package dev.plumb.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.plumb.data.Dataset;
import dev.plumb.data.Split;
import dev.plumb.data.SplitManifest;
import dev.plumb.data.Standardizer;
import dev.plumb.data.io.FashionMnist;

/**
 * A measurement, not part of {@code mvn verify} (it needs Fashion-MNIST and takes a minute): the content-hash split,
 * leakage check and standardizer on the first 20,000 of the Fashion-MNIST training images (784 features) on {@code local[2]}, against the
 * core on one machine. Run:
 * <pre>mvn -B -ntp -o -pl plumb-spark -am test -Dtest=SparkScaleMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dplumb.spark.measure=true</pre>
 */
@EnabledIfSystemProperty(named = "plumb.spark.measure", matches = "true")
class SparkScaleMeasurement {

    private static final int ROWS = 20_000;

    @Test
    void fashionMnistOnLocal2() throws Exception {
        SparkSession spark = LocalSpark.get();
        // the first 20,000 images: the rows pass through this 2 GB test JVM's driver (SparkRows.of) several times over
        Dataset all = FashionMnist.train();
        int[] first = new int[ROWS];
        java.util.Arrays.setAll(first, i -> i);
        Dataset data = all.subset("fashion-mnist[0:" + ROWS + ")", first);
        all = null;
        Split split = new Split(0.98, 0.01, 0.01, 42L, true);
        SparkSplit.assign(split, SparkRows.of(spark, digitsWarmup(), 2)).count(); // class loading and code generation
        long t0 = System.nanoTime();
        Split.Parts local = LocalContentHashSplit.apply(split, data);
        long t1 = System.nanoTime();
        Standardizer core = Standardizer.fit(local.train());
        long t2 = System.nanoTime();
        org.apache.spark.sql.Dataset<Row> rows = SparkRows.of(spark, data, 8).cache();
        rows.count();
        long t3 = System.nanoTime();
        SparkSplit.Parts parts = SparkSplit.apply(split, rows, data.classNames());
        long t4 = System.nanoTime();
        Standardizer distributed = SparkStandardizer.fit(parts);
        long t5 = System.nanoTime();
        SplitManifest m = parts.manifest();
        assertThat(m).isEqualTo(local.manifest());
        double worst = 0;
        double[] a = distributed.std();
        double[] b = core.std();
        for (int j = 0; j < a.length; j++) {
            worst = Math.max(worst, b[j] == 0 ? Math.abs(a[j]) : Math.abs(a[j] - b[j]) / Math.abs(b[j]));
        }
        System.out.printf("MEASURE fashion-mnist " + ROWS + "x784, 8 partitions, local[2]%n"
                        + "MEASURE one machine: content-hash split with leakage check %.2f s, Standardizer.fit %.2f s%n"
                        + "MEASURE Spark: rows into cached partitions %.2f s, SparkSplit.apply (map, manifest, leakage joins) %.2f s, "
                        + "SparkStandardizer.fit %.2f s%n"
                        + "MEASURE parts %d/%d/%d, leakage: %s; worst relative σ difference to the core %.2e%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
                m.part("train").size(), m.part("dev").size(), m.part("test").size(), m.leakage().summary(), worst);
    }

    private static Dataset digitsWarmup() {
        return dev.plumb.data.Digits.load();
    }
}
